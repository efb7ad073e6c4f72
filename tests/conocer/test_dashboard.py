"""Staff land on their work after signing in: one section per role, counts and links,
a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bodies.models import Membership
from certification.assessment.models import Assessment
from certification.issuance.models import CertificateRequest
from conocer.core import clock
from standards.models import Standard
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    CandidacyFactory,
    LeadBodyFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
R = Membership.Role


def waiting_requests(centre, ages_in_days):
    """Submitted assessments of the centre, each with a request waiting that many days."""
    assessor = AssessorFactory(centre=centre)
    for days in ages_in_days:
        assessment = Assessment.objects.create(
            candidacy=CandidacyFactory(centre=centre), standard=StandardFactory(),
            assessor=assessor, centre=centre, awarding_body=centre.awarding_body,
            status=Assessment.Status.SUBMITTED, verdict=Assessment.Verdict.COMPETENT,
            submitted_at=timezone.now())
        CertificateRequest.objects.create(
            assessment=assessment, awarding_body=centre.awarding_body,
            requested_at=clock.now() - datetime.timedelta(days=days, hours=1))


def test_signing_in_lands_on_the_dashboard(client, django_user_model):
    django_user_model.objects.create_user("ana", password="una-clave-larga-42")
    response = client.post("/cuenta/entrar/", {"username": "ana",
                                               "password": "una-clave-larga-42"})
    assert response["Location"] == "/panel/"


def test_a_reviewer_sees_how_many_requests_wait_and_the_oldest_age(client):
    centre = AssessmentCentreFactory()
    monday = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))
    with clock.travel_to(monday):
        waiting_requests(centre, [9] + [2] * 11)  # the oldest from Saturday 21 November
        client.force_login(member_of(R.REVIEWER, awarding_body=centre.awarding_body))
        body = client.get("/panel/").text
    assert "12 solicitudes en espera, la más antigua con 6 días hábiles de espera." in body
    assert 'href="/solicitudes/"' in body


def test_the_reviewers_dashboard_takes_the_same_queries_for_3_or_300_requests(client):
    centre = AssessmentCentreFactory()
    client.force_login(member_of(R.REVIEWER, awarding_body=centre.awarding_body))
    waiting_requests(centre, [1, 2, 3])
    with CaptureQueriesContext(connection) as few:
        client.get("/panel/")
    waiting_requests(centre, range(300))
    with CaptureQueriesContext(connection) as many:
        client.get("/panel/")
    assert len(many) == len(few) <= 12


def test_the_lead_body_board_sees_the_drafts_waiting_for_its_approval(client):
    lead_body = LeadBodyFactory()
    StandardFactory(lead_body=lead_body, status=Standard.Status.SUBMITTED)
    StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    client.force_login(member_of(R.ADMINISTRATOR, lead_body=lead_body))
    body = client.get("/panel/").text
    assert "1 estándar enviado en espera de la aprobación del consejo." in body
    assert "1 borrador de estándar de su comité." in body


def test_an_assessor_sees_the_assessments_sent_back_first(client):
    assessor = AssessorFactory(user=UserFactory())
    Assessment.objects.create(
        candidacy=CandidacyFactory(centre=assessor.centre), standard=StandardFactory(),
        assessor=assessor, centre=assessor.centre, awarding_body=assessor.centre.awarding_body,
        returned_reason="Falta la guía de observación firmada.")
    client.force_login(assessor.user)
    body = client.get("/panel/").text
    assert "1 evaluación que le devolvieron requiere su atención." in body
    assert body.index("requiere su atención") < body.index("en curso")


def test_someone_with_no_role_is_told_nothing_waits(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ana"))
    assert "Nada espera su atención en el registro." in client.get("/panel/").text
