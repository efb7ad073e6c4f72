"""The minute sweep queues the PDFs that a broker outage, a lost message or a dead worker
left behind, and a refused publish never undoes an approval."""

import datetime
import logging
from unittest import mock

import pytest
from celery.schedules import crontab
from django.db import connection
from kombu.exceptions import OperationalError as BrokerError

from certification.issuance.models import Certificate
from certification.issuance.services import requests
from certification.issuance.tasks import ensure_certificate_pdfs
from conocer.celery import app
from conocer.core import clock
from tests.certification.issuance.test_requests import waiting_requests
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

REFUSED = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def queued_minutes_ago(certificate, minutes):
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf_queued_at=clock.now() - datetime.timedelta(minutes=minutes))


@pytest.fixture
def broker_down():
    with mock.patch("certification.issuance.tasks.render_certificate_pdf.apply_async",
                    side_effect=REFUSED) as publish:
        yield publish


def test_approval_records_when_the_pdf_was_queued(submitted_request, reviewer):
    certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert certificate.pdf_queued_at is not None


def test_the_sweep_queues_a_certificate_whose_pdf_was_never_queued(pdf_queue):
    certificate = CertificateFactory()
    assert ensure_certificate_pdfs() == 1
    assert pdf_queue == [certificate.pk]


def test_the_sweep_queues_a_pdf_queued_too_long_ago(pdf_queue, settings):
    settings.PDF_REQUEUE_AFTER = 600
    certificate = CertificateFactory()
    queued_minutes_ago(certificate, 11)
    assert ensure_certificate_pdfs() == 1
    assert pdf_queue == [certificate.pk]


def test_the_sweep_leaves_a_pdf_queued_moments_ago(pdf_queue, settings):
    settings.PDF_REQUEUE_AFTER = 600
    queued_minutes_ago(CertificateFactory(), 2)
    assert ensure_certificate_pdfs() == 0
    assert pdf_queue == []


def test_the_sweep_leaves_certificates_that_have_their_pdf(pdf_queue):
    Certificate.objects.filter(pk=CertificateFactory().pk).update(pdf_sha256="a" * 64)
    assert ensure_certificate_pdfs() == 0


def test_what_the_sweep_queued_is_left_alone_by_the_next_run(pdf_queue):
    certificate = CertificateFactory()
    ensure_certificate_pdfs()
    assert ensure_certificate_pdfs() == 0
    assert pdf_queue == [certificate.pk]
    assert Certificate.objects.get(pk=certificate.pk).pdf_queued_at is not None


def test_the_sweep_queues_at_most_a_batch_per_run(pdf_queue, settings):
    settings.PDF_SWEEP_BATCH = 2
    made = {CertificateFactory().pk for _ in range(3)}
    assert ensure_certificate_pdfs() == 2
    assert ensure_certificate_pdfs() == 1
    assert set(pdf_queue) == made and len(pdf_queue) == 3


def test_the_sweep_stops_at_the_brokers_first_refusal_and_keeps_the_rows_waiting(
        broker_down):
    for _ in range(3):
        CertificateFactory()
    assert ensure_certificate_pdfs() == 0
    assert broker_down.call_count == 1
    assert not Certificate.objects.filter(pdf_queued_at__isnull=False).exists()


def test_the_sweep_runs_every_minute_under_beat():
    entry = app.conf.beat_schedule["ensure-certificate-pdfs"]
    assert entry["task"] == "issuance.ensure_certificate_pdfs"
    assert entry["schedule"] == crontab(minute="*")


def test_an_approval_the_broker_refuses_still_issues_and_is_left_for_the_sweep(
        submitted_request, reviewer, broker_down, django_capture_on_commit_callbacks,
        caplog):
    with django_capture_on_commit_callbacks(execute=True), \
            caplog.at_level(logging.WARNING, logger="conocer.core.tasks"):
        certificate = requests.approve_request(actor=reviewer,
                                               request_id=submitted_request.pk)
    certificate.refresh_from_db()
    assert certificate.pdf_queued_at is None  # the next sweep queues it
    assert broker_down.call_count == 1
    [warning] = caplog.records
    assert "issuance.render_certificate_pdf" in warning.getMessage()
    assert str(certificate.pk) in warning.getMessage()
    assert submitted_request.assessment.person.curp not in warning.getMessage()


def test_bulk_approval_goes_on_when_the_broker_refuses(
        client, reviewer, centre, standard, assessor_user, broker_down,
        django_capture_on_commit_callbacks):
    waiting_requests(3, centre=centre, standard=standard, assessor_user=assessor_user)
    client.force_login(reviewer)
    ids = list(requests.CertificateRequest.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/solicitudes/aprobar/", {"request": ids, "confirmed": "yes"})
    assert response.status_code == 302
    assert Certificate.objects.count() == 3
    assert broker_down.call_count == 3


def test_a_pdf_asked_for_while_the_broker_is_down_is_rendered_and_served(
        client, submitted_request, reviewer, broker_down):
    certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    client.force_login(reviewer)
    response = client.get(f"/certificados/{certificate.folio}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Certificate.objects.get(pk=certificate.pk).pdf_sha256


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partial index on PostgreSQL")
def test_the_sweep_reads_only_the_index_of_certificates_waiting_for_their_pdf():
    from certification.issuance import selectors

    qs = selectors.certificates_awaiting_pdf(queued_before=clock.now())[:500]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "certificate_pdf_pending" in plan
