import threading

import pytest
from django.db import connection, connections

from bodies import services as bodies_services
from bodies.models import Accreditation
from certification import services
from certification.folio import normalize_folio
from certification.models import Assessment, Certificate, CertificateRequest
from conocer.errors import ServiceError
from conocer.models import AuditEvent
from tests.certification.conftest import judge_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """Issuance enqueues the PDF; rendering itself is tested in test_pdf/test_issuance."""
    calls = []
    monkeypatch.setattr("certification.tasks.render_certificate_pdf.delay", calls.append)
    return calls


def test_a_reviewer_approves_and_the_certificate_is_issued_with_a_folio(
        submitted_request, reviewer, django_capture_on_commit_callbacks, no_pdf_rendering):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert normalize_folio(certificate.folio) == certificate.folio
    assert certificate.holder == submitted_request.assessment.candidate
    assert certificate.request == submitted_request
    submitted_request.refresh_from_db()
    assert (submitted_request.status, submitted_request.reviewer) == ("approved", reviewer)
    assert no_pdf_rendering == [certificate.pk]
    assert AuditEvent.objects.filter(action="certificate.issued").exists()
    certificate.standard.refresh_from_db()
    assert certificate.standard.certified_count == 1


def test_the_pdf_is_enqueued_only_after_the_transaction_commits(submitted_request, reviewer,
                                                                django_capture_on_commit_callbacks,
                                                                no_pdf_rendering):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert no_pdf_rendering == []
    assert len(callbacks) == 1


def test_a_request_is_decided_only_once(submitted_request, reviewer):
    services.approve_request(actor=reviewer, request_id=submitted_request.pk)
    with pytest.raises(ServiceError):
        services.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert Certificate.objects.count() == 1


def test_a_reviewer_cannot_decide_another_bodys_request(submitted_request, other_reviewer):
    with pytest.raises(bodies_services.PermissionDenied):
        services.approve_request(actor=other_reviewer, request_id=submitted_request.pk)
    with pytest.raises(bodies_services.PermissionDenied):
        services.reject_request(actor=other_reviewer, request_id=submitted_request.pk,
                                reason="No")
    assert not Certificate.objects.exists()


def test_an_assessor_cannot_approve_their_own_request(submitted_request, assessor_user):
    with pytest.raises(bodies_services.PermissionDenied):
        services.approve_request(actor=assessor_user, request_id=submitted_request.pk)


def test_a_rejected_request_goes_back_to_the_centre_with_the_reason(submitted_request,
                                                                    reviewer, assessor_user):
    services.reject_request(actor=reviewer, request_id=submitted_request.pk,
                            reason="Falta la guía de observación firmada.")
    assessment = Assessment.objects.get(pk=submitted_request.assessment_id)
    assert assessment.status == "draft"
    judge_all(assessment, assessor_user)
    services.submit_assessment(actor=assessor_user, assessment_id=assessment.pk,
                               verdict="competent")
    submitted_request.refresh_from_db()
    assert submitted_request.status == "submitted"
    assert AuditEvent.objects.filter(action="request.resubmitted").exists()


def test_rejecting_needs_a_reason(submitted_request, reviewer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.reject_request(actor=reviewer, request_id=submitted_request.pk, reason=" ")


def test_a_request_on_hold_cannot_be_approved(submitted_request, reviewer, body_admin, centre):
    bodies_services.suspend_accreditation(
        actor=body_admin, accreditation=Accreditation.objects.get(centre=centre),
        reason="Verificación")
    with pytest.raises(ServiceError, match="CONALEP Toluca"):
        services.approve_request(actor=reviewer, request_id=submitted_request.pk)


def test_bulk_approval_issues_each_selected_request(client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/", {"request": [submitted_request.pk]},
                           follow=True)
    certificate = Certificate.objects.get()
    assert certificate.folio in response.text


def test_bulk_approval_reports_what_it_could_not_approve(submitted_request, reviewer):
    services.approve_request(actor=reviewer, request_id=submitted_request.pk)
    issued, refused = services.approve_requests(actor=reviewer,
                                                request_ids=[submitted_request.pk])
    assert issued == [] and len(refused) == 1


def test_the_queue_filters_by_centre_standard_and_date(client, submitted_request, reviewer,
                                                       centre, standard):
    client.force_login(reviewer)
    name = submitted_request.assessment.candidate.full_name
    assert name in client.get("/solicitudes/", {"centre": centre.pk}).text
    assert name in client.get("/solicitudes/", {"standard": standard.code}).text
    assert name not in client.get("/solicitudes/", {"requested_from": "2099-01-01"}).text


def test_the_reviewer_opens_the_full_file(client, submitted_request, reviewer):
    client.force_login(reviewer)
    body = client.get(f"/solicitudes/{submitted_request.pk}/").text
    assert "Presenta el objetivo." in body
    assert submitted_request.assessment.candidate.identity in body


def test_a_reviewer_of_another_body_cannot_open_the_file(client, submitted_request,
                                                         other_reviewer):
    client.force_login(other_reviewer)
    assert client.get(f"/solicitudes/{submitted_request.pk}/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs two real database connections with row locks")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_issue_one_certificate(submitted_request, reviewer,
                                                               body_admin):
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        try:
            barrier.wait()
            services.approve_request(actor=actor, request_id=submitted_request.pk)
            outcomes.append("issued")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (reviewer, body_admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["issued", "refused"]
    assert Certificate.objects.filter(request=submitted_request).count() == 1
    assert CertificateRequest.objects.get(pk=submitted_request.pk).status == "approved"
