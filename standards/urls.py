from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("inactivos/", views.dormant, name="dormant"),
    path("en-elaboracion/", views.work_in_progress, name="work_in_progress"),
    path("nuevo/", views.create, name="create"),
    path("avisos/confirmar/<str:token>/", views.confirm_subscription,
         name="confirm_subscription"),
    path("avisos/baja/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/editar/", views.edit, name="edit"),
    path("<str:code>/nueva-version/", views.new_version, name="new_version"),
    path("<str:code>/avisos/", views.subscribe, name="subscribe"),
    path("<str:code>/unidades/nueva/", views.unit, name="unit_create"),
    path("<str:code>/unidades/<int:unit_id>/", views.unit, name="unit_edit"),
    path("<str:code>/unidades/<int:unit_id>/eliminar/", views.delete_unit, name="unit_delete"),
    path("<str:code>/acciones/<slug:name>/", views.transition, name="transition"),
]
