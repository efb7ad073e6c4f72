"""With the broker frozen or stopped, reviewers keep approving: each approval answers in
under two seconds and issues its certificate; when the broker is back, the minute sweep
queues the PDFs it could not take and a worker renders them."""

import contextlib
import os
import time
import uuid

import pytest
from django.test import Client

from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.tasks import ensure_certificate_pdfs
from conocer.celery import app as celery_app
from tests.certification.issuance.test_requests import waiting_requests

from .processes import (
    RedisServer,
    require_real_services,
    start_worker,
    stop,
    wait_until,
    worker_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PER_PHASE = 4
BUDGET = 2.0  # seconds an approval may take with the broker down


def forget_pools():
    """Let the app pick its connection and producer pools again, by broker URL. Not
    closed: kombu keeps one pool per URL for the whole process, and the usual broker's
    is needed again after the test."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(url: str, queue: str):
    """This process's producer (the web side) sends to `url` on `queue` (Celery reads
    CELERY_BROKER_URL from the environment before its configuration)."""
    conf = celery_app.conf
    previous = os.environ["CELERY_BROKER_URL"], conf.task_default_queue
    forget_pools()
    os.environ["CELERY_BROKER_URL"], conf.task_default_queue = url, queue
    try:
        yield
    finally:
        forget_pools()
        os.environ["CELERY_BROKER_URL"], conf.task_default_queue = previous


def approve(client, request_id) -> float:
    began = time.monotonic()
    response = client.post(f"/solicitudes/{request_id}/aprobar/", {"confirmed": "yes"})
    took = time.monotonic() - began
    assert response.status_code == 302, response.status_code
    assert Certificate.objects.filter(request_id=request_id).exists()
    return took


def test_approvals_go_on_while_the_broker_is_frozen_or_stopped_and_pdfs_follow(
        settings, tmp_path, reviewer, centre, standard, assessor_user, record_property):
    require_real_services()
    waiting_requests(3 * PER_PHASE, centre=centre, standard=standard,
                     assessor_user=assessor_user)
    ids = list(CertificateRequest.objects.order_by("pk").values_list("pk", flat=True))
    client = Client()
    client.force_login(reviewer)
    broker = RedisServer(tmp_path).start()
    queue = f"test-broker-{uuid.uuid4().hex[:8]}"
    env = worker_env(settings, queue, CELERY_BROKER_URL=broker.url,
                     CELERY_RESULT_BACKEND=broker.url)
    worker = start_worker(env, queue, log=tmp_path / "worker.log")
    timings = {}
    try:
        with publishing_to(broker.url, queue):
            up, frozen, stopped = (ids[i * PER_PHASE:(i + 1) * PER_PHASE] for i in range(3))
            timings["up"] = [approve(client, pk) for pk in up]
            assert wait_until(lambda: Certificate.objects.filter(
                request_id__in=up).exclude(pdf_sha256="").count() == PER_PHASE,
                timeout=90, interval=0.5), "the worker did not render while the broker was up"
            broker.freeze()
            timings["frozen"] = [approve(client, pk) for pk in frozen]
            broker.stop()
            timings["stopped"] = [approve(client, pk) for pk in stopped]

            not_queued = Certificate.objects.filter(pdf_queued_at__isnull=True)
            assert set(not_queued.values_list("request_id", flat=True)) == set(
                frozen + stopped)

            broker.start()  # on the same port, empty
            returned = time.monotonic()
            swept = ensure_certificate_pdfs()  # what beat runs every minute
            assert wait_until(
                lambda: not Certificate.objects.filter(pdf_sha256="").exists(),
                timeout=120, interval=0.5), "PDFs missing after the broker came back"
            pdfs_after = time.monotonic() - returned
    finally:
        stop(worker)
        with contextlib.suppress(Exception):
            broker.stop()

    assert Certificate.objects.count() == 3 * PER_PHASE
    assert swept == 2 * PER_PHASE
    worst = {phase: max(took) for phase, took in timings.items()}
    figures = {"approvals": 3 * PER_PHASE,
               "faults": ["broker frozen (SIGSTOP)", "broker stopped (SIGKILL)"],
               "worst_ms": {k: round(v * 1000) for k, v in worst.items()},
               "mean_ms": {k: round(1000 * sum(v) / len(v)) for k, v in timings.items()},
               "swept": swept, "pdfs_after_broker_back_seconds": round(pdfs_after, 1)}
    record_property("broker_outage", figures)
    print(f"\nbroker outage: {figures}")
    assert worst["frozen"] < BUDGET and worst["stopped"] < BUDGET
