from django.urls import path

from .views import public, staff

app_name = "recognition"
urlpatterns = [
    path("", public.route, name="route"),
    path("solicitar/", public.apply, name="apply"),
    path("solicitud-enviada/", public.submitted, name="submitted"),
    path("seguimiento/", public.track, name="track"),
    path("gestion/", staff.queue, name="queue"),
    path("gestion/solicitudes/<int:pk>/", staff.detail, name="detail"),
    path("gestion/solicitudes/<int:pk>/archivo/", staff.certificate_file, name="file"),
    path("gestion/sistemas/", staff.systems, name="systems"),
    path("gestion/sistemas/nuevo/", staff.system_form, name="system_new"),
    path("gestion/sistemas/<int:pk>/", staff.system_form, name="system_edit"),
    path("gestion/equivalencias/nueva/", staff.equivalence_form, name="equivalence_new"),
    path("gestion/equivalencias/<int:pk>/", staff.equivalence_form, name="equivalence_edit"),
]
