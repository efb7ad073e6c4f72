"""Competent and not yet competent: counted when an assessment is submitted, uncounted
when its request is rejected and it goes back to the assessor, recounted nightly."""

import pytest
from django.db.models import Sum

from certification.issuance.services import requests
from certification.statistics import selectors, services, tasks
from certification.statistics.models import VerdictCount
from conocer.core.models import AuditEvent
from tests.factories import PersonFactory

from .conftest import assess

pytestmark = pytest.mark.django_db


def verdicts():
    return dict(VerdictCount.objects.values_list("verdict").annotate(n=Sum("count")))


@pytest.fixture
def assessed(standard, centre, assessor_user):
    def run(verdict):
        return assess(assessor_user, person=PersonFactory(), centre=centre, standard=standard,
                      verdict=verdict)
    return run


def test_each_submitted_verdict_is_counted_in_the_centres_state(assessed):
    assessed("competent")
    assessed("competent")
    assessed("not_yet_competent")
    assert verdicts() == {"competent": 2, "not_yet_competent": 1}
    assert set(VerdictCount.objects.values_list("state", flat=True)) == {"MEX"}


def test_a_rejected_request_reopens_the_assessment_and_uncounts_its_verdict(
        assessed, reviewer):
    assessment = assessed("competent")
    requests.reject_request(actor=reviewer, request_id=assessment.request.pk,
                            reason="Falta la evidencia del producto.")
    assert verdicts() == {"competent": 0}
    assert services.repair_statistics().cells == 0


def test_the_shares_of_verdicts_add_up_to_100(assessed, settings):
    settings.STATISTICS_MIN_COUNT = 1
    for verdict in ("competent", "competent", "not_yet_competent"):
        assessed(verdict)
    table = selectors.verdicts()
    assert [(row["assessments"], str(row["share"])) for row in table.rows] == [
        (2, "66.7"), (1, "33.3")]


def test_few_verdicts_are_suppressed(assessed):
    assessed("competent")
    table = selectors.verdicts()
    assert table.suppressed and table.total == 1
    assert [row["assessments"] for row in table.rows] == [None, 0]


def test_the_nightly_task_repairs_and_audits_what_it_corrected(assessed):
    assessed("competent")
    VerdictCount.objects.update(count=40)
    assert tasks.repair_statistics.delay().get() == 1
    event = AuditEvent.objects.get(action="statistics.repaired")
    assert event.data["verdictcount"] == 1
    assert verdicts() == {"competent": 1}


def test_a_repair_that_finds_nothing_records_no_event(assessed):
    assessed("competent")
    services.repair_statistics()
    assert not AuditEvent.objects.filter(action="statistics.repaired").exists()
