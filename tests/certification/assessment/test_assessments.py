import datetime
import io
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from certification.assessment.models import Assessment, Judgement
from certification.assessment.services import assessments
from conocer.core.errors import PermissionDenied, ServiceError
from tests.certification.conftest import judge_all
from tests.factories import CandidacyFactory, StandardFactory

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def criteria(assessment):
    return list(assessment.standard.units.get().criteria.all())


def test_an_assessor_cannot_assess_in_a_standard_they_are_not_accredited_for(
        assessor_user, candidacy):
    with pytest.raises(ServiceError):
        assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                  standard=StandardFactory())


def test_an_assessor_cannot_assess_another_centres_candidate(assessor_user, standard):
    with pytest.raises(PermissionDenied):
        assessments.start_assessment(actor=assessor_user, candidacy=CandidacyFactory(),
                                  standard=standard)


def test_a_judgement_is_saved_per_criterion(draft, assessor_user):
    first = criteria(draft)[0]
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                            criterion_id=first.pk, met=True, note="Muy claro.")
    assert Judgement.objects.get(assessment=draft, criterion=first).note == "Muy claro."


def test_a_blank_save_never_erases_a_recorded_judgement(draft, assessor_user):
    first = criteria(draft)[0]
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                            criterion_id=first.pk, met=False, note="Faltó el objetivo.")
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                            criterion_id=first.pk, met=None, note="")
    judgement = Judgement.objects.get(assessment=draft, criterion=first)
    assert (judgement.met, judgement.note) == (False, "Faltó el objetivo.")


def test_a_stale_window_cannot_overwrite_a_newer_judgement(draft, assessor_user):
    first = criteria(draft)[0]
    opened = timezone.now() - datetime.timedelta(seconds=5)
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                            criterion_id=first.pk, met=True, note="Segunda pestaña.")
    with pytest.raises(assessments.StaleJudgement):
        assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                                criterion_id=first.pk, met=False, note="Pestaña vieja.",
                                seen_at=opened)
    assert Judgement.objects.get(assessment=draft, criterion=first).met is True


def test_the_autosave_endpoint_answers_409_with_the_newer_judgement(client, draft,
                                                                    assessor_user):
    first = criteria(draft)[0]
    client.force_login(assessor_user)
    url = f"/evaluaciones/{draft.pk}/juicios/{first.pk}/"
    opened = (timezone.now() - datetime.timedelta(seconds=5)).isoformat()
    assert client.post(url, {"met": "1", "note": "ok"}).status_code == 200
    response = client.post(url, {"met": "0", "note": "viejo", "seen_at": opened})
    assert response.status_code == 409
    assert response.json()["met"] is True


def test_a_reload_shows_every_saved_judgement(client, draft, assessor_user):
    first = criteria(draft)[0]
    client.force_login(assessor_user)
    client.post(f"/evaluaciones/{draft.pk}/juicios/{first.pk}/",
                {"met": "0", "note": "Le faltó presentar el objetivo."})
    body = client.get(f"/evaluaciones/{draft.pk}/").text
    assert "Le faltó presentar el objetivo." in body
    assert f'name="met_{first.pk}" value="0" checked' in body


def test_saving_the_whole_form_from_a_stale_tab_keeps_newer_judgements(client, draft,
                                                                       assessor_user):
    first, second = criteria(draft)
    client.force_login(assessor_user)
    opened = (timezone.now() - datetime.timedelta(seconds=5)).isoformat()
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                            criterion_id=first.pk, met=True, note="Desde otra pestaña")
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        "loaded_at": opened, f"met_{first.pk}": "0", f"note_{first.pk}": "",
        f"met_{second.pk}": "1", f"note_{second.pk}": "Bien"}, follow=True)
    assert Judgement.objects.get(criterion=first).met is True
    assert Judgement.objects.get(criterion=second).met is True
    assert "otra ventana" in response.text


def test_another_assessor_cannot_judge_this_assessment(draft, reviewer):
    with pytest.raises(PermissionDenied):
        assessments.save_judgement(actor=reviewer, assessment_id=draft.pk,
                                criterion_id=criteria(draft)[0].pk, met=True, note="")


@pytest.mark.parametrize(("name", "content"), [
    ("guia.pdf", PDF), ("foto.png", PNG), ("informe.docx", None)])
