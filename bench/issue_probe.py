"""The Celery app of bench_issue.py's workers: the registry's own app, with a probe that
times each PDF task's stages (render, sign, the rest) and CPU time in the worker child,
and pushes one JSON line per task to Redis (the list STAGES_KEY on the benchmark's
broker).

Started by bench_issue.py as `celery -A issue_probe worker ...` with bench/ on the path;
not a benchmark itself (the bench target runs bench/bench_*.py only).
"""

import functools
import json
import os
import resource
import threading
import time

import redis
from celery.signals import task_postrun, task_prerun, worker_process_init

from conocer.celery import app

__all__ = ["app"]
# The experiment of `bench_issue.py --reuse-connections`: keep each worker process's
# database connection across tasks (Celery's Django fix-up closes it before and after
# every task unless CELERY_DB_REUSE_MAX is set), closing it only when Django would (an
# error on it, or CONN_MAX_AGE passed).
REUSE_CONNECTIONS = os.environ.get("BENCH_ISSUE_REUSE_CONNECTIONS") == "1"
if REUSE_CONNECTIONS:
    app.conf["CELERY_DB_REUSE_MAX"] = 1_000_000
STAGES_KEY = "bench-issue:stages"
TASK = "issuance.render_certificate_pdf"
_current = threading.local()
_redis = None


def _timed(stage, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = getattr(_current, "stages", None)
            if spent is not None:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
    return wrapper


@worker_process_init.connect
def install_probe(**_kwargs):
    """In each worker child (Django is set up by then): wrap what the PDF task calls."""
    global _redis
    from certification.issuance import pdf
    from certification.trust import pdfsign

    for module, name, stage in [(pdf, "render_certificate_pdf", "render"),
                                (pdfsign, "sign_pdf", "sign")]:
        if hasattr(module, name):
            setattr(module, name, _timed(stage, getattr(module, name)))
    _redis = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])


@task_prerun.connect
def task_started(task=None, **_kwargs):
    if task is not None and task.name == TASK:
        _current.stages = {}
        _current.started = time.time()
        _current.clock = time.perf_counter()
        _current.cpu = time.process_time()


@task_postrun.connect
def task_finished(task=None, args=None, **_kwargs):
    if task is None or task.name != TASK or getattr(_current, "stages", None) is None:
        return
    total = time.perf_counter() - _current.clock
    cpu = time.process_time() - _current.cpu
    record = {"certificate": args[0] if args else None, "pid": os.getpid(),
              "started": _current.started, "finished": time.time(), "total": total, "cpu": cpu,
              "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              **_current.stages}
    _current.stages = None
    if REUSE_CONNECTIONS:
        from django.db import connections

        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
    if _redis is not None:
        _redis.rpush(STAGES_KEY, json.dumps(record))
