"""The figures of CONOCER's dashboard: the whole registry."""

import datetime

import pytest

from certification.dashboards import system
from certification.dashboards.periods import Period
from standards.models import Standard
from tests.certification.dashboards.conftest import TODAY, at, certificate_of, request_of
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AwardingBodyFactory,
    StandardFactory,
)

pytestmark = pytest.mark.django_db
SINCE_2025 = Period(datetime.date(2025, 1, 1), TODAY)


def test_certificates_are_counted_per_year_and_awarding_body(centre, other_body):
    standard = StandardFactory()
    elsewhere = AssessmentCentreFactory(awarding_body=other_body)
    for day in (datetime.date(2025, 3, 1), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)):
        certificate_of(centre, standard=standard, issued_on=day)
    certificate_of(elsewhere, standard=standard, issued_on=datetime.date(2026, 3, 1))
    certificate_of(elsewhere, standard=standard, issued_on=datetime.date(2024, 3, 1))
    certificate_of(elsewhere, standard=standard, issued_on=datetime.date(2026, 3, 2),
                   status="cancelled")
    assert system.certificates_per_year(SINCE_2025).rows == (
        (2025, centre.awarding_body.name, 1), (2026, centre.awarding_body.name, 2),
        (2026, other_body.name, 1))


def test_requests_waiting_are_listed_per_awarding_body_most_first(centre, other_body):
    elsewhere = AssessmentCentreFactory(awarding_body=other_body)
    request_of(centre, requested_at=at(datetime.date(2026, 11, 2)))
    request_of(centre)
    request_of(elsewhere, requested_at=at(datetime.date(2026, 11, 27)))
    request_of(elsewhere, status="approved", decided_at=at(TODAY))
    assert system.waiting_per_body().rows == (
        (centre.awarding_body.name, 2, 20, 1, 1, 0), (other_body.name, 1, 1, 0, 0, 0))


def test_standards_ending_within_90_days_are_listed(db):
    soon = StandardFactory(code="EC0301", valid_until=TODAY + datetime.timedelta(days=90))
    StandardFactory(code="EC0302", valid_until=TODAY + datetime.timedelta(days=91))
    StandardFactory(code="EC0303", valid_until=TODAY + datetime.timedelta(days=5),
                    status=Standard.Status.DRAFT)
    assert system.standards_expiring().rows == (
        ("EC0301", soon.title, soon.valid_until, 90, 0),)


def test_dormant_standards_are_the_catalogues_own(db):
    StandardFactory(code="EC0401", dof_published_on=datetime.date(2020, 1, 6),
                    last_certified_on=datetime.date(2023, 5, 1))
    StandardFactory(code="EC0402", dof_published_on=datetime.date(2020, 1, 6),
                    last_certified_on=datetime.date(2026, 5, 1))
    assert [r[0] for r in system.dormant().rows] == ["EC0401"]


def test_bodies_and_centres_without_a_certificate_or_request_in_12_months_are_listed(
        centre, other_centre, other_body):
    quiet = AwardingBodyFactory(name="Organismo sin actividad")
    quiet_centre = AssessmentCentreFactory(awarding_body=quiet, name="Centro callado")
    certificate_of(quiet_centre, standard=StandardFactory(),
                   issued_on=TODAY - datetime.timedelta(days=366))
    certificate_of(centre, standard=StandardFactory(),
                   issued_on=TODAY - datetime.timedelta(days=364))
    request_of(AssessmentCentreFactory(awarding_body=other_body))
    assert system.inactive_bodies().rows == (
        ("Organismo sin actividad", quiet.state, TODAY - datetime.timedelta(days=366)),)
    names = [r[0] for r in system.inactive_centres().rows]
    assert "Centro callado" in names and "CONALEP Metepec" in names
    assert "CONALEP Toluca" not in names


def test_every_accreditation_expiring_is_counted_by_kind_of_holder(centre, other_body):
    until = TODAY + datetime.timedelta(days=45)
    AccreditationFactory(awarding_body=other_body, valid_until=until)
    AccreditationFactory(awarding_body=None, centre=centre, granted_by=centre.awarding_body,
                         valid_until=until)
    assert system.expiry_summary().rows[1][1:] == (1, 1, 0)
    assert len(system.expiring_list().rows) == 2


def test_export_everything_names_one_csv_per_table():
    assert set(system.TITLES) == set(system.TABLES)
