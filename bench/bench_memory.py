"""Worker memory while rendering 1,000 certificate PDFs: a real Celery worker (prefork,
one child) on PostgreSQL and Redis, run twice, with the per-child limits of
conocer/settings/workers.py and without them.

Usage: python bench/bench_memory.py [--pdfs 1000] [--no-write]
Needs PostgreSQL at 127.0.0.1:5432 (database h_pdf, or BENCH_DATABASE_URL: created
afresh, dropped at the end) and Redis at 127.0.0.1:6379 (databases 14 and 15, emptied; or
BENCH_BROKER_URL / BENCH_RESULT_BACKEND). Signing keys and PDFs go to a temporary
directory, removed at the end.

Each run resets every certificate to "no PDF yet", starts the worker, queues the PDF task
of each certificate, and samples the RSS of the worker's children (from /proc) four times
a second together with how many PDFs are stored. Printed, and written to
docs/performance.md: the child's RSS at the 100th, 500th and 1,000th PDF, the peak, and
how many children served the run; without limits, the child's growth from the 100th to
the 1,000th PDF is what a per-certificate leak would show.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_pdf")
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
RESULTS = os.environ.get("BENCH_RESULT_BACKEND", "redis://127.0.0.1:6379/15")
QUEUE = "bench-memory"
WORK = Path(tempfile.mkdtemp(prefix="bench-memory-"))
SETTINGS = {
    "DATABASE_URL": DB_URL, "CELERY_BROKER_URL": BROKER, "CELERY_RESULT_BACKEND": RESULTS,
    "CELERY_TASK_DEFAULT_QUEUE": QUEUE, "SIGNING_KEYS_DIR": str(WORK / "keys"),
    "MEDIA_ROOT": str(WORK / "media"), "DEBUG": "false",
    "REGISTRY_ISSUER_URL": "https://registro.conocer.gob.mx",
    "DJANGO_SETTINGS_MODULE": "conocer.settings",
}
os.environ.update(SETTINGS)

TARGET_MIB = 300
SAMPLE_EVERY = 0.25
MARKS = (100, 500, 1000)
NO_LIMIT = 1_000_000  # tasks per child: Celery refuses 0; more than any run renders


def psql(command: str) -> None:
    base = DB_URL.rsplit("/", 1)[0]
    subprocess.run(["psql", f"{base}/postgres", "-c", command], check=True,
                   capture_output=True)


def setup(count: int) -> list[int]:
    """A fresh database with `count` certificates, and signing keys."""
    name = DB_URL.rsplit("/", 1)[1]
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    from certification.trust import pdfsign, signing
    from tests.factories import CertificateFactory

    call_command("migrate", verbosity=0)
    signing.create_key(WORK / "keys")
    pdfsign.ensure_development_certificate(WORK / "keys")
    return [CertificateFactory().pk for _ in range(count)]


def rendered(ids) -> int:
    from certification.issuance.models import Certificate

    return Certificate.objects.filter(pk__in=ids).exclude(pdf_sha256="").count()


def reset(ids) -> None:
    import redis

    from certification.issuance.models import Certificate

    Certificate.objects.filter(pk__in=ids).update(pdf="", pdf_sha256="",
                                                  pdf_generated_at=None, pdf_queued_at=None)
    shutil.rmtree(WORK / "media", ignore_errors=True)
    redis.Redis.from_url(BROKER).flushdb()
    redis.Redis.from_url(RESULTS).flushdb()


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
    return found


def rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def run(ids, *, label: str, tasks_per_child: int, memory_per_child_kib: int) -> dict:
    from conocer.celery import app

    reset(ids)
    env = {**os.environ, "CELERY_MAX_TASKS_PER_CHILD": str(tasks_per_child),
           "CELERY_MAX_MEMORY_PER_CHILD": str(memory_per_child_kib)}
    log = open(WORK / f"worker-{label}.log", "wb")  # noqa: SIM115 (closed below)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "conocer", "worker", "--pool=prefork",
         "--concurrency=1", "--queues", QUEUE, "--hostname", f"bench-memory-{label}@%h",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    samples = []  # (seconds, PDFs stored, child pid, child RSS MiB)
    try:
        deadline = time.monotonic() + 60
        while not children(worker.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        start = time.monotonic()
        for certificate_id in ids:
            app.send_task("issuance.render_certificate_pdf", args=[certificate_id],
                          queue=QUEUE)
        done, last_progress, last_done = 0, time.monotonic(), -1
        while done < len(ids):
            time.sleep(SAMPLE_EVERY)
            done = rendered(ids)
            for child in children(worker.pid):
                rss = rss_mib(child)
                if rss is not None:
                    samples.append((time.monotonic() - start, done, child, rss))
            if done != last_done:
                last_progress, last_done = time.monotonic(), done
            if time.monotonic() - last_progress > 120:
                raise RuntimeError(f"no progress for two minutes at {done} PDFs; "
                                   f"see {WORK / f'worker-{label}.log'}")
        elapsed = time.monotonic() - start
        (WORK / f"samples-{label}.json").write_text(json.dumps(samples))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        log.close()

    def at(mark: int) -> float:
        """The child's RSS when the mark-th PDF was stored: the last sample before it was
        (the child that stores it may exit right after, at its task limit)."""
        before = [rss for _, stored, _, rss in samples if stored < mark]
        return before[-1] if before else samples[0][3]

    return {"label": label, "tasks_per_child": tasks_per_child,
            "memory_per_child_kib": memory_per_child_kib, "seconds": elapsed,
            "at": {mark: at(min(mark, len(ids))) for mark in MARKS},
            "peak": max(rss for *_, rss in samples),
            "children": len({child for _, _, child, _ in samples}),
            "pdfs": len(ids)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true",
                        help="do not update docs/performance.md")
    args = parser.parse_args()
    try:
        ids = setup(args.pdfs)
        from django.conf import settings

        limited = run(ids, label="limits",
                      tasks_per_child=settings.CELERY_WORKER_MAX_TASKS_PER_CHILD,
                      memory_per_child_kib=settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD)
        unlimited = run(ids, label="no-limits", tasks_per_child=NO_LIMIT,
                        memory_per_child_kib=0)
        reset(ids)
        from django.db import connections

        connections.close_all()
        psql(f'DROP DATABASE IF EXISTS "{DB_URL.rsplit("/", 1)[1]}" WITH (FORCE)')
    except BaseException:
        print(f"Failed; the workers' logs are in {WORK}", file=sys.stderr)
        raise
    shutil.rmtree(WORK, ignore_errors=True)
    report(args, [limited, unlimited])


def report(args, runs):
    def limits(run):
        if run["tasks_per_child"] >= NO_LIMIT and not run["memory_per_child_kib"]:
            return "none"
        return (f"{run['tasks_per_child']} tasks, "
                f"{run['memory_per_child_kib'] // 1024} MiB per child")

    rows = [f"| {limits(run)} | {run['at'][100]:.0f} | {run['at'][500]:.0f} | "
            f"{run['at'][1000]:.0f} | {run['at'][1000] - run['at'][500]:+.1f} | "
            f"{run['peak']:.0f} | {run['children']} | {run['pdfs'] / run['seconds']:.1f} |"
            for run in runs]
    unlimited = runs[-1]
    growth = unlimited["at"][1000] - unlimited["at"][100]
    per_thousand = growth / max(1, min(1000, unlimited["pdfs"]) - 100) * 1000
    met = all(run["peak"] < TARGET_MIB for run in runs)
    body = "\n".join([
        "## Worker memory over 1,000 PDFs (`make bench-memory`)",
        "",
        f"A Celery worker (prefork, one child; PostgreSQL, Redis, DEBUG off) storing "
        f"{args.pdfs} certificate PDFs (render, sign, store, audit), the RSS of its child "
        f"sampled every {SAMPLE_EVERY} s. Run with the limits of "
        f"`conocer/settings/workers.py` and without them.",
        "",
        "| per-child limits | RSS at 100th PDF, MiB | at 500th | at 1,000th | 500th → 1,000th "
        "| peak | children | PDFs/s |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Without limits one child grew {growth:+.1f} MiB from the 100th to the 1,000th PDF "
        f"(≈ {per_thousand:+.1f} MiB per 1,000 PDFs). Target: RSS under {TARGET_MIB} MiB "
        f"and flat between the 500th and the 1,000th PDF: "
        f"{'met' if met else 'missed'} on the peak.",
    ])
    print(body)
    if not args.no_write:
        from bench.common import write_section

        print(f"Written to {write_section('memory', body)}")


if __name__ == "__main__":
    main()
