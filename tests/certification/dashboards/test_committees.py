"""A lead body's dashboard: how its standards are used."""

import datetime

import pytest

from certification.dashboards import committees
from certification.dashboards.periods import Period
from tests.certification.dashboards.conftest import TODAY, certificate_of
from tests.factories import AssessmentCentreFactory, LeadBodyFactory, StandardFactory

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def lead_body(db):
    return LeadBodyFactory(name="Comité de Educación")


def test_certificates_in_its_standards_are_counted_by_standard_and_by_body(
        lead_body, centre, other_body):
    ours = StandardFactory(code="EC0217", lead_body=lead_body)
    theirs = StandardFactory(code="EC0301")
    elsewhere = AssessmentCentreFactory(awarding_body=other_body)
    may = datetime.date(2026, 5, 4)
    certificate_of(centre, standard=ours, issued_on=may)
    certificate_of(centre, standard=ours, issued_on=may)
    certificate_of(elsewhere, standard=ours, issued_on=may)
    certificate_of(centre, standard=theirs, issued_on=may)
    certificate_of(centre, standard=ours, issued_on=datetime.date(2025, 5, 4))
    assert committees.by_standard(lead_body, YEAR).rows == (("EC0217", ours.title, 3),)
    assert committees.by_awarding_body(lead_body, YEAR).rows == (
        (centre.awarding_body.name, 2), (other_body.name, 1))


def test_only_its_own_standards_are_listed_as_expiring_or_dormant(lead_body):
    soon = TODAY + datetime.timedelta(days=30)
    StandardFactory(code="EC0501", lead_body=lead_body, valid_until=soon)
    StandardFactory(code="EC0502", valid_until=soon)
    StandardFactory(code="EC0503", lead_body=lead_body, dof_published_on=datetime.date(2020, 1, 6))
    StandardFactory(code="EC0504", dof_published_on=datetime.date(2020, 1, 6))
    assert [r[0] for r in committees.standards_expiring(lead_body, YEAR).rows] == ["EC0501"]
    assert [r[0] for r in committees.dormant(lead_body, YEAR).rows] == ["EC0501", "EC0503"]