def test_evidence_of_accepted_types_is_stored_with_its_sha256(draft, assessor_user, name,
                                                              content):
    import hashlib

    content = content or docx_bytes()
    evidence = assessments.add_evidence(actor=assessor_user, assessment_id=draft.pk,
                                     uploaded=SimpleUploadedFile(name, content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.file.read() == content


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(draft, assessor_user):
    with pytest.raises(ValidationError, match="PNG"):
        assessments.add_evidence(actor=assessor_user, assessment_id=draft.pk,
                              uploaded=SimpleUploadedFile("guia.pdf", PNG))


def test_a_program_renamed_as_a_pdf_is_refused(draft, assessor_user):
    with pytest.raises(ValidationError):
        assessments.add_evidence(actor=assessor_user, assessment_id=draft.pk,
                              uploaded=SimpleUploadedFile("guia.pdf", b"MZ\x90\x00" * 100))


def test_evidence_over_the_size_limit_is_refused(draft, assessor_user, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="MB"):
        assessments.add_evidence(actor=assessor_user, assessment_id=draft.pk,
                              uploaded=SimpleUploadedFile("guia.pdf", PDF + b" " * 200))


def test_an_upload_error_is_shown_beside_the_upload_not_a_500(client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/evidencias/",
                           {"file": SimpleUploadedFile("virus.pdf", b"MZ" * 50)})
    assert response.status_code == 400
    assert "virus.pdf" in response.context["evidence_form"].errors["file"][0]
    assert not draft.evidence.exists()


def test_an_assessment_cannot_be_submitted_with_criteria_unjudged(draft, assessor_user):
    with pytest.raises(ValidationError, match="criterio|criteria"):
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                   verdict="competent")


def test_competent_needs_every_criterion_met(draft, assessor_user):
    judge_all(draft, assessor_user, met=False)
    with pytest.raises(ValidationError):
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                   verdict="competent")


def test_not_yet_competent_needs_feedback(draft, assessor_user):
    judge_all(draft, assessor_user, met=False)
    with pytest.raises(ValidationError) as error:
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                   verdict="not_yet_competent")
    assert "feedback" in error.value.message_dict


def test_a_competent_assessment_becomes_a_request_to_the_awarding_body(submitted_request,
                                                                       body):
    assert submitted_request.status == "submitted"
    assert submitted_request.awarding_body == body


def test_a_submitted_assessment_no_longer_changes(submitted_request, assessor_user):
    assessment = submitted_request.assessment
    with pytest.raises(ServiceError):
        assessments.save_judgement(actor=assessor_user, assessment_id=assessment.pk,
                                criterion_id=criteria(assessment)[0].pk, met=False, note="")


def test_a_not_yet_competent_candidate_is_reassessed_later_and_history_is_kept(
        draft, assessor_user, candidacy, standard):
    judge_all(draft, assessor_user, met=False)
    assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                               verdict="not_yet_competent",
                               feedback="Practicar las técnicas grupales.")
    second = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                       standard=standard)
    assert second.pk != draft.pk
    assert Assessment.objects.filter(candidacy=candidacy).count() == 2
    first = Assessment.objects.get(pk=draft.pk)
    assert (first.verdict, first.feedback) == ("not_yet_competent",
                                               "Practicar las técnicas grupales.")


def test_a_second_assessment_cannot_open_while_one_is_in_progress(draft, assessor_user,
                                                                  candidacy, standard):
    with pytest.raises(ServiceError):
        assessments.start_assessment(actor=assessor_user, candidacy=candidacy, standard=standard)


def test_the_assessor_journey_in_the_browser(client, assessor_user, candidacy, standard):
    client.force_login(assessor_user)
    assert candidacy.person.full_name in client.get("/evaluaciones/nueva/").text
    response = client.post("/evaluaciones/nueva/", {"candidacy": candidacy.pk,
                                                    "standard": standard.pk})
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/evaluaciones/{assessment.pk}/"
    data = {"loaded_at": timezone.now().isoformat()}
    for criterion in criteria(assessment):
        data[f"met_{criterion.pk}"] = "1"
    client.post(f"/evaluaciones/{assessment.pk}/juicios/", data)
    client.post(f"/evaluaciones/{assessment.pk}/enviar/", {"verdict": "competent"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert assessment.request.status == "submitted"


def test_a_person_already_certified_in_the_standard_is_not_assessed_again(
        assessor_user, candidacy, standard):
    from tests.factories import CertificateFactory

    CertificateFactory(holder=candidacy.person, standard=standard)
    with pytest.raises(ServiceError):
        assessments.start_assessment(actor=assessor_user, candidacy=candidacy, standard=standard)


def test_evidence_can_be_removed_from_a_draft_and_the_log_keeps_its_hash(client, draft,
                                                                        assessor_user):
    from conocer.core.models import AuditEvent

    evidence = assessments.add_evidence(actor=assessor_user, assessment_id=draft.pk,
                                     uploaded=SimpleUploadedFile("guia.pdf", PDF))
    client.force_login(assessor_user)
    client.post(f"/evidencias/{evidence.pk}/quitar/")
    assert not draft.evidence.exists()
    assert AuditEvent.objects.get(action="assessment.evidence_removed").data["sha256"] == \
        evidence.sha256


def test_evidence_of_a_submitted_assessment_cannot_be_removed(submitted_request,
                                                              assessor_user):
    assessment = submitted_request.assessment
    evidence = assessment.evidence.create(original_name="x.pdf", content_type="application/pdf",
                                          size=1, sha256="0" * 64, file="evidence/x.pdf")
    with pytest.raises(ServiceError):
        assessments.remove_evidence(actor=assessor_user, evidence_id=evidence.pk)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs two real database connections")
@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_of_the_same_candidacy_and_standard_open_one_draft(
        assessor_user, candidacy, standard):
    barrier = threading.Barrier(2)
    outcomes = []

    def start():
        try:
            barrier.wait()
            assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                         standard=standard)
            outcomes.append("started")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["refused", "started"]
    assert Assessment.objects.filter(candidacy=candidacy, status="draft").count() == 1
