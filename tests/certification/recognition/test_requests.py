"""The recognition use cases: submitting, and the three decisions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from certification.assessment.models import Assessment, Person
from certification.assessment.services import assessments
from certification.issuance.models import Certificate
from certification.recognition.models import RecognitionRequest
from certification.recognition.reference import SHAPE
from certification.recognition.services import requests
from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied, ServiceError
from tests.factories import UserFactory

from .conftest import pdf


def test_a_request_gets_a_reference_that_a_person_can_type(world):
    request = world.submit()
    assert SHAPE.match(request.reference)
    assert request.status == RecognitionRequest.Status.SUBMITTED
    assert len(request.sha256) == 64 and request.content_type == "application/pdf"


def test_submitting_is_audited_without_an_account(world):
    request = world.submit()
    [event] = events_about(request)
    assert event.action == "recognition.submitted" and event.actor is None
    assert event.data["identity"] == "document"


def test_full_recognition_issues_a_certificate_that_names_the_foreign_one(world):
    request = world.submit()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body)
    request.refresh_from_db()
    certificate = request.certificate
    assert request.status == RecognitionRequest.Status.RECOGNISED
    assert certificate.facts.recognition == {
        "system": "ChileValora", "country": "CL", "code": "CV-2023-99812",
        "issued_on": "2023-06-30", "reference": request.reference}
    assert certificate.standard == world.standard and certificate.awarding_body == world.body


def test_a_passport_holder_becomes_a_person_identified_by_their_passport(world):
    request = world.submit()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body)
    person = Person.objects.get(id_document_number="F123456")
    assert (person.curp, person.id_document_type, person.id_document_country,
            person.nationality) == ("", "passport", "HN", "HN")
    assert Certificate.objects.get(holder=person).facts.holder_id_type == "passport"


def test_full_recognition_records_the_fee_waiver(world):
    request = world.submit()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body,
                       fee_waived=850, fee_waiver_reason="Persona migrante en retorno")
    request.refresh_from_db()
    assert request.fee_waived == 850 and request.fee_waiver_reason.startswith("Persona")


def test_a_fee_waived_without_a_reason_is_a_field_error(world):
    request = world.submit()
    with pytest.raises(ValidationError) as error:
        requests.recognise(actor=world.conocer, request_id=request.pk,
                           awarding_body=world.body, fee_waived=850)
    assert "fee_waiver_reason" in error.value.error_dict
    assert not Certificate.objects.exists()


def test_partial_recognition_opens_an_assessment_of_the_missing_units_only(world):
    request = world.submit(equivalence=world.partial)
    requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                 assessor=world.assessor)
    request.refresh_from_db()
    assessment = request.assessment
    assert request.status == RecognitionRequest.Status.PARTIAL
    assert list(assessment.scope.all()) == [world.unit_2]
    assert assessment.centre == world.centre and assessment.status == Assessment.Status.DRAFT
    assert set(assessment.criteria()) == set(world.criteria_2)


def test_the_scoped_assessment_is_competent_on_the_units_in_scope_alone(world):
    request = world.submit(equivalence=world.partial)
    requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                 assessor=world.assessor)
    assessment = RecognitionRequest.objects.get(pk=request.pk).assessment
    assessments.record_judgements(actor=world.assessor_user, assessment_id=assessment.pk,
                                  judgements={c.pk: (True, "") for c in world.criteria_2})
    submitted = assessments.submit_assessment(actor=world.assessor_user,
                                              assessment_id=assessment.pk,
                                              verdict="competent")
    assert submitted.verdict == "competent"


def test_a_criterion_outside_the_scope_cannot_be_judged(world):
    request = world.submit(equivalence=world.partial)
    requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                 assessor=world.assessor)
    assessment = RecognitionRequest.objects.get(pk=request.pk).assessment
    with pytest.raises(ServiceError):
        assessments.save_judgement(actor=world.assessor_user, assessment_id=assessment.pk,
                                   criterion_id=world.criteria_1[0].pk, met=True, note="")


def test_the_reviewer_may_list_other_units_to_assess(world):
    request = world.submit(equivalence=world.full)
    requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                 assessor=world.assessor, unit_codes=["e0875"])
    assert list(RecognitionRequest.objects.get(pk=request.pk).assessment.scope.all()) == [
        world.unit_1]


def test_a_partial_recognition_of_every_unit_is_refused(world):
    request = world.submit()
    with pytest.raises(ValidationError) as error:
        requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                     assessor=world.assessor, unit_codes=["E0875", "E0876"])
    assert "unit_codes" in error.value.error_dict


def test_rejection_keeps_the_reasons_for_the_person(world):
    request = world.submit()
    requests.reject(actor=world.conocer, request_id=request.pk,
                    reason="El certificado no corresponde a un perfil vigente.")
    request.refresh_from_db()
    assert request.status == RecognitionRequest.Status.REJECTED
    assert request.decision_reason.startswith("El certificado")
    assert [e.action for e in events_about(request)] == ["recognition.submitted",
                                                          "recognition.rejected"]


def test_a_rejection_without_reasons_is_a_field_error(world):
    request = world.submit()
    with pytest.raises(ValidationError) as error:
        requests.reject(actor=world.conocer, request_id=request.pk, reason="  ")
    assert "reason" in error.value.error_dict


def test_a_request_is_decided_once(world):
    request = world.submit()
    requests.reject(actor=world.conocer, request_id=request.pk, reason="No procede.")
    with pytest.raises(ServiceError):
        requests.recognise(actor=world.conocer, request_id=request.pk,
                           awarding_body=world.body)


@pytest.mark.parametrize("decide", [
    lambda w, r, u: requests.recognise(actor=u, request_id=r.pk, awarding_body=w.body),
    lambda w, r, u: requests.recognise_partially(actor=u, request_id=r.pk,
                                                 assessor=w.assessor),
    lambda w, r, u: requests.reject(actor=u, request_id=r.pk, reason="No."),
])
def test_only_conocer_administrators_decide(world, decide):
    request = world.submit()
    for user in (world.assessor_user, UserFactory(username="cualquiera")):
        with pytest.raises(PermissionDenied):
            decide(world, request, user)
    assert RecognitionRequest.objects.get(pk=request.pk).status == "submitted"


def test_an_awarding_body_not_accredited_for_the_standard_cannot_issue(world):
    from tests.factories import AwardingBodyFactory

    request = world.submit()
    with pytest.raises(ValidationError) as error:
        requests.recognise(actor=world.conocer, request_id=request.pk,
                           awarding_body=AwardingBodyFactory())
    assert "awarding_body" in error.value.error_dict


def test_someone_outside_a_centre_cannot_submit_on_its_behalf(world):
    with pytest.raises(PermissionDenied):
        requests.submit_request(
            actor=UserFactory(username="ajena"), centre=world.centre, uploaded=pdf(),
            privacy_consent=True, system=world.sena, foreign_code="1",
            foreign_issued_on=datetime.date(2023, 1, 1), equivalence=world.partial,
            **world.applicant())


def test_a_centres_staff_submit_on_the_persons_behalf(world):
    request = requests.submit_request(
        actor=world.assessor_user, centre=world.centre, uploaded=pdf(), privacy_consent=True,
        system=world.sena, foreign_code="1", foreign_issued_on=datetime.date(2023, 1, 1),
        equivalence=world.partial, **world.applicant())
    assert request.centre == world.centre and request.submitted_by == world.assessor_user


@pytest.mark.parametrize(("upload", "code"), [
    (lambda: pdf("foto.jpg"), "name_mismatch"),
    (lambda: pdf("vacío.pdf", b""), "empty"),
    (lambda: pdf("texto.pdf", b"just some text, not a pdf"), "bad_type"),
])
def test_a_bad_file_is_a_field_error(world, upload, code):
    with pytest.raises(ValidationError) as error:
        world.submit(uploaded=upload())
    assert [e.code for e in error.value.error_dict["file"]] == [code]
    assert not RecognitionRequest.objects.exists()


def test_an_office_document_is_not_a_certificate(world):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError) as error:
        world.submit(uploaded=pdf("cert.docx", buffer.getvalue()))
    assert [e.code for e in error.value.error_dict["file"]] == ["bad_type"]


def test_a_mistyped_curp_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        world.submit(curp="GODE561231HDFRRN0", id_document_number="")
    assert set(error.value.error_dict) & {"curp"}


def test_no_curp_and_no_document_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        world.submit(id_document_number="")
    assert "curp" in error.value.error_dict


def test_an_equivalence_of_another_system_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        requests.submit_request(
            actor=None, uploaded=pdf(), privacy_consent=True, system=world.sena,
            foreign_code="1", foreign_issued_on=datetime.date(2023, 1, 1),
            equivalence=world.full, **world.applicant())
    assert "equivalence" in error.value.error_dict


def test_a_foreign_certificate_dated_in_the_future_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        requests.submit_request(
            actor=None, uploaded=pdf(), privacy_consent=True, system=world.sena,
            foreign_code="1", foreign_issued_on=datetime.date.today() + datetime.timedelta(9),
            equivalence=world.partial, **world.applicant())
    assert "foreign_issued_on" in error.value.error_dict


def test_without_privacy_consent_nothing_is_kept(world):
    with pytest.raises(ValidationError) as error:
        requests.submit_request(
            actor=None, uploaded=pdf(), privacy_consent=False, system=world.sena,
            foreign_code="1", foreign_issued_on=datetime.date(2023, 1, 1),
            equivalence=world.partial, **world.applicant())
    assert "privacy_consent" in error.value.error_dict


def test_a_certificate_with_a_long_file_name_is_kept(world):
    request = world.submit(uploaded=pdf("certificado_" + "competencia_laboral_" * 12 + ".pdf"))
    request.refresh_from_db()
    assert request.file.read().startswith(b"%PDF")
    assert request.original_name.startswith("certificado_")


def test_a_person_already_certified_in_the_standard_is_not_recognised_again(world):
    first = world.submit()
    requests.recognise(actor=world.conocer, request_id=first.pk, awarding_body=world.body)
    again = world.submit(equivalence=world.partial)
    with pytest.raises(ServiceError):
        requests.recognise_partially(actor=world.conocer, request_id=again.pk,
                                     assessor=world.assessor)
    assert RecognitionRequest.objects.get(pk=again.pk).status == "submitted"


def test_a_known_person_is_found_again_not_registered_twice(world):
    first = world.submit(equivalence=world.partial)
    requests.recognise_partially(actor=world.conocer, request_id=first.pk,
                                 assessor=world.assessor, unit_codes=["E0876"])
    second = world.submit()
    requests.recognise(actor=world.conocer, request_id=second.pk, awarding_body=world.body)
    [person] = Person.objects.filter(id_document_number="F123456")
    assert RecognitionRequest.objects.get(pk=second.pk).person == person
    assert RecognitionRequest.objects.get(pk=first.pk).person == person


def test_the_certificate_earned_on_the_remaining_units_says_it_rests_on_the_foreign_one(world):
    from bodies.models import Membership
    from certification.issuance.models import CertificateRequest
    from certification.issuance.services import requests as issuance_requests
    from tests.factories import UserFactory

    request = world.submit(equivalence=world.partial)
    requests.recognise_partially(actor=world.conocer, request_id=request.pk,
                                 assessor=world.assessor)
    assessment = RecognitionRequest.objects.get(pk=request.pk).assessment
    assessments.record_judgements(actor=world.assessor_user, assessment_id=assessment.pk,
                                  judgements={c.pk: (True, "") for c in world.criteria_2})
    assessments.submit_assessment(actor=world.assessor_user, assessment_id=assessment.pk,
                                  verdict="competent")
    reviewer = UserFactory(username="revisora")
    Membership.objects.create(user=reviewer, role=Membership.Role.REVIEWER,
                              awarding_body=world.body)
    certificate = issuance_requests.approve_request(
        actor=reviewer, request_id=CertificateRequest.objects.get(assessment=assessment).pk)
    assert certificate.facts.recognition == {
        "system": "SENA", "country": "CO", "code": "CV-2023-99812", "issued_on": "2023-06-30",
        "reference": request.reference, "partial": True}
