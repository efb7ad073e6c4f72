"""Median and 90th percentile: PostgreSQL's percentile_cont in the database, the same
interpolation in Python on SQLite, giving the same answers."""

import datetime
import random
import statistics

import pytest
from django.db import connection

from certification.dashboards import aggregates
from certification.issuance.models import CertificateRequest
from tests.certification.dashboards.conftest import NOON, request_of


@pytest.mark.parametrize("size", [1, 2, 5, 10, 37])
def test_the_python_interpolation_is_the_inclusive_method_of_the_statistics_module(size):
    values = sorted(random.Random(size).uniform(0, 1e6) for _ in range(size))
    if size > 1:
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        assert aggregates.interpolated(values, 0.9) == pytest.approx(deciles[8])
        assert aggregates.interpolated(values, 0.5) == pytest.approx(statistics.median(values))
    else:
        assert aggregates.interpolated(values, 0.9) == values[0]


def test_no_value_has_no_percentile():
    assert aggregates.interpolated([], 0.5) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont: PostgreSQL")
@pytest.mark.django_db
def test_postgresql_computes_the_same_percentiles_as_python(centre):
    rng = random.Random(15)
    for _ in range(37):
        taken = datetime.timedelta(seconds=rng.randrange(60, 40 * 86_400))
        request_of(centre, requested_at=NOON - taken - datetime.timedelta(days=50),
                   status="approved", decided_at=NOON - datetime.timedelta(days=50))
    rows = CertificateRequest.objects.filter(awarding_body=centre.awarding_body)
    in_database = aggregates.duration_percentiles(rows, "requested_at", "decided_at",
                                                  {"median": 0.5, "p90": 0.9})
    durations = sorted((r.decided_at - r.requested_at).total_seconds() for r in rows)
    assert in_database["n"] == 37
    assert in_database["median"] == pytest.approx(aggregates.interpolated(durations, 0.5))
    assert in_database["p90"] == pytest.approx(aggregates.interpolated(durations, 0.9))
