"""Charts of the public dashboard, drawn on the server as SVG: no script, no CDN, nothing
for the page's Content-Security-Policy to refuse. This module only measures (where each
bar, tick and label goes, in the units of a fixed viewBox); the templates under
templates/certification/statistics/charts/ write the SVG, so every label is escaped by
the template engine. Colours and fonts come from static/css/statistics.css (classes,
never style attributes).

Every chart is drawn from a `Table` (certification/statistics/tables.py) and shown beside
that same table, which carries the exact numbers; the chart only has to be readable at
390 px. A suppressed cell (value None: too few people behind it) has no bar and says
"hidden" instead of a number; the table's note says why.
"""

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 400  # viewBox width; the SVG scales to its box (width: 100%)
LABEL_CHARS = 56  # longer labels are cut in the chart (the table beside has them whole)

# Which drawing each table gets; a table not named here is drawn by its first columns.
COLUMNS, BARS, LORENZ = "columns", "bars", "lorenz"


def suppressed_text() -> str:
    """What a hidden cell says. Not "fewer than 5": to keep one hidden count from being
    worked out from the total, a second, larger one may be hidden with it (shares.py);
    the table's note says which counts are hidden and why."""
    return _("hidden")


def format_number(value) -> str:
    """A count as the page's language writes it (1 234 567 in Spanish, 1,234,567 in
    English)."""
    return number_format(value, force_grouping=True)


def format_share(value) -> str:
    """A percentage with one decimal, as the page's language writes it (37,6 % / 37.6%)."""
    return _("%(share)s%%") % {"share": number_format(Decimal(str(value)), 1)}


def format_cell(value, kind: str) -> str:
    if value is None:
        return suppressed_text()
    if kind == "int":
        return format_number(value)
    if kind == "share":
        return format_share(value)
    return str(value)


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round gridline values from 0 to at least `top`: steps of 1, 2 or 5 × 10ⁿ."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1) if isinstance(top, int) else step
    return [step * i for i in range(math.ceil(top / step) + 1)]


# The column a chart draws, by preference: the count of what the table counts.
VALUE_KEYS = ("certificates", "assessments", "standards")
# The column that names a bar, by preference (a name reads better than a code, a code
# better than a long title).
LABEL_KEYS = ("name", "code", "awarding_body")


# Tables whose bars draw another column than their count.
VALUE_OF = {"concentration": "share"}


def label_and_value(table):
    """(label column, value column) a bar chart draws."""
    by_key = {column.key: column for column in table.columns}
    if table.key in VALUE_OF:
        return by_key.get("top", table.columns[0]), by_key[VALUE_OF[table.key]]
    label = next((by_key[key] for key in LABEL_KEYS if key in by_key), None) or next(
        (c for c in table.columns if c.kind in ("text", "year")), table.columns[0])
    value = next((by_key[key] for key in VALUE_KEYS if key in by_key), None) or next(
        (c for c in table.columns if c.kind in ("int", "share") and c is not label), None)
    return label, value


def label_text(column, value) -> str:
    """How a bar is named: a level or a "top N" row in words, anything else as it is."""
    if column.key == "level" and value is not None:
        return _("Level %(n)s") % {"n": value}
    if column.key == "top" and value is not None:
        return _("Top %(n)s") % {"n": value}
    return "" if value is None else str(value)


def kind_of(table) -> str:
    if "lorenz" in table.key:
        return LORENZ
    label, _value = label_and_value(table)
    return COLUMNS if label.kind == "year" else BARS


def _points(table, label, value):
    """(label text, value or None, value as shown) of each row."""
    return [(label_text(label, row.get(label.key)), row.get(value.key),
             format_cell(row.get(value.key), value.kind)) for row in table.rows]


