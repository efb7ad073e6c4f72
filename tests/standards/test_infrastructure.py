import datetime

import pytest
from django.db import connection

from certification.issuance.models import Certificate
from certification.issuance.services.usage import refresh_standard_usage
from conocer.celery import app
from standards import search
from tests.factories import CertificateFactory, StandardFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text index is PostgreSQL")
def test_catalogue_search_can_use_the_full_text_index():
    StandardFactory()
    qs = search.search(StandardFactory._meta.model.objects.all(), "evaluación")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "standard_search_idx" in plan


def test_every_periodic_task_names_a_registered_task():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_usage_counts_people_with_valid_certificates_and_the_last_issue_date():
    standard = StandardFactory()
    CertificateFactory(standard=standard, issued_on=datetime.date(2025, 1, 1))
    CertificateFactory(standard=standard, issued_on=datetime.date(2026, 3, 1),
                       status=Certificate.Status.REVOKED, status_reason="Irregular.")
    assert refresh_standard_usage() >= 1
    standard.refresh_from_db()
    assert standard.certified_count == 1
    assert standard.last_certified_on == datetime.date(2026, 3, 1)
    assert refresh_standard_usage() == 0
