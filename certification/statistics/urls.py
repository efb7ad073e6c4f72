from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("estadisticas/", views.dashboard, name="dashboard"),
    path("estadisticas/<slug:key>.csv", views.table_csv, name="table_csv"),
    path("datos-abiertos/", views.open_data, name="open_data"),
    # Before the datasets' pattern, which would take "catalogo" for a slug.
    path("datos-abiertos/catalogo.json", views.data_catalogue, name="data_catalogue"),
    path("datos-abiertos/<slug:slug>.csv", views.dataset_csv, name="dataset_csv"),
    path("datos-abiertos/<slug:slug>.json", views.dataset_json, name="dataset_json"),
]
