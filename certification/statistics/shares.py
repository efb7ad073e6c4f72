"""The two rules every figure of the dashboard follows.

Rounding: shares are percentages with one decimal place, made to add up to exactly 100.0
by the largest remainder method (Hamilton's): each share is first rounded down to a tenth
of a percent, and the tenths still missing to make 100.0 go one each to the shares that
lost the most in rounding down (ties: the larger count, then the earlier row). A single
share of a part in a whole (a cumulative figure: "the top 5 standards account for X%")
is rounded half up instead.

Suppression: a count of people from 1 to STATISTICS_MIN_COUNT - 1 (5 by default, a
setting) is not shown where it could point at someone: it and its share become None and
the table says it is suppressed. When a table would hide just one cell, the smallest
other non-zero cell is hidden with it, so that the hidden one cannot be recovered from the
total; the totals themselves stay true (they count every certificate).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

TENTH = Decimal("0.1")
WHOLE = 1000  # 100.0 %, in tenths of a percent


def min_count() -> int:
    return settings.STATISTICS_MIN_COUNT


def largest_remainder(counts: list[int]) -> list[Decimal | None]:
    """Shares of `counts` in their sum, in percent with one decimal, adding up to 100.0
    (None for every one when the sum is zero)."""
    total = sum(counts)
    if total <= 0:
        return [None] * len(counts)
    tenths = [count * WHOLE // total for count in counts]
    missing = WHOLE - sum(tenths)
    order = sorted(range(len(counts)),
                   key=lambda i: (-(counts[i] * WHOLE % total), -counts[i], i))
    for i in order[:missing]:
        tenths[i] += 1
    return [(Decimal(t) / 10).quantize(TENTH) for t in tenths]


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal, rounded half up."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def with_shares(rows: list[dict], *, count="certificates", share="share") -> list[dict]:
    """The rows, each with the share of its count in the rows' sum."""
    shares = largest_remainder([row[count] for row in rows])
    return [{**row, share: value} for row, value in zip(rows, shares, strict=True)]


def suppress(rows: list[dict], *, count="certificates", hide=("share",),
             threshold: int | None = None) -> tuple[list[dict], bool]:
    """Rows whose `count` is from 1 to threshold - 1 with it and the `hide` cells set to
    None (and the smallest other non-zero one when only one would be hidden); returns the
    rows and whether anything was hidden."""
    threshold = min_count() if threshold is None else threshold
    small = {i for i, row in enumerate(rows) if 0 < (row[count] or 0) < threshold}
    if len(small) == 1:
        others = [i for i, row in enumerate(rows) if i not in small and (row[count] or 0) > 0]
        if others:
            small.add(min(others, key=lambda i: (rows[i][count], -i)))
    hidden = [
        {**row, **{key: None for key in (count, *hide) if key in row}} if i in small else row
        for i, row in enumerate(rows)
    ]
    return hidden, bool(small)
