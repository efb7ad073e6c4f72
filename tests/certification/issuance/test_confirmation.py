"""Irreversible issuance actions ask first: a POST without `confirmed` (what a browser
without JavaScript sends) answers the confirmation page, with the consequence in words
and everything typed carried on, and performs nothing; a GET of the action shows the
same page. With `confirmed=yes` the action is performed."""

import pytest

from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.services import requests
from tests.factories import CertificateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_queue")]


@pytest.fixture
def issued(submitted_request, reviewer):
    return requests.approve_request(actor=reviewer, request_id=submitted_request.pk)


def hidden(response, name, value) -> bool:
    return f'type="hidden" name="{name}" value="{value}"' in response.text


def test_approving_without_confirmation_shows_the_consequence_and_issues_nothing(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/aprobar/")
    assert response.status_code == 200
    assert "No se puede deshacer" in response.text
    assert hidden(response, "confirmed", "yes")
    assert not Certificate.objects.exists()


def test_approving_with_confirmation_issues_the_certificate(client, submitted_request,
                                                            reviewer):
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/aprobar/",
                           {"confirmed": "yes"})
    assert response.status_code == 302
    assert Certificate.objects.filter(request=submitted_request).exists()


def test_opening_an_action_with_get_asks_and_performs_nothing(client, submitted_request,
                                                              reviewer):
    client.force_login(reviewer)
    response = client.get(f"/solicitudes/{submitted_request.pk}/aprobar/",
                          {"confirmed": "yes"})
    assert response.status_code == 200
    assert not Certificate.objects.exists()


def test_bulk_approval_without_confirmation_carries_the_selection_and_issues_nothing(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/", {"request": [submitted_request.pk]})
    assert response.status_code == 200
    assert hidden(response, "request", submitted_request.pk)
    assert not Certificate.objects.exists()


def test_rejecting_without_confirmation_keeps_the_reason_and_rejects_nothing(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/rechazar/",
                           {"reason": "Falta la evidencia del módulo 2"})
    assert "Falta la evidencia del módulo 2" in response.text
    assert "vuelve al centro" in response.text
    submitted_request.refresh_from_db()
    assert submitted_request.status == CertificateRequest.Status.SUBMITTED


def test_a_confirmed_rejection_without_a_reason_comes_back_with_the_field_error(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/rechazar/",
                           {"reason": "", "confirmed": "yes"})
    assert response.status_code == 200
    assert 'class="field-error"' in response.text
    submitted_request.refresh_from_db()
    assert submitted_request.status == CertificateRequest.Status.SUBMITTED


def test_a_confirmed_rejection_sends_the_request_back_with_the_reason(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    client.post(f"/solicitudes/{submitted_request.pk}/rechazar/",
                {"reason": "Falta evidencia", "confirmed": "yes"})
    submitted_request.refresh_from_db()
    assert (submitted_request.status, submitted_request.rejection_reason) == (
        "rejected", "Falta evidencia")


@pytest.mark.parametrize(("status", "words"), [("revoked", "lo verá revocado"),
                                               ("cancelled", "lo verá cancelado")])
def test_withdrawing_without_confirmation_states_the_consequence_and_keeps_the_reason(
        client, issued, body_admin, status, words):
    client.force_login(body_admin)
    response = client.post(f"/certificados/{issued.folio}/retirar/",
                           {"status": status, "reason": "Documento apócrifo"})
    assert words in response.text and issued.folio in response.text
    assert "Documento apócrifo" in response.text and hidden(response, "status", status)
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.VALID


def test_a_confirmed_revocation_revokes_with_the_reason(client, issued, body_admin):
    client.force_login(body_admin)
    client.post(f"/certificados/{issued.folio}/retirar/",
                {"status": "revoked", "reason": "Documento apócrifo", "confirmed": "yes"})
    issued.refresh_from_db()
    assert (issued.status, issued.status_reason) == ("revoked", "Documento apócrifo")


def test_reissuing_without_confirmation_keeps_the_corrected_name_and_issues_nothing(
        client, issued, body_admin):
    client.force_login(body_admin)
    response = client.post(f"/certificados/{issued.folio}/reexpedir/", {
        "reason": "Error en el nombre", "given_names": "Begoña Itzel",
        "first_surname": "Núñez", "second_surname": "Peña"})
    assert "Begoña Itzel" in response.text
    assert Certificate.objects.count() == 1


def test_a_confirmed_reissue_replaces_the_certificate(client, issued, body_admin):
    client.force_login(body_admin)
    client.post(f"/certificados/{issued.folio}/reexpedir/", {
        "reason": "Error en el nombre", "given_names": "Begoña Itzel",
        "first_surname": "Núñez", "second_surname": "Peña", "confirmed": "yes"})
    issued.refresh_from_db()
    assert issued.replaced_by is not None


def test_the_confirmation_page_asks_only_those_who_may_act(client, reviewer):
    certificate = CertificateFactory()
    client.force_login(reviewer)
    assert client.get(f"/certificados/{certificate.folio}/retirar/").status_code == 404


def test_approve_and_open_the_next_opens_the_oldest_other_waiting_request(
        client, submitted_request, reviewer, centre, standard, assessor_user):
    from tests.certification.issuance.test_requests import waiting_requests

    waiting_requests(2, centre=centre, standard=standard, assessor_user=assessor_user)
    following = CertificateRequest.objects.exclude(pk=submitted_request.pk).order_by(
        "requested_at", "pk").first()
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/aprobar/",
                           {"then": "next", "confirmed": "yes"})
    assert response.url == f"/solicitudes/{following.pk}/"


def test_approve_and_open_the_next_returns_to_the_queue_when_none_is_left(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/solicitudes/{submitted_request.pk}/aprobar/",
                           {"then": "next", "confirmed": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == "/solicitudes/"
    assert "No quedan solicitudes" in response.text
