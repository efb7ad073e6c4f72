"""CSV exports neutralise formula injection: text that a spreadsheet would run as a
formula gets a leading apostrophe; numbers and dates are written as they are."""

import ast
import datetime
import decimal
from pathlib import Path

import pytest

from conocer.core.csvexport import csv_lines, safe_cell

HOSTILE = ['=HYPERLINK("http://x","y")', "+SUM(1)", "-1+2", "@SUM(1)", "\tX", "\rX"]
ROOT = Path(__file__).resolve().parents[2]
PROJECT = ["conocer", "standards", "bodies", "certification"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Evaluación de candidatos", "EC0076", "", " =x", "'ya",
                                  "1+1", "Niñas y niños"])
def test_ordinary_text_is_written_as_it_is(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-3, 0, 2, decimal.Decimal("-2800.00"), -1.5,
                                   datetime.date(2026, 5, 4), None])
def test_numbers_and_dates_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_csv_lines_writes_a_header_and_rows_with_every_text_cell_neutralised():
    lines = list(csv_lines([["title", "level"], ["=1+1", -2], ["Atención", 3]]))
    assert lines == ["title,level\r\n", "'=1+1,-2\r\n", "Atención,3\r\n"]


def _writers_of_csv(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name) and node.value.id == "csv"]


def test_every_csv_export_writes_through_the_one_neutralising_writer():
    """A new export that calls csv.writer itself would skip the neutralisation."""
    own = ROOT / "conocer" / "core" / "csvexport.py"
    found = [place for package in PROJECT for path in (ROOT / package).rglob("*.py")
             if path != own and "migrations" not in path.parts
             for place in _writers_of_csv(path)]
    assert found == []
