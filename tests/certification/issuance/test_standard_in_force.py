"""A certificate is issued only in a standard that is published and in force, and an
approval never overtakes a suspension committed before it."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from bodies import services as bodies_services
from bodies.models import Accreditation
from certification.assessment.services import assessments
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.services import requests
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.models import AuditEvent
from standards import services as standards_services
from standards.models import Standard
from tests.factories import CandidacyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conocer(db):
    return UserFactory(username="conocer", is_superuser=True)


def withdraw(standard, actor):
    standards_services.transition(actor=actor, standard=standard, name="withdraw",
                                  reason="Desactualizado frente a la norma vigente.")


def expire(standard):
    Standard.objects.filter(pk=standard.pk).update(valid_until=datetime.date(2024, 12, 31))
    standard.refresh_from_db()


def test_a_withdrawn_standard_refuses_the_approval_saying_why(submitted_request, reviewer,
                                                              conocer, standard):
    withdraw(standard, conocer)
    with pytest.raises(ServiceError, match="retirado") as error:
        requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert "Desactualizado" in error.value.message
    assert not Certificate.objects.exists()


def test_an_expired_standard_starts_no_assessment_and_takes_no_request(
        assessor_user, candidacy, standard, draft):
    expire(standard)
    with pytest.raises(ServiceError, match="vigencia"):
        assessments.start_assessment(actor=assessor_user,
                                     candidacy=CandidacyFactory(centre=candidacy.centre),
                                     standard=standard)
    from tests.certification.conftest import judge_all

    judge_all(draft, assessor_user)
    with pytest.raises(ServiceError, match="vigencia"):
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                      verdict="competent")
    assert not CertificateRequest.objects.exists()


def test_a_request_waiting_on_its_expired_standard_is_on_hold_in_the_queue(
        client, submitted_request, reviewer, standard):
    expire(standard)
    client.force_login(reviewer)
    page = client.get("/solicitudes/").text
    assert 'class="blockers"' in page and "perdió su vigencia" in page


def test_conocer_releases_a_request_on_hold_and_it_can_then_be_approved(
        submitted_request, reviewer, conocer, standard):
    expire(standard)
    requests.release_request(actor=conocer, request_id=submitted_request.pk,
                             reason="Periodo de transición al EC0217.01.")
    certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert certificate.facts.standard_code == standard.code
    assert AuditEvent.objects.filter(action="request.released").exists()


def test_only_conocer_releases_and_only_with_a_reason(submitted_request, reviewer, conocer,
                                                      standard):
    from django.core.exceptions import ValidationError

    expire(standard)
    with pytest.raises(PermissionDenied):
        requests.release_request(actor=reviewer, request_id=submitted_request.pk,
                                 reason="Quiero")
    with pytest.raises(ValidationError):
        requests.release_request(actor=conocer, request_id=submitted_request.pk, reason=" ")


def test_a_request_whose_standard_is_in_force_is_not_released(submitted_request, conocer):
    with pytest.raises(ServiceError):
        requests.release_request(actor=conocer, request_id=submitted_request.pk,
                                 reason="Sin motivo real")


def test_conocer_releases_in_the_browser(client, submitted_request, conocer, standard):
    expire(standard)
    client.force_login(conocer)
    page = client.get(f"/solicitudes/{submitted_request.pk}/").text
    assert "Liberar" in page or "Release" in page
    client.post(f"/solicitudes/{submitted_request.pk}/liberar/",
                {"release-reason": "Periodo de transición."})
    submitted_request.refresh_from_db()
    assert submitted_request.released_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs two real database connections with row locks")
@pytest.mark.django_db(transaction=True)
def test_a_suspension_committed_first_stops_an_approval_waiting_on_it(
        submitted_request, reviewer, body_admin, centre):
    suspended, approving = threading.Event(), []
    accreditation = Accreditation.objects.get(centre=centre)

    def suspend_and_hold():
        try:
            with transaction.atomic():
                bodies_services.suspend_accreditation(
                    actor=body_admin, accreditation=accreditation, reason="Verificación")
                suspended.set()
                threading.Event().wait(1.5)  # the approval starts and waits on the lock
        finally:
            connections.close_all()

    def approve():
        suspended.wait(10)
        try:
            requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
            approving.append("issued")
        except ServiceError:
            approving.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=suspend_and_hold), threading.Thread(target=approve)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert approving == ["refused"]
    assert not Certificate.objects.filter(request=submitted_request).exists()
