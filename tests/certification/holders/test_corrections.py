"""The holder's side of corrections (decided by the awarding body in issuance) and of
the notices about their standards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.issuance.models import Certificate, CorrectionRequest
from certification.issuance.selectors import holder_subscriptions
from conocer.core.models import AuditEvent

from .conftest import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(holder):
    return Certificate.objects.filter(holder=holder).first()


def ask(client, holder, certificate, **typed):
    sign_in_as(client, holder)
    data = {"given_names": holder.given_names, "first_surname": holder.first_surname,
            "second_surname": holder.second_surname, "id_document": holder.curp,
            "birth_date": holder.birth_date.isoformat(), "reason": "Falta un acento.",
            **typed}
    return client.post(reverse("holders:request_correction", args=[certificate.folio]), data)


def test_a_correction_request_reaches_the_issuing_body(client, holder, certificate):
    response = ask(client, holder, certificate, given_names="Xóchitl Guadalupe",
                   attachment=SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta",
                                                 content_type="application/pdf"))
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.awarding_body_id == certificate.awarding_body_id
    assert correction.changes == {"given_names": "Xóchitl Guadalupe"}
    assert correction.attachment
    assert AuditEvent.objects.filter(action="correction.requested").count() == 1


def test_the_holder_sees_their_request_and_its_status(client, holder, certificate):
    ask(client, holder, certificate, first_surname="Ibañez")
    page = client.get(reverse("holders:certificate", args=[certificate.folio]))
    assert list(page.context["corrections"]) == list(CorrectionRequest.objects.all())
    assert "Ibáñez" in client.get(reverse("holders:home")).content.decode()


def test_asking_for_nothing_new_is_a_form_error_not_a_request(client, holder, certificate):
    response = ask(client, holder, certificate)
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not CorrectionRequest.objects.exists()


def test_an_impossible_birth_date_is_a_field_error(client, holder, certificate):
    response = ask(client, holder, certificate, birth_date="2999-01-01")
    assert response.status_code == 400 and "birth_date" in response.context["form"].errors


def test_a_malformed_curp_is_an_error_next_to_the_identity_field(client, holder, certificate):
    response = ask(client, holder, certificate, id_document="NOESUNACURP")
    assert response.status_code == 400 and "id_document" in response.context["form"].errors


def test_a_file_that_is_not_a_document_is_a_field_error(client, holder, certificate):
    response = ask(client, holder, certificate, first_surname="Ibañez",
                   attachment=SimpleUploadedFile("x.exe", b"MZ\x90\x00binario",
                                                 content_type="application/octet-stream"))
    assert response.status_code == 400 and "attachment" in response.context["form"].errors


def test_no_holder_can_ask_to_correct_anothers_certificate(client, holder, other_holder):
    theirs = Certificate.objects.get(holder=other_holder)
    response = ask(client, holder, theirs, first_surname="Otro")
    assert response.status_code == 404 and not CorrectionRequest.objects.exists()


def test_a_holder_turns_off_the_notices_of_a_standard(client, holder, certificate):
    sign_in_as(client, holder)
    client.post(reverse("holders:subscription"),
                {"standard": certificate.standard_id, "subscribed": "no"})
    held = {h.standard.pk: h.subscribed for h in holder_subscriptions(holder)}
    assert held[certificate.standard_id] is False
    assert AuditEvent.objects.filter(action="holder.notices_turned_off").count() == 1


def test_a_standard_they_hold_no_certificate_in_is_refused_without_an_error_page(
        client, holder):
    sign_in_as(client, holder)
    response = client.post(reverse("holders:subscription"),
                           {"standard": 999999, "subscribed": "no"}, follow=True)
    assert response.status_code == 200


def test_dates_in_the_form_are_checked(client, holder, certificate):
    response = ask(client, holder, certificate, birth_date="31/02/1990")
    assert response.status_code == 400 and "birth_date" in response.context["form"].errors
