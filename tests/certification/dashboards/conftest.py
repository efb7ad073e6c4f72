"""A small registry for the dashboards, made fast: requests and assessments as rows (the
services are tested elsewhere), certificates through the factory, today fixed at Monday
30 November 2026 (noon, Mexico City)."""

import datetime

import pytest
from django.utils import timezone, translation

from bodies.models import Membership
from certification.assessment.models import Assessment
from certification.issuance.models import Certificate, CertificateRequest
from conocer.core import clock
from conocer.core.roles import ensure_conocer_group
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    CertificateFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

R = Membership.Role
TODAY = datetime.date(2026, 11, 30)  # a Monday
NOON = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture(autouse=True)
def today():
    with clock.travel_to(NOON):
        yield TODAY


@pytest.fixture(autouse=True)
def english():
    """The figures' words in English, as the source has them (the Spanish ones come with
    the catalogue of translations)."""
    with translation.override("en"):
        yield


def request_of(centre, *, assessor=None, standard=None, requested_at=None, status="submitted",
               decided_at=None, reason=""):
    """A certificate request of the centre, as a row."""
    assessor = assessor or AssessorFactory(centre=centre, awarding_body=centre.awarding_body)
    assessment = Assessment.objects.create(
        candidacy=CandidacyFactory(centre=centre), standard=standard or StandardFactory(),
        assessor=assessor, centre=centre, awarding_body=centre.awarding_body,
        status=Assessment.Status.SUBMITTED, verdict=Assessment.Verdict.COMPETENT,
        submitted_at=requested_at or NOON)
    return CertificateRequest.objects.create(
        assessment=assessment, awarding_body=centre.awarding_body, status=status,
        requested_at=requested_at or NOON, decided_at=decided_at, rejection_reason=reason)


def certificate_of(centre, *, standard, issued_on, assessor=None, status="valid"):
    """A certificate issued at the centre, through an approved request of `assessor` (or
    imported, with no request, when there is none)."""
    request = None
    if assessor is not None:
        request = request_of(centre, assessor=assessor, standard=standard, status="approved",
                             requested_at=at(issued_on), decided_at=at(issued_on, 11))
    certificate = CertificateFactory(centre=centre, standard=standard, issued_on=issued_on,
                                     request=request)
    if status != "valid":
        Certificate.objects.filter(pk=certificate.pk).update(
            status=status, status_reason="Prueba" if status != "replaced" else "")
    return certificate


@pytest.fixture
def body(db):
    return AwardingBodyFactory(name="Colegio Nacional de Educación Profesional Técnica",
                               acronym="CONALEP")


@pytest.fixture
def centre(body):
    return AssessmentCentreFactory(awarding_body=body, name="CONALEP Toluca")


@pytest.fixture
def other_centre(body):
    return AssessmentCentreFactory(awarding_body=body, name="CONALEP Metepec")


@pytest.fixture
def other_body(db):
    return AwardingBodyFactory(name="Instituto de Formación para el Trabajo", acronym="IDEFT")


@pytest.fixture
def reviewer(body):
    return member_of(R.REVIEWER, "revisora", awarding_body=body)


@pytest.fixture
def conocer_admin(db):
    user = UserFactory(username="conocer", is_staff=True)
    user.groups.add(ensure_conocer_group())
    return user
