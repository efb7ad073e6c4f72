from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("organismo/<int:pk>/", views.body, name="body"),
    path("organismo/<int:pk>/<slug:key>.csv", views.body_csv, name="body_csv"),
    path("centro/<int:pk>/", views.centre, name="centre"),
    path("centro/<int:pk>/<slug:key>.csv", views.centre_csv, name="centre_csv"),
    path("comite/<int:pk>/", views.lead_body, name="lead_body"),
    path("comite/<int:pk>/<slug:key>.csv", views.lead_body_csv, name="lead_body_csv"),
    path("conocer/", views.conocer, name="conocer"),
    path("conocer/exportar/", views.conocer_exports, name="conocer_exports"),
    path("conocer/<slug:key>.csv", views.conocer_csv, name="conocer_csv"),
]
