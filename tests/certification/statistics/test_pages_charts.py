"""The charts' geometry (certification/statistics/charts.py): bars in proportion to their
counts, a hidden cell without a bar, years as columns, the Lorenz curve from its table."""

from decimal import Decimal

from django.utils import translation

from certification.statistics import charts
from certification.statistics.tables import INT, SHARE, TEXT, YEAR, Column, Table


def table(key, columns, rows):
    return Table(key=key, title="T", columns=tuple(columns), rows=tuple(rows))


SECTORS = table("by_sector", [Column("sector", "Code"), Column("name", "Sector"),
                              Column("certificates", "Certificates", INT),
                              Column("share", "Share", SHARE)],
                [{"sector": "EDU", "name": "Educación", "certificates": 30,
                  "share": Decimal("75.0")},
                 {"sector": "TUR", "name": "Turismo", "certificates": 10,
                  "share": Decimal("25.0")},
                 {"sector": "AGR", "name": "Agricultura", "certificates": None,
                  "share": None}])


def test_bars_are_in_proportion_to_their_counts_and_named_by_the_name_column():
    chart = charts.chart_of(SECTORS)
    assert chart["kind"] == charts.BARS
    first, second, hidden = chart["bars"]
    assert [first["label"], second["label"]] == ["Educación", "Turismo"]
    assert abs(first["width"] - 3 * second["width"]) < 0.05
    assert first["width"] <= charts.WIDTH


def test_a_hidden_cell_has_no_bar_and_says_so_instead_of_a_number():
    with translation.override("en"):
        hidden = charts.chart_of(SECTORS)["bars"][2]
    assert hidden["suppressed"] and hidden["width"] == 0
    assert hidden["shown"] == "hidden"


def test_years_are_drawn_as_columns_under_round_gridlines():
    years = table("by_year", [Column("year", "Year", YEAR),
                              Column("certificates", "Certificates", INT)],
                  [{"year": 2024, "certificates": 9}, {"year": 2025, "certificates": 11}])
    chart = charts.chart_of(years)
    assert chart["kind"] == charts.COLUMNS
    first, second = chart["columns"]
    assert round(first["height"] / second["height"], 6) == round(9 / 11, 6)
    assert [line["text"] for line in chart["gridlines"]] == ["0", "5", "10", "15"]


def test_the_lorenz_curve_starts_at_zero_and_has_its_diagonal():
    curve = table("lorenz", [Column("standards_share", "x", SHARE),
                             Column("certificates_share", "y", SHARE)],
                  [{"standards_share": Decimal("50.0"), "certificates_share": Decimal("10.0")},
                   {"standards_share": Decimal("100.0"),
                    "certificates_share": Decimal("100.0")}])
    chart = charts.chart_of(curve)
    assert chart["kind"] == charts.LORENZ
    points = [tuple(map(float, p.split(","))) for p in chart["points"].split()]
    assert points[0] == (chart["left"], chart["base_y"])
    assert points[-1] == (chart["right"], chart["top"])
    assert chart["diagonal"] == ((chart["left"], chart["base_y"]), (chart["right"],
                                                                   chart["top"]))


def test_a_table_without_rows_or_numbers_gets_no_chart():
    assert charts.chart_of(table("empty", [Column("code", "Code", TEXT)], [])) is None
    assert charts.chart_of(table("dormant", [Column("code", "Code", TEXT)],
                                 [{"code": "EC0999"}])) is None


def test_long_labels_are_cut_in_the_chart_only():
    long = "Prestación de servicios para la atención, cuidado y desarrollo integral de las niñas"
    bars = charts.chart_of(table("top", [Column("code", "Code"), Column("certificates", "C",
                                                                          INT)],
                                 [{"code": long, "certificates": 3}]))["bars"]
    assert bars[0]["label"].endswith("…") and len(bars[0]["label"]) == charts.LABEL_CHARS
    assert bars[0]["full_label"] == long


def test_gridlines_are_round_numbers():
    assert charts.nice_ticks(181) == [0, 50, 100, 150, 200]
    assert charts.nice_ticks(1_000_000) == [0, 500_000, 1_000_000]
    assert charts.nice_ticks(0) == [0, 1]
