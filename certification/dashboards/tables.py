"""What a dashboard shows: tables of figures, each drawn as a bar chart beside it when it
counts something, and each exported as CSV with exactly the rows shown.

A table is plain data (no queryset, no model): the selectors build it from one aggregate
query, the template draws it, the CSV view writes it. `bars` gives the chart: one bar per
row for the table's `chart` column, as a share of the largest value, drawn as an SVG
rectangle whose width is an attribute: no script and no style attribute (strict CSP)."""

from dataclasses import dataclass

TEXT, INT, DATE, DAYS = "text", "int", "date", "days"


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header: stable, English, machine-friendly
    label: str  # what the page shows (translated lazily)
    kind: str = TEXT


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # percent of the widest bar


@dataclass(frozen=True)
class Table:
    key: str  # slug: the CSV's name and the page's anchor
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    note: str = ""
    chart: str | None = None  # key of the column drawn as bars (None: no chart)
    empty: str = ""  # what the page says when there is no row
    shown: int | None = None  # rows on the page when there are many (the CSV has all)

    @property
    def header(self) -> list[str]:
        return [column.key for column in self.columns]

    @property
    def page_rows(self) -> tuple[tuple, ...]:
        return self.rows if self.shown is None else self.rows[: self.shown]

    @property
    def labelled_rows(self) -> list[list[tuple[Column, object]]]:
        """The rows shown, each cell with its column (what the template needs)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.page_rows]

    @property
    def hidden(self) -> int:
        return len(self.rows) - len(self.page_rows)

    def value(self, row, key):
        return row[self.header.index(key)]

    @property
    def bars(self) -> list[Bar]:
        """One bar per row shown, for the chart column, labelled by the first column."""
        if self.chart is None or not self.rows:
            return []
        index = self.header.index(self.chart)
        rows = self.page_rows[:BARS_AT_MOST]
        widest = max((row[index] or 0) for row in rows) or 1
        return [Bar(label=" · ".join(str(cell) for cell in row[:index]), value=row[index] or 0,
                    width=round(100 * (row[index] or 0) / widest, 1))
                for row in rows]


BARS_AT_MOST = 20  # a chart of more bars says nothing a phone can read: the table does
