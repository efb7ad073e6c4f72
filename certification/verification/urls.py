"""Public verification. The addresses printed on certificates (and signed into their
credentials) are laid out in trust.claims, so they are taken from there."""

from django.urls import path

from certification.trust.claims import CREDENTIAL_PATH, QR_PATH, STATUS_LIST_PATH, VERIFY_PATH

from . import views

FOLIO = "<str:folio>"

app_name = "verification"
urlpatterns = [
    path("verificar/", views.verify, name="verify"),
    path("verificar/documento/", views.document_check, name="document_check"),
    path("verificar/persona/", views.holder_lookup, name="holder_lookup"),
    path(STATUS_LIST_PATH, views.status_list, name="status_list"),
    path(VERIFY_PATH.format(folio=FOLIO), views.verify_folio, name="verify_folio"),
    path(VERIFY_PATH.format(folio=FOLIO) + "pdf/", views.public_pdf, name="public_pdf"),
    path(CREDENTIAL_PATH.format(folio=FOLIO), views.credential, name="credential"),
    path(QR_PATH.format(token="<str:token>"), views.scanned,  # noqa: S106 (a URL part)
         name="scanned"),
    path(".well-known/registry-keys.json", views.registry_keys, name="registry_keys"),
    path(".well-known/did.json", views.did_document, name="did_document"),
]
