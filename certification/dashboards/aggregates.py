"""Aggregates the ORM does not ship: percentiles of a duration, and the date a request
must have been made before to be waiting more than N working days.

Percentiles are continuous (linear interpolation between the two nearest values, as
PostgreSQL's `percentile_cont` and the "inclusive" method of Python's statistics module
compute them): on PostgreSQL the database computes them over the rows it selects, in one
query; on SQLite, which has no ordered-set aggregates, the durations are read (one
column, in order) and interpolated exactly the same way. The tests run both on the same
requests and compare."""

import datetime
import math

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, QuerySet

from certification.issuance.selectors import working_days_between
from conocer.core import clock


class Seconds(Func):
    """The seconds between two timestamps, as a float (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))::double precision"
    arg_joiner = " - "
    output_field = FloatField()


class PercentileCont(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY expression), on PostgreSQL."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("a percentile is a fraction between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def interpolated(ordered: list[float], fraction: float) -> float | None:
    """The continuous percentile of values already sorted (None when there is none)."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def duration_percentiles(rows: QuerySet, start: str, end: str,
                         fractions: dict[str, float]) -> dict[str, float | None]:
    """{name: percentile of (end - start) in seconds} over `rows`, plus "n", their count."""
    rows = rows.order_by()
    if connection.vendor == "postgresql":
        seconds = Seconds(F(end), F(start))
        return rows.aggregate(n=Count("pk"), **{
            name: PercentileCont(seconds, fraction) for name, fraction in fractions.items()})
    durations = sorted((finished - begun).total_seconds()
                       for begun, finished in rows.values_list(start, end))
    return {"n": len(durations), **{name: interpolated(durations, fraction)
                                    for name, fraction in fractions.items()}}


def waiting_longer_than(days: int, *, today: datetime.date | None = None) -> datetime.date:
    """The last day a request could have been made on and be more than `days` working days
    old today (age as the queue counts it: working days after the day it was made)."""
    today = today or clock.today()
    day = today - datetime.timedelta(days=days)  # never far: a working day is a day or more
    while working_days_between(day, today) <= days:
        day -= datetime.timedelta(days=1)
    return day
