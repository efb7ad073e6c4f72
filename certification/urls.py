from django.urls import path

from . import views

app_name = "certification"
urlpatterns = [
    path("verificar/", views.verify, name="verify"),
    path("verificar/<str:folio>/", views.verify_folio, name="verify_folio"),
    path("solicitudes/", views.requests, name="requests"),
    path("organismos/gestion/<int:pk>/acreditar-evaluador/", views.accredit_assessor,
         name="accredit_assessor"),
]
