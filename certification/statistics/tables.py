"""What every aggregate is handed out as: a titled table of typed columns and plain rows.

Pages render it (chart and table), the CSV writes its rows, the API returns it as JSON:
the same object, so the three always show the same numbers. Rows are dicts keyed by the
columns' keys. A suppressed cell (too few people behind it) is None, and the table says
so in `suppressed` and `note`; shares are Decimals with one decimal place."""

from dataclasses import dataclass, field
from decimal import Decimal

TEXT, INT, SHARE, YEAR = "text", "int", "share", "year"
KINDS = (TEXT, INT, SHARE, YEAR)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # translated lazily
    kind: str = TEXT  # "text" | "int" | "share" | "year"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Table:
    key: str  # slug: "by_year", "top_standards", …
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict, ...]
    note: str = ""  # how it is counted, rounded and suppressed, in a sentence or two
    suppressed: bool = False  # True when at least one cell is None for too few people
    total: int | None = None  # what the shares are shares of (None: no shares)
    extra: dict = field(default_factory=dict)  # e.g. {"threshold": 5}

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def as_json(self) -> dict:
        """The table as the API returns it: cells as JSON numbers, strings and nulls."""
        return {
            "key": self.key,
            "title": str(self.title),
            "note": str(self.note),
            "suppressed": self.suppressed,
            "total": self.total,
            "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind}
                        for c in self.columns],
            "rows": [{c.key: json_cell(row.get(c.key)) for c in self.columns}
                     for row in self.rows],
        }


def json_cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)
