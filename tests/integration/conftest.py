"""A real Celery worker process on the real Redis broker and PostgreSQL database."""

import uuid

import pytest

from conocer.celery import app as celery_app

from .processes import require_real_services, start_worker, stop, worker_env


@pytest.fixture
def worker(settings, tmp_path, request):
    """Start a worker on a queue of its own (the default queue for this test), sharing
    the test database, media folder and signing keys; yield the queue name. A failed
    test prints what the worker logged."""
    require_real_services()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    process = start_worker(worker_env(settings, queue), queue, log=log)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous
    stop(process)
    if getattr(request.node, "failed_call", False):
        print(f"--- what the worker logged ({log}):\n{log.read_text(errors='replace')}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report


from tests.certification.conftest import (  # noqa: E402,F401  (shared fixtures)
    assessor_user,
    body,
    candidacy,
    centre,
    draft,
    reviewer,
    standard,
    submitted_request,
)
