"""The holder's space, at Spanish addresses (the page itself follows the language
switch, like every other)."""

from django.urls import path

from . import views

app_name = "holders"
urlpatterns = [
    path("mi-registro/", views.home, name="home"),
    path("mi-registro/entrar/", views.sign_in, name="sign_in"),
    path("mi-registro/entrar/codigo/", views.sign_in_code, name="sign_in_code"),
    path("mi-registro/entrar/<str:token>/", views.open_link, name="open_link"),
    path("mi-registro/confirmar-correo/<str:token>/", views.confirm_email,
         name="confirm_email"),
    path("mi-registro/salir/", views.sign_out, name="sign_out"),
    path("mi-registro/renap/", views.registry_choice, name="registry_choice"),
    path("mi-registro/certificados/<str:folio>/", views.certificate, name="certificate"),
    path("mi-registro/certificados/<str:folio>/pdf/", views.certificate_pdf,
         name="certificate_pdf"),
    path("mi-registro/certificados/<str:folio>/credencial/", views.credential,
         name="credential"),
    path("mi-registro/certificados/<str:folio>/linkedin/", views.linkedin, name="linkedin"),
    path("mi-registro/certificados/<str:folio>/compartir/", views.create_share_link,
         name="create_share_link"),
    path("mi-registro/certificados/<str:folio>/correccion/", views.request_correction,
         name="request_correction"),
    path("mi-registro/avisos/", views.subscription, name="subscription"),
    path("mi-registro/enlaces/<int:pk>/revocar/", views.revoke_share_link,
         name="revoke_share_link"),
    path("compartido/<str:token>/", views.shared, name="shared"),
    path("candidatos/<int:pk>/acceso/", views.candidate_access, name="candidate_access"),
]
