from django.urls import path

from . import views_qualifications as views

app_name = "qualifications"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("nueva/", views.create, name="create"),
    path("niveles/", views.levels, name="levels"),
    path("niveles/editar/", views.edit_levels, name="edit_levels"),
    path("<str:code>/", views.detail, name="detail"),
]
