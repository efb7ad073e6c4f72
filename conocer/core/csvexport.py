"""CSV files that people open in a spreadsheet: every export writes through `csv_lines`.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP): a standard titled
`=HYPERLINK("http://x","y")` would become a link in the reader's sheet. Such text gets a
leading apostrophe, which spreadsheets read as "this is text" and do not show. Only text
is changed: numbers, decimals and dates are written as they are, so a negative number
stays a number, while text that merely looks like arithmetic ("-1+2") is kept as text.
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet must see it: text that would be a formula, neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line: lets csv.writer stream."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Rows (a header first, then records) as CSV lines, ready to stream."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
