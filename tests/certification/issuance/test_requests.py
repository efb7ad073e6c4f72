import threading

import pytest
from django.db import connection, connections

from bodies import services as bodies_services
from bodies.models import Accreditation
from certification.assessment.models import Assessment
from certification.assessment.services import assessments
from certification.issuance.folio import normalize_folio
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.services import requests
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.models import AuditEvent
from tests.certification.conftest import judge_all

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_queue")]


def test_a_reviewer_approves_and_the_certificate_is_issued_with_a_folio(
        submitted_request, reviewer, django_capture_on_commit_callbacks, pdf_queue):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert normalize_folio(certificate.folio) == certificate.folio
    assert certificate.holder == submitted_request.assessment.person
    assert certificate.request == submitted_request
    submitted_request.refresh_from_db()
    assert (submitted_request.status, submitted_request.reviewer) == ("approved", reviewer)
    assert pdf_queue == [certificate.pk]
    assert AuditEvent.objects.filter(action="certificate.issued").exists()
    certificate.standard.refresh_from_db()
    assert certificate.standard.certified_count == 1


def test_the_pdf_is_enqueued_only_after_the_transaction_commits(submitted_request, reviewer,
                                                                django_capture_on_commit_callbacks,
                                                                pdf_queue):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert pdf_queue == []
    for callback in callbacks:  # the PDF's, and the statistics' cache being marked stale
        callback()
    assert len(pdf_queue) == 1


def test_a_request_is_decided_only_once(submitted_request, reviewer):
    requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    with pytest.raises(ServiceError):
        requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert Certificate.objects.count() == 1


def test_a_reviewer_cannot_decide_another_bodys_request(submitted_request, other_reviewer):
    with pytest.raises(PermissionDenied):
        requests.approve_request(actor=other_reviewer, request_id=submitted_request.pk)
    with pytest.raises(PermissionDenied):
        requests.reject_request(actor=other_reviewer, request_id=submitted_request.pk,
                                reason="No")
    assert not Certificate.objects.exists()


def test_an_assessor_cannot_approve_their_own_request(submitted_request, assessor_user):
    with pytest.raises(PermissionDenied):
        requests.approve_request(actor=assessor_user, request_id=submitted_request.pk)


def test_a_rejected_request_goes_back_to_the_centre_with_the_reason(submitted_request,
                                                                    reviewer, assessor_user):
    requests.reject_request(actor=reviewer, request_id=submitted_request.pk,
                            reason="Falta la guía de observación firmada.")
    assessment = Assessment.objects.get(pk=submitted_request.assessment_id)
    assert assessment.status == "draft"
    judge_all(assessment, assessor_user)
    assessments.submit_assessment(actor=assessor_user, assessment_id=assessment.pk,
                               verdict="competent")
    submitted_request.refresh_from_db()
    assert submitted_request.status == "submitted"
    assert AuditEvent.objects.filter(action="request.resubmitted").exists()


def test_rejecting_needs_a_reason(submitted_request, reviewer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        requests.reject_request(actor=reviewer, request_id=submitted_request.pk, reason=" ")


def test_a_request_on_hold_cannot_be_approved(submitted_request, reviewer, body_admin, centre):
    bodies_services.suspend_accreditation(
        actor=body_admin, accreditation=Accreditation.objects.get(centre=centre),
        reason="Verificación")
    with pytest.raises(ServiceError, match="CONALEP Toluca"):
        requests.approve_request(actor=reviewer, request_id=submitted_request.pk)


def test_bulk_approval_issues_each_selected_request(client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/", {"request": [submitted_request.pk],
                                                      "confirmed": "yes"}, follow=True)
    certificate = Certificate.objects.get()
    assert certificate.folio in response.text


def test_bulk_approval_reports_what_it_could_not_approve(submitted_request, reviewer):
    requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    issued, refused = requests.approve_requests(actor=reviewer,
                                                request_ids=[submitted_request.pk])
    assert issued == [] and len(refused) == 1


def test_the_queue_filters_by_centre_standard_and_date(client, submitted_request, reviewer,
                                                       centre, standard):
    client.force_login(reviewer)
    name = submitted_request.assessment.person.full_name
    assert name in client.get("/solicitudes/", {"centre": centre.pk}).text
    assert name in client.get("/solicitudes/", {"standard": standard.code}).text
    assert name not in client.get("/solicitudes/", {"requested_from": "2099-01-01"}).text


def test_the_reviewer_opens_the_full_file(client, submitted_request, reviewer):
    client.force_login(reviewer)
    body = client.get(f"/solicitudes/{submitted_request.pk}/").text
    assert "Presenta el objetivo." in body
    assert submitted_request.assessment.person.identity in body


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
            requests.approve_request(actor=actor, request_id=submitted_request.pk)
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


def test_bulk_approval_reports_an_unknown_request_and_approves_the_others(
        client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/",
                           {"request": [submitted_request.pk, 987654], "confirmed": "yes"},
                           follow=True)
    assert response.status_code == 200
    assert Certificate.objects.filter(request=submitted_request).exists()
    assert "987654" in response.text


def test_bulk_approval_does_not_tell_which_requests_of_other_bodies_exist(
        submitted_request, other_reviewer):
    issued, refused = requests.approve_requests(actor=other_reviewer,
                                                request_ids=[submitted_request.pk, 987654])
    assert issued == []
    assert [number for number, _why in refused] == [submitted_request.pk, 987654]
    assert refused[0][1] == refused[1][1]


def waiting_requests(n, *, centre, standard, assessor_user):
    """n submitted requests at the centre, as a queue of hundreds would hold them."""
    from tests.factories import CandidacyFactory

    assessor = assessor_user.assessor
    for _ in range(n):
        assessment = Assessment.objects.create(
            candidacy=CandidacyFactory(centre=centre), standard=standard, assessor=assessor,
            centre=centre, awarding_body=centre.awarding_body, status="submitted",
            verdict="competent", submitted_at="2026-11-20T10:00:00Z")
        CertificateRequest.objects.create(assessment=assessment,
                                          awarding_body=centre.awarding_body)


def test_the_queue_checks_on_hold_for_a_whole_page_in_a_fixed_number_of_queries(
        client, reviewer, centre, standard, assessor_user, django_assert_num_queries,
        body_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    waiting_requests(5, centre=centre, standard=standard, assessor_user=assessor_user)
    with CaptureQueriesContext(connection) as few:
        client.get("/solicitudes/")
    waiting_requests(45, centre=centre, standard=standard, assessor_user=assessor_user)
    bodies_services.suspend_accreditation(
        actor=body_admin, accreditation=Accreditation.objects.get(centre=centre),
        reason="Verificación")
    with django_assert_num_queries(len(few)):
        page = client.get("/solicitudes/")
    assert page.text.count('class="blockers"') == 50