def horizontal_bars(table) -> dict:
    """One bar per row, its label above it and its value after it: long labels (a
    standard's title, a body's name) keep the full width of a phone."""
    label, value = label_and_value(table)
    points = _points(table, label, value)
    top = max((v for _l, v, _t in points if v is not None), default=0) or 1
    room = WIDTH - 84  # the widest bar leaves room for its value
    row, bars = 34, []
    for index, (text, amount, shown) in enumerate(points):
        y = 4 + index * row
        length = 0 if amount is None else max(1.5, float(amount) / float(top) * room)
        bars.append({
            "label": _shorten(text), "full_label": text, "shown": shown,
            "suppressed": amount is None, "label_y": y + 11, "bar_y": y + 15,
            "width": round(length, 2), "value_x": round(length + 5, 2), "value_y": y + 25,
        })
    return {"kind": BARS, "view_box": f"0 0 {WIDTH} {4 + row * max(1, len(points))}",
            "bars": bars, "value_label": value.label}


def vertical_columns(table) -> dict:
    """Columns over a time line (certificates per year), with gridlines; every year is
    named under its column unless there are too many to read, then every other one."""
    label, value = label_and_value(table)
    points = _points(table, label, value)
    left, right, top_margin, plot_h = 62, 8, 10, 180
    plot_w = WIDTH - left - right
    highest = max((v for _l, v, _t in points if v is not None), default=0)
    ticks = nice_ticks(highest)
    scale = plot_h / ticks[-1]
    slot = plot_w / max(1, len(points))
    every = 1 if len(points) <= 10 else 2
    columns = []
    for index, (text, amount, shown) in enumerate(points):
        height = 0 if amount is None else float(amount) * scale
        x = left + index * slot
        columns.append({
            "label": text, "shown": shown, "suppressed": amount is None,
            "x": round(x + slot * 0.15, 2), "width": round(slot * 0.7, 2),
            "y": round(top_margin + plot_h - height, 2), "height": round(height, 2),
            "label_x": round(x + slot / 2, 2), "named": index % every == 0,
        })
    gridlines = [{"y": round(top_margin + plot_h - t * scale, 2), "text": format_number(t)}
                 for t in ticks]
    return {"kind": COLUMNS, "view_box": f"0 0 {WIDTH} {top_margin + plot_h + 24}",
            "columns": columns, "gridlines": gridlines, "left": left,
            "right": WIDTH - right, "base_y": top_margin + plot_h,
            "label_y": top_margin + plot_h + 16, "value_label": value.label}


def lorenz(table) -> dict:
    """The cumulative share of certificates (y) against the cumulative share of standards
    (x), from the table's first two share columns, with the diagonal of an even spread."""
    shares = [c for c in table.columns if c.kind == "share"][:2]
    left, top_margin, side = 66, 10, 300
    x_col, y_col = shares

    def at(x, y):
        return round(left + float(x) / 100 * side, 2), round(top_margin + side - float(y) / 100
                                                             * side, 2)

    points = [at(0, 0)] + [at(row[x_col.key], row[y_col.key]) for row in table.rows
                           if row.get(x_col.key) is not None and row.get(y_col.key) is not None]
    ticks = [{"value": t, "text": _("%(share)s%%") % {"share": t}, "x": at(t, 0)[0],
              "y": at(0, t)[1]}
             for t in (0, 25, 50, 75, 100)]
    return {"kind": LORENZ, "view_box": f"0 0 {WIDTH} {top_margin + side + 44}",
            "points": " ".join(f"{x},{y}" for x, y in points),
            "diagonal": (at(0, 0), at(100, 100)), "ticks": ticks, "left": left,
            "right": left + side, "top": top_margin, "base_y": top_margin + side,
            "x_label": x_col.label, "y_label": y_col.label,
            "x_label_y": top_margin + side + 38}


DRAW = {COLUMNS: vertical_columns, BARS: horizontal_bars, LORENZ: lorenz}


def chart_of(table) -> dict | None:
    """What the chart template draws for `table`, or None when there is nothing to draw
    (no rows, or no numeric column)."""
    if not table.rows:
        return None
    kind = kind_of(table)
    if kind == LORENZ and len([c for c in table.columns if c.kind == "share"]) < 2:
        return None
    if kind != LORENZ and label_and_value(table)[1] is None:
        return None
    return DRAW[kind](table)
