"""A worker SIGKILLed in the middle of a batch of PDF renderings loses nothing: its
unacknowledged tasks come back after the visibility timeout and a new worker renders
every PDF, exactly once."""

import hashlib
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings

from certification.issuance.models import Certificate
from certification.issuance.tasks import render_certificate_pdf
from conocer.celery import app as celery_app
from conocer.core.models import AuditEvent
from tests.factories import CertificateFactory

from .processes import kill, require_real_services, start_worker, stop, wait_until, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH = 200
# Short for the test: a task taken by a dead worker comes back after this many seconds
# (300 in production), looked for every second.
VISIBILITY_TIMEOUT = 12


def rendered() -> int:
    return Certificate.objects.exclude(pdf_sha256="").count()


@pytest.fixture
def queue():
    require_real_services()
    name = f"test-kill-{uuid.uuid4().hex[:8]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = previous


def test_a_worker_killed_mid_batch_leaves_every_certificate_with_exactly_one_pdf(
        queue, settings, tmp_path, record_property):
    certificates = [CertificateFactory() for _ in range(BATCH)]
    env = worker_env(settings, queue, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
                     CELERY_TASK_TIME_LIMIT=str(VISIBILITY_TIMEOUT - 2),
                     CELERY_RESTORE_INTERVAL="1")
    workers = [start_worker(env, queue, log=tmp_path / "first.log", concurrency=2,
                            name="first")]
    try:
        for certificate in certificates:
            render_certificate_pdf.delay(certificate.pk)
        assert wait_until(lambda: rendered() >= 30, timeout=90), "the first worker rendered nothing"
        broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
        kill(workers[0])
        killed_at, done_before = time.monotonic(), rendered()
        in_flight = broker.hlen("unacked")
        assert done_before < BATCH, "the batch finished before the worker was killed"

        workers.append(start_worker(env, queue, log=tmp_path / "second.log",
                                    concurrency=2, name="second"))
        assert wait_until(lambda: rendered() == BATCH, timeout=150, interval=0.5), (
            f"{BATCH - rendered()} PDFs missing after the new worker started")
        recovery = time.monotonic() - killed_at
    finally:
        for worker in workers:
            stop(worker)

    media = Path(settings.MEDIA_ROOT) / "certificates"
    expected = {f"{c.folio}.pdf" for c in certificates}
    files = {p.name for p in media.iterdir()}
    generated = AuditEvent.objects.filter(action="certificate.pdf_generated").count()
    lost = len(expected - files) + (BATCH - rendered())
    duplicated = len(files - expected) + (generated - BATCH)
    figures = {"batch": BATCH, "rendered_before_kill": done_before,
               "unacked_at_kill": in_flight, "lost": lost, "duplicated": duplicated,
               "recovery_seconds": round(recovery, 1),
               "visibility_timeout_seconds": VISIBILITY_TIMEOUT}
    record_property("worker_kill", figures)
    print(f"\nworker killed: {figures}")
    assert (lost, duplicated) == (0, 0)
    for certificate in Certificate.objects.all():
        assert hashlib.sha256((media / f"{certificate.folio}.pdf").read_bytes()
                              ).hexdigest() == certificate.pdf_sha256
