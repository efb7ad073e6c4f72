"""During the transition period both versions can be assessed and certified: starting an
assessment, requesting and approving the certificate accept the superseded one until
the period ends, and refuse it after."""

import datetime

import pytest

from certification.assessment.services import assessments
from certification.issuance.services import requests
from conocer.core import clock
from conocer.core.errors import ServiceError
from standards import services
from tests.certification.conftest import (  # noqa: F401 (fixtures)
    assessor_user,
    body,
    candidacy,
    centre,
    judge_all,
    reviewer,
    standard,
)
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

PUBLISHED, TRANSITION_ENDS = datetime.date(2026, 6, 1), datetime.date(2026, 9, 30)


def at(day):
    return clock.travel_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC))


@pytest.fixture
def superseded(standard, conocer_admin):  # noqa: F811
    newer = StandardFactory(code="EC0217.01", supersedes=standard, status="approved",
                            lead_body=standard.lead_body, sector=standard.sector,
                            dof_published_on=None, valid_from=None, valid_until=None)
    with at(PUBLISHED):
        services.transition(actor=conocer_admin, standard=newer, name="publish",
                            dof_published_on=PUBLISHED, equivalent=False,
                            transition_until=TRANSITION_ENDS)
    standard.refresh_from_db()
    return standard


def test_the_old_version_is_assessed_and_certified_within_the_transition(
        superseded, assessor_user, candidacy, reviewer):  # noqa: F811
    assert superseded.status == "superseded"
    with at(TRANSITION_ENDS):
        draft = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                             standard=superseded)
        judge_all(draft, assessor_user)
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                      verdict="competent")
        draft.refresh_from_db()
        certificate = requests.approve_request(actor=reviewer, request_id=draft.request.pk)
    assert (certificate.standard, certificate.status) == (superseded, "valid")


def test_no_assessment_starts_in_the_old_version_after_the_transition(
        superseded, assessor_user, candidacy):  # noqa: F811
    with at(TRANSITION_ENDS + datetime.timedelta(days=1)), pytest.raises(ServiceError) as no:
        assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                     standard=superseded)
    assert "EC0217" in str(no.value)


def test_a_request_made_within_the_transition_waits_once_it_ends(
        superseded, assessor_user, candidacy, reviewer):  # noqa: F811
    with at(TRANSITION_ENDS):
        draft = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                             standard=superseded)
        judge_all(draft, assessor_user)
        assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                      verdict="competent")
    draft.refresh_from_db()
    with at(TRANSITION_ENDS + datetime.timedelta(days=1)), pytest.raises(ServiceError):
        requests.approve_request(actor=reviewer, request_id=draft.request.pk)
