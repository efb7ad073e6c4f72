"""A holder asks for a correction; the issuing awarding body's reviewers reissue the
certificate corrected or refuse with reasons."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Membership
from certification.issuance import selectors
from certification.issuance.models import Certificate, CorrectionRequest
from certification.issuance.services import corrections
from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied, ServiceError
from tests.factories import (
    AssessmentCentreFactory,
    CertificateFactory,
    PersonFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 acta de nacimiento"


@pytest.fixture
def holder():
    return PersonFactory(given_names="Begoña", first_surname="Nunez", second_surname="Peña",
                         email="begona@example.mx")


@pytest.fixture
def centre():
    return AssessmentCentreFactory()


@pytest.fixture
def certificate(holder, centre):
    return CertificateFactory(holder=holder, centre=centre)


@pytest.fixture
def reviewer(centre):
    return member_of(Membership.Role.REVIEWER, awarding_body=centre.awarding_body)


@pytest.fixture
def correction(holder, certificate):
    return corrections.request_correction(
        person=holder, certificate_id=certificate.pk, changes={"first_surname": "Núñez"},
        reason="Mi apellido lleva acento y eñe.",
        attachment=SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"))


def actions_of(target):
    return [event.action for event in events_about(target)]


def test_a_holder_asks_for_a_correction_with_a_supporting_file(correction, certificate):
    assert correction.status == CorrectionRequest.Status.SUBMITTED
    assert correction.awarding_body_id == certificate.awarding_body_id
    assert correction.changes == {"first_surname": "Núñez"}
    assert correction.attachment_type == "application/pdf"
    assert correction.attachment.read() == PDF
    assert "correction.requested" in actions_of(correction)


def test_only_the_holder_may_ask_to_correct_a_certificate(certificate):
    with pytest.raises(PermissionDenied):
        corrections.request_correction(person=PersonFactory(), certificate_id=certificate.pk,
                                       changes={"first_surname": "Otro"}, reason="No es mío.")
    assert not CorrectionRequest.objects.exists()


def test_a_correction_that_changes_nothing_is_refused_on_the_field(holder, certificate):
    with pytest.raises(ValidationError) as refused:
        corrections.request_correction(person=holder, certificate_id=certificate.pk,
                                       changes={"first_surname": "Nunez"}, reason="Igual.")
    assert "changes" in refused.value.message_dict


def test_a_supporting_file_that_is_not_a_document_is_refused_on_the_field(holder, certificate):
    with pytest.raises(ValidationError) as refused:
        corrections.request_correction(
            person=holder, certificate_id=certificate.pk, changes={"first_surname": "Núñez"},
            reason="Acento.", attachment=SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 exe"))
    assert "attachment" in refused.value.message_dict


def test_a_birth_date_that_contradicts_the_curp_is_refused_on_the_field(holder, certificate):
    with pytest.raises(ValidationError) as refused:
        corrections.request_correction(person=holder, certificate_id=certificate.pk,
                                       changes={"birth_date": "1950-01-01"}, reason="Fecha.")
    assert "birth_date" in refused.value.message_dict


def test_a_second_open_correction_of_the_same_certificate_is_refused(correction, holder,
                                                                     certificate):
    with pytest.raises(ServiceError):
        corrections.request_correction(person=holder, certificate_id=certificate.pk,
                                       changes={"given_names": "Bego"}, reason="Otra.")


def test_the_reviewer_reissues_a_corrected_certificate_that_replaces_the_old_one(
        correction, certificate, reviewer):
    new = corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)
    certificate.refresh_from_db()
    correction.refresh_from_db()
    assert new.folio != certificate.folio
    assert new.facts.holder_name == "Begoña Núñez Peña"
    assert new.facts.replaces == certificate.folio
    assert certificate.status == Certificate.Status.REPLACED
    assert certificate.facts.holder_name == "Begoña Nunez Peña"
    assert (correction.status, correction.replacement) == (CorrectionRequest.Status.REISSUED,
                                                           new)
    assert "correction.reissued" in actions_of(correction)
    assert "certificate.replaced" in actions_of(certificate)


def test_a_reissue_leaves_the_certificates_of_other_bodies_as_they_were(
        correction, holder, reviewer):
    elsewhere = CertificateFactory(holder=holder)
    signed = (elsewhere.claims, elsewhere.credential, elsewhere.qr_token)
    corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)
    elsewhere.refresh_from_db()
    assert (elsewhere.claims, elsewhere.credential, elsewhere.qr_token) == signed
    assert elsewhere.facts.holder_name == "Begoña Nunez Peña"
    assert elsewhere.status == Certificate.Status.VALID


def test_the_holder_is_told_of_the_reissue_by_email(correction, reviewer,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new = corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)
    assert [m.to for m in mail.outbox] == [["begona@example.mx"]]
    assert new.folio in mail.outbox[0].body


def test_the_reviewer_refuses_with_reasons_the_holder_reads(
        correction, reviewer, holder, certificate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        corrections.refuse_correction(actor=reviewer, correction_id=correction.pk,
                                      reason="El acta dice Nunez.")
    certificate.refresh_from_db()
    mine = selectors.corrections_of(holder).get()
    assert (mine.status, mine.refusal_reason) == ("refused", "El acta dice Nunez.")
    assert certificate.status == Certificate.Status.VALID
    assert "El acta dice Nunez." in mail.outbox[0].body
    assert "correction.refused" in actions_of(correction)


def test_a_refusal_needs_reasons(correction, reviewer):
    with pytest.raises(ValidationError):
        corrections.refuse_correction(actor=reviewer, correction_id=correction.pk, reason=" ")


def test_another_bodys_reviewer_cannot_decide_a_correction(correction):
    stranger = member_of(Membership.Role.REVIEWER,
                         awarding_body=AssessmentCentreFactory().awarding_body)
    with pytest.raises(PermissionDenied):
        corrections.reissue_correction(actor=stranger, correction_id=correction.pk)
    with pytest.raises(PermissionDenied):
        corrections.refuse_correction(actor=stranger, correction_id=correction.pk, reason="No.")
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.SUBMITTED


def test_a_correction_is_decided_once(correction, reviewer):
    corrections.refuse_correction(actor=reviewer, correction_id=correction.pk, reason="No.")
    with pytest.raises(ServiceError):
        corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)


def test_an_identity_document_correction_is_frozen_into_the_replacement(holder, certificate,
                                                                        reviewer):
    wrong = PersonFactory.build()  # another valid CURP, with its own birth date
    correction = corrections.request_correction(
        person=holder, certificate_id=certificate.pk,
        changes={"id_document": wrong.curp, "birth_date": wrong.birth_date.isoformat()},
        reason="La CURP estaba mal capturada.")
    new = corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)
    holder.refresh_from_db()
    certificate.refresh_from_db()
    assert new.facts.holder_id_number == wrong.curp == holder.curp
    assert certificate.facts.holder_id_number != wrong.curp


def test_the_holders_corrections_list_newest_first_with_the_new_folio(correction, holder,
                                                                      reviewer):
    new = corrections.reissue_correction(actor=reviewer, correction_id=correction.pk)
    later = corrections.request_correction(person=holder, certificate_id=new.pk,
                                           changes={"given_names": "Bego"}, reason="Apodo.")
    listed = list(selectors.corrections_of(holder))
    assert listed == [later, correction]
    assert listed[1].replacement.folio == new.folio


def test_the_reviewers_queue_lists_corrections_beside_certificate_requests(
        client, correction, reviewer):
    client.force_login(reviewer)
    requests_page = client.get(reverse("issuance:requests")).content.decode()
    assert reverse("issuance:corrections") in requests_page
    queue = client.get(reverse("issuance:corrections")).content.decode()
    assert correction.certificate.folio in queue
    detail = client.get(reverse("issuance:correction_detail", args=[correction.pk]))
    assert "Núñez" in detail.content.decode()


def test_the_reviewer_reissues_from_the_page_after_confirming(client, correction, reviewer):
    client.force_login(reviewer)
    url = reverse("issuance:correction_reissue", args=[correction.pk])
    asked = client.post(url)
    correction.refresh_from_db()
    assert asked.status_code == 200 and correction.status == "submitted"
    client.post(url, {"confirmed": "yes"})
    correction.refresh_from_db()
    assert correction.status == "reissued"


def test_another_bodys_reviewer_does_not_see_the_correction(client, correction):
    stranger = member_of(Membership.Role.REVIEWER,
                         awarding_body=AssessmentCentreFactory().awarding_body)
    client.force_login(stranger)
    assert client.get(reverse("issuance:correction_detail",
                              args=[correction.pk])).status_code == 404
    assert client.get(reverse("issuance:correction_attachment",
                              args=[correction.pk])).status_code == 404
    assert correction.certificate.folio not in client.get(
        reverse("issuance:corrections")).content.decode()
