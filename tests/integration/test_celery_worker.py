"""A real Celery worker process, consuming from the real Redis broker."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from conocer.tasks import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker():
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is not set: no broker to run a worker against")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot share an in-memory SQLite test database")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    env = {**os.environ, "DATABASE_URL":
           f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "conocer", "worker", "--pool=solo",
         "--queues", queue, "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_real_worker_runs_a_task_sent_through_redis(worker):
    result = ping.apply_async(queue=worker)
    assert result.get(timeout=60) == {"status": "pong", "database": "postgresql"}
