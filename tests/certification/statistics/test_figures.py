"""Every aggregate of the dashboard against figures worked out by hand on a fixed
registry (dataset.py): counts, shares adding up to 100.0, filters and suppression."""

from decimal import Decimal

import pytest
from django.utils import translation

from certification.statistics import selectors
from certification.statistics.filters import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(built, settings):
    """The fixed registry, its labels read in English (the source language)."""
    settings.STATISTICS_MIN_COUNT = 5
    with translation.override("en"):
        yield built


def rows(table, *keys):
    return [tuple(row[key] for key in keys) for row in table.rows]


def d(text):
    return Decimal(text)


def test_certificates_per_year_count_valid_and_revoked_but_not_cancelled_or_replaced(registry):
    table = selectors.by_year()
    assert rows(table, "year", "certificates", "revoked") == [(2024, 8, 1 - 1), (2025, 8, 1)]
    assert table.total == 16 and not table.suppressed


def test_top_standards_have_exact_shares_of_all_certificates_by_largest_remainder(registry):
    table = selectors.top_standards()
    assert rows(table, "rank", "code", "certificates", "share") == [
        (1, "EC0001", 10, d("62.5")), (2, "EC0002", 3, d("18.8")), (3, "EC0003", 3, d("18.7"))]
    assert sum(row["share"] for row in table.rows) == d("100.0")


def test_qualifications_are_counted_apart_and_never_among_the_top_standards(registry):
    assert "EC0005" not in [row["code"] for row in selectors.top_standards().rows]
    assert rows(selectors.by_kind(), "certificates", "share") == [(16, d("94.1")), (1, d("5.9"))]


def test_sector_level_and_state_shares_add_up_to_exactly_100(registry):
    assert rows(selectors.by_sector(), "sector", "certificates", "share") == [
        ("A", 13, d("81.3")), ("B", 3, d("18.7"))]
    assert rows(selectors.by_level(), "level", "certificates", "share") == [
        (1, 0, d("0.0")), (2, 13, d("81.3")), (3, 3, d("18.7")), (4, 0, d("0.0")),
        (5, 0, d("0.0"))]
    states = {row["state"]: (row["certificates"], row["share"])
              for row in selectors.by_state().rows}
    assert len(states) == 32
    assert states["MEX"] == (13, d("81.3")) and states["YUC"] == (3, d("18.7"))
    assert sum(share for _count, share in states.values()) == d("100.0")


def test_awarding_bodies_are_ranked_by_their_certificates(registry):
    assert rows(selectors.by_awarding_body(), "awarding_body", "certificates", "share") == [
        ("Entidad Uno", 13, d("81.3")), ("Entidad Dos", 3, d("18.7"))]


def test_concentration_says_what_share_the_top_standards_hold(registry):
    assert rows(selectors.concentration(), "top", "certificates", "share") == [
        (1, 10, d("62.5"))]


def test_the_lorenz_curve_counts_the_standards_never_used(registry):
    points = rows(selectors.lorenz(), "standards_share", "certificates_share")
    assert points[0] == (d("0.0"), d("0.0")) and points[-1] == (d("100.0"), d("100.0"))
    assert (d("25.0"), d("0.0")) in points
    assert (d("50.0"), d("18.8")) in points and (d("75.0"), d("37.5")) in points


def test_standards_published_and_used(registry):
    table = selectors.standards_usage()
    assert rows(table, "standards", "share") == [(3, d("75.0")), (1, d("25.0"))]
    assert table.total == 4


def test_a_standard_without_certificates_for_two_years_is_dormant(registry):
    codes = [row["code"] for row in selectors.dormant_standards().rows]
    assert "EC0004" in codes and "EC0006" not in codes and "EC0005" not in codes


def test_breakdowns_by_sex_hide_the_small_cell_and_one_more_and_keep_the_total(registry):
    table = selectors.by_sex()
    assert rows(table, "sex", "certificates", "share") == [
        ("Men", None, None), ("Women", 10, d("62.5")), ("Non-binary", 0, d("0.0")),
        ("Not recorded", None, None)]
    assert table.suppressed and table.total == 16
    assert "5" in table.note


def test_age_bands_come_from_the_birth_date_in_the_curp(registry, settings):
    settings.STATISTICS_MIN_COUNT = 1
    bands = dict(rows(selectors.by_age_band(), "age_band", "certificates"))
    assert bands["25 to 34"] == 15 and bands["Not recorded"] == 1
    assert sum(bands.values()) == 16


def test_filters_narrow_every_figure(registry, settings):
    settings.STATISTICS_MIN_COUNT = 1
    only_2025 = Filters(year_from=2025)
    assert rows(selectors.by_year(only_2025), "year", "certificates") == [(2025, 8)]
    assert rows(selectors.top_standards(Filters(sector="B")), "code", "certificates") == [
        ("EC0003", 3)]
    assert rows(selectors.by_state(Filters(state="YUC")), "state", "certificates") == [
        ("YUC", 3)]
    assert rows(selectors.by_level(Filters(level=3)), "level", "certificates") == [(3, 3)]
    assert selectors.standards_usage(Filters(sector="B")).total == 2


def test_a_narrowed_breakdown_hides_counts_under_the_minimum(registry):
    table = selectors.top_standards(Filters(state="YUC"))
    assert rows(table, "code", "certificates", "share") == [("EC0002", None, None)]
    assert table.suppressed and table.total == 3
    year = selectors.by_year(Filters(year_from=2025))
    assert rows(year, "certificates", "revoked") == [(8, None)]


def test_the_whole_country_unfiltered_is_never_suppressed_but_people_always_are(registry):
    tables = selectors.dashboard()
    suppressed = {key for key, table in tables.items() if table.suppressed}
    assert suppressed == {"by_sex", "by_age_band"}


def test_every_share_column_adds_up_to_100_or_is_partly_hidden(registry):
    for table in selectors.dashboard().values():
        if table.key in ("top_standards", "concentration", "lorenz"):
            continue
        values = [row.get("share") for row in table.rows if "share" in row]
        if values and None not in values:
            assert sum(values) == d("100.0"), table.key


def test_open_data_lists_every_standard_with_its_certificates(registry):
    tables = selectors.open_tables()
    assert list(tables) == ["by_year", "by_standard", "by_state", "by_sector", "by_level"]
    by_code = {row["code"]: row for row in tables["by_standard"].rows}
    assert by_code["EC0001"]["certificates"] == 10 and by_code["EC0001"]["revoked"] == 1
    assert by_code["EC0004"]["certificates"] == 0
    assert by_code["EC0005"]["certificates"] == 1
    assert "EC0006" not in by_code


def test_filter_choices_list_the_years_with_certificates(registry):
    choices = selectors.filter_choices()
    assert choices["years"] == [2024, 2025]
    assert ("A", "Agricultura") in choices["sectors"] and len(choices["states"]) == 32


def test_an_unknown_table_is_a_key_error(registry):
    with pytest.raises(KeyError):
        selectors.table("by_planet")


