from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from certification.issuance.models import Certificate
from certification.issuance.services import certificates as services
from certification.issuance.services import requests
from certification.issuance.tasks import render_certificate_pdf
from certification.trust import qr, signing
from conocer.core.errors import PermissionDenied, ServiceError
from tests.factories import CertificateFactory, StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(submitted_request, reviewer):
    """An issued certificate whose PDF has not been rendered yet."""
    return requests.approve_request(actor=reviewer, request_id=submitted_request.pk)


def test_the_issuing_body_revokes_a_certificate_with_a_reason(issued, body_admin):
    services.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                  status="revoked", reason="Suplantación de identidad.")
    issued.refresh_from_db()
    assert (issued.status, issued.status_reason) == ("revoked", "Suplantación de identidad.")
    assert issued.status_changed_at is not None
    issued.standard.refresh_from_db()
    assert issued.standard.certified_count == 0


def test_a_certificate_is_cancelled_only_with_a_reason(issued, body_admin):
    with pytest.raises(ValidationError):
        services.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                      status="cancelled", reason="")


def test_a_reviewer_or_another_body_cannot_revoke(issued, reviewer, other_reviewer):
    for actor in (reviewer, other_reviewer):
        with pytest.raises(PermissionDenied):
            services.withdraw_certificate(actor=actor, certificate_id=issued.pk,
                                          status="revoked", reason="x")


def test_a_corrected_reissue_replaces_the_old_certificate(issued, body_admin):
    new = services.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                       reason="Error en el segundo apellido.",
                                       corrections={"second_surname": "Peñaloza"})
    issued.refresh_from_db()
    assert issued.status == "replaced"
    assert issued.replaced_by == new
    assert new.folio != issued.folio and new.status == "valid"
    assert new.facts.holder_name == "Begoña Núñez Peñaloza"
    assert issued.facts.holder_name == "Begoña Núñez Peña"  # the old one, as it was issued


def test_a_corrected_name_leaves_the_persons_other_certificates_as_issued(
        issued, body_admin, submitted_request):
    person = submitted_request.assessment.person
    elsewhere = CertificateFactory(holder=person, standard=StandardFactory(code="EC0301"))
    services.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                 reason="Error en el segundo apellido.",
                                 corrections={"second_surname": "Peñaloza"})
    person.refresh_from_db()
    assert person.full_name == "Begoña Núñez Peñaloza"  # the national record, corrected
    elsewhere = Certificate.objects.get(pk=elsewhere.pk)
    assert elsewhere.facts.holder_name == "Begoña Núñez Peña"
    keys = signing.keys_from_jwks(signing.jwks())
    assert qr.verify(elsewhere.qr_token, keys).holder_name == "Begoña Núñez Peña"


def test_the_public_page_of_a_replaced_certificate_names_its_replacement(client, issued,
                                                                         body_admin):
    new = services.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                       reason="Corrección del nombre.")
    body = client.get(f"/verificar/{issued.folio}/").text
    assert new.folio in body


def test_a_replaced_certificate_cannot_be_revoked_or_reissued_again(issued, body_admin):
    services.reissue_certificate(actor=body_admin, certificate_id=issued.pk, reason="x")
    with pytest.raises(ServiceError):
        services.reissue_certificate(actor=body_admin, certificate_id=issued.pk, reason="y")


def test_staff_see_every_step_of_the_certificate_on_its_page(client, issued, body_admin):
    services.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                  status="revoked", reason="Evidencia falsa.")
    client.force_login(body_admin)
    body = client.get(f"/certificados/{issued.folio}/").text
    for step in ["Evaluación iniciada", "Evaluación enviada", "Certificado solicitado",
                 "Solicitud aprobada", "Certificado emitido", "Certificado revocado"]:
        assert step in body, step
    assert "certificate.revoked" not in body  # the steps are named in words, not codes


def test_a_certificate_page_is_not_shown_to_another_body(client, issued, other_reviewer):
    client.force_login(other_reviewer)
    assert client.get(f"/certificados/{issued.folio}/").status_code == 404


def test_the_pdf_task_stores_the_pdf_and_its_hash(issued):
    digest = render_certificate_pdf.delay(issued.pk).get()
    issued.refresh_from_db()
    assert issued.pdf_sha256 == digest and len(digest) == 64
    assert issued.pdf.read()[:5] == b"%PDF-"


def test_running_the_pdf_task_twice_leaves_one_pdf(issued):
    render_certificate_pdf.delay(issued.pk).get()
    issued.refresh_from_db()
    first = (issued.pdf.name, issued.pdf_sha256)
    render_certificate_pdf.delay(issued.pk).get()
    issued.refresh_from_db()
    assert (issued.pdf.name, issued.pdf_sha256) == first
    _dirs, files = default_storage.listdir("certificates")
    assert files == [f"{issued.folio}.pdf"]


def test_a_lost_pdf_is_rendered_again(issued):
    render_certificate_pdf.delay(issued.pk).get()
    issued.refresh_from_db()
    default_storage.delete(issued.pdf.name)
    render_certificate_pdf.delay(issued.pk).get()
    assert default_storage.exists(f"certificates/{issued.folio}.pdf")


def test_a_failed_rendering_is_retried_with_back_off(issued):
    from celery.exceptions import Retry

    render_certificate_pdf.push_request(retries=0, is_eager=False, called_directly=False)
    try:
        with mock.patch("certification.issuance.pdf.render_certificate_pdf",
                        side_effect=OSError("disk full")), \
                mock.patch.object(render_certificate_pdf, "retry",
                                  side_effect=Retry()) as retry, pytest.raises(Retry):
            render_certificate_pdf.run(issued.pk)
    finally:
        render_certificate_pdf.pop_request()
    assert isinstance(retry.call_args.kwargs["exc"], OSError)
    assert retry.call_args.kwargs["countdown"] >= 0
    assert render_certificate_pdf.max_retries == 8
    assert Certificate.objects.get(pk=issued.pk).pdf_sha256 == ""


def test_the_centre_and_the_body_download_the_pdf(client, issued, reviewer, assessor_user):
    for user in (reviewer, assessor_user):
        client.force_login(user)
        response = client.get(f"/certificados/{issued.folio}/pdf/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_the_public_cannot_download_a_pdf_through_the_staff_page(client, issued):
    response = client.get(f"/certificados/{issued.folio}/pdf/")
    assert response.status_code == 302
    assert "/cuenta/entrar/" in response["Location"]
