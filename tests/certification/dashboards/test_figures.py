"""The figures of a body's and a centre's dashboards against values worked out by hand."""

import datetime

import pytest

from bodies.models import Accreditation
from certification.dashboards import selectors
from certification.dashboards.periods import Period
from tests.certification.dashboards.conftest import TODAY, at, certificate_of, request_of
from tests.factories import AccreditationFactory, AssessorFactory, StandardFactory

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def row(table):
    assert len(table.rows) == 1
    return dict(zip(table.header, table.rows[0], strict=True))


def test_requests_waiting_are_counted_by_their_age_in_working_days(body, centre):
    # Today is Monday 30 November: a request of Monday 23 is 5 working days old, of
    # Friday 20 six, of Friday 13 eleven, of Friday 30 October 21.
    for day in (30, 27, 23, 20, 13):
        request_of(centre, requested_at=at(datetime.date(2026, 11, day)))
    request_of(centre, requested_at=at(datetime.date(2026, 10, 30)))
    request_of(centre, requested_at=at(datetime.date(2026, 10, 1)), status="approved",
               decided_at=at(datetime.date(2026, 10, 2)))
    figures = row(selectors.waiting(selectors.Scope(body=body)))
    assert figures == {"waiting": 6, "oldest_working_days": 21, "over_5": 3, "over_10": 2,
                       "over_20": 1}


def test_no_request_waiting_gives_zeros(body):
    assert row(selectors.waiting(selectors.Scope(body=body))) == {
        "waiting": 0, "oldest_working_days": 0, "over_5": 0, "over_10": 0, "over_20": 0}


def test_approval_times_give_the_median_and_the_90th_percentile_in_days(body, centre):
    for days_taken in (1, 2, 3, 4, 10):
        start = at(datetime.date(2026, 6, 1))
        request_of(centre, requested_at=start, status="approved",
                   decided_at=start + datetime.timedelta(days=days_taken))
    request_of(centre, requested_at=at(datetime.date(2025, 1, 1)), status="approved",
               decided_at=at(datetime.date(2025, 3, 1)))  # decided before the period
    request_of(centre, requested_at=at(datetime.date(2026, 6, 1)), status="rejected",
               decided_at=at(datetime.date(2026, 9, 1)), reason="Falta evidencia.")
    figures = row(selectors.approval_times(selectors.Scope(body=body), YEAR))
    # Sorted 1, 2, 3, 4, 10: the median is the third; the 90th percentile sits 0.6 of the
    # way from the fourth to the fifth (0.9 × 4 = 3.6): 4 + 0.6 × 6 = 7.6.
    assert figures == {"approved": 5, "median_days": 3.0, "p90_days": 7.6}


def test_approval_times_with_no_approval_are_empty(body):
    assert row(selectors.approval_times(selectors.Scope(body=body), YEAR)) == {
        "approved": 0, "median_days": None, "p90_days": None}


@pytest.fixture
def issued(body, centre, other_centre):
    """Certificates of the body in 2026 (and one before), some not counted."""
    ana = AssessorFactory(centre=centre, awarding_body=body, full_name="Ana Ruiz")
    luis = AssessorFactory(centre=other_centre, awarding_body=body, full_name="Luis Mora")
    popular, rare = StandardFactory(code="EC0217"), StandardFactory(code="EC0076")
    may = datetime.date(2026, 5, 4)
    for _ in range(3):
        certificate_of(centre, standard=popular, issued_on=may, assessor=ana)
    certificate_of(centre, standard=rare, issued_on=may, assessor=ana, status="revoked")
    certificate_of(other_centre, standard=popular, issued_on=may, assessor=luis)
    certificate_of(other_centre, standard=popular, issued_on=may)  # imported
    certificate_of(centre, standard=popular, issued_on=may, assessor=ana, status="cancelled")
    certificate_of(centre, standard=popular, issued_on=may, assessor=ana, status="replaced")
    certificate_of(centre, standard=popular, issued_on=datetime.date(2025, 12, 31),
                   assessor=ana)
    return popular, rare


def test_certificates_by_centre_count_those_issued_in_the_period_and_not_withdrawn_in_error(
        body, issued):
    table = selectors.by_centre(selectors.Scope(body=body), YEAR)
    assert table.rows == (("CONALEP Toluca", 4), ("CONALEP Metepec", 2))


def test_certificates_by_standard_most_first(body, issued):
    popular, rare = issued
    table = selectors.by_standard(selectors.Scope(body=body), YEAR)
    assert table.rows == (("EC0217", popular.title, 5), ("EC0076", rare.title, 1))


def test_certificates_by_assessor_name_imported_ones_apart(body, issued):
    table = selectors.by_assessor(selectors.Scope(body=body), YEAR)
    assert table.rows == (("Ana Ruiz", 4), ("Luis Mora", 1),
                          ("No assessor recorded (imported)", 1))


def test_a_centre_sees_only_its_own_figures(centre, issued):
    scope = selectors.Scope(centre=centre)
    assert [r[-1] for r in selectors.by_standard(scope, YEAR).rows] == [3, 1]
    assert selectors.by_assessor(scope, YEAR).rows == (("Ana Ruiz", 4),)
    assert "by_centre" not in selectors.tables_of(scope)


def test_rejection_reasons_are_grouped_whatever_their_capitals_most_frequent_first(
        body, centre):
    decided = at(datetime.date(2026, 8, 3))
    # (SQLite lowers only unaccented letters; PostgreSQL every letter.)
    for reason in ("Falta la firma del acta.", "  falta la firma del acta. ",
                   "FALTA LA FIRMA DEL ACTA.", "Evidencia ilegible.", "Evidencia ilegible."):
        request_of(centre, status="rejected", decided_at=decided, reason=reason)
    request_of(centre, status="rejected", decided_at=at(datetime.date(2025, 8, 3)),
               reason="Fuera del periodo.")
    table = selectors.rejection_reasons(selectors.Scope(body=body), YEAR)
    assert [n for _text, n in table.rows] == [3, 2]
    assert table.rows[0][0].lower() == "falta la firma del acta."
    assert table.rows[1] == ("Evidencia ilegible.", 2)


def _accredit(days_left, **holder):
    return AccreditationFactory(valid_from=datetime.date(2024, 1, 1),
                                valid_until=TODAY + datetime.timedelta(days=days_left),
                                **{"awarding_body": None, **holder})


def test_accreditations_and_cedulas_expiring_are_counted_within_30_60_and_90_days(
        body, centre, other_body):
    assessor = AssessorFactory(centre=centre, awarding_body=body)
    _accredit(0, centre=centre, granted_by=body)
    _accredit(30, centre=centre, granted_by=body)
    _accredit(31, assessor=assessor, granted_by=body)
    _accredit(90, assessor=assessor, granted_by=body)
    _accredit(91, centre=centre, granted_by=body)  # later
    _accredit(-1, centre=centre, granted_by=body)  # already ended
    _accredit(10, centre=centre, granted_by=body, status=Accreditation.Status.SUSPENDED)
    _accredit(10, awarding_body=body)  # its own, from CONOCER: a table of its own
    scope = selectors.Scope(body=body)
    assert selectors.expiry_summary(scope).rows == (
        ("Within 30 days", 2, 0), ("In 31 to 60 days", 0, 1), ("In 61 to 90 days", 0, 1))
    assert [r[-1] for r in selectors.expiring_list(scope).rows] == [0, 30, 31, 90]
    assert [r[-1] for r in selectors.conocer_accreditations(scope).rows] == [10]
