from django.urls import path

from . import views

app_name = "certification"
urlpatterns = [
    path("verificar/", views.verify, name="verify"),
    path("verificar/<str:folio>/", views.verify_folio, name="verify_folio"),
]
