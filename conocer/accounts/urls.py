from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dos-pasos/", views.two_factor, name="two_factor"),
    path("dos-pasos/activar/", views.start_enrolment, name="start_enrolment"),
    path("dos-pasos/confirmar/", views.enrol, name="enrol"),
    path("dos-pasos/verificar/", views.verify, name="verify"),
    path("dos-pasos/codigos/", views.recovery_codes, name="recovery_codes"),
    path("sesion/", views.keepalive, name="keepalive"),
]
