"""Bulk issuance: approved requests through the services, PDFs by real Celery workers.

Usage: python bench/bench_issue.py [--requests 2000] [--batches 8] [--sizes 10000,1000000]
       [--approvals 60] [--no-reuse-experiment] [--keep]

1. Throughput. REQUESTS submitted requests are approved through the services
   (approve_requests, each approval its own transaction, the PDF enqueued on commit to
   Redis db 11), in BATCHES: a worker of one process (prefork, --concurrency 1) and a
   worker of two (--concurrency 2), side by side, each batch on a queue of its own, in
   two modes: "overlap" (the worker consumes while the batch is approved: a bulk
   approval as it happens) and "drain" (the batch is approved, then the worker empties
   the queue: the workers alone). The PDF task runs in full (render, sign, store on
   disk, hash, audit). Certificates per second per configuration and the ratio of the
   two-process rate to twice the one-process rate. Stages: the approval's transaction,
   the enqueue, the wait in the queue, render, sign, the rest of the task (store, row,
   audit, commit), and the gap between two tasks of one worker process. A probe
   (bench/issue_probe.py) times the stages inside the workers. Then two more drained
   batches (1 and 2 processes) whose workers keep their database connection across
   tasks, an experiment: Celery's Django fix-up closes it around every task.
2. Approval cost against the size of the registry: APPROVALS approvals, one by one, with
   SIZES certificates in the database, in the standard holding the most certificates;
   beside it, what the former recount of that standard's holders cost per approval.
   The certificates come from bench/dataset.py `ensure_certificates(url, n)` when it
   exists, else from this file's COPY loader.

PostgreSQL database bench_issue (dropped and made again; dropped at the end unless
--keep), Redis db 11 (emptied before and after), files under a temporary folder.
Results go to docs/performance.md (section "issue").
"""

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATABASE = "bench_issue"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE_URL = f"{SERVER}/{DATABASE}"
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")
WORK = Path(tempfile.mkdtemp(prefix="bench-issue-"))
os.environ.update({
    "DATABASE_URL": DATABASE_URL, "CELERY_BROKER_URL": REDIS_URL,
    "CELERY_RESULT_BACKEND": REDIS_URL, "MEDIA_ROOT": str(WORK / "media"),
    "SIGNING_KEYS_DIR": str(WORK / "keys"), "VAR_DIR": str(WORK / "var"),
    # As in production: no query log, persistent database connections.
    "DEBUG": "false", "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
    "SITE_URL": os.environ.get("SITE_URL", "https://certificacion.conocer.gob.mx"),
    "DJANGO_SETTINGS_MODULE": "conocer.settings"})

STAGES_KEY = "bench-issue:stages"
IDLE_QUEUE = "bench-issue-idle"
VALID_FROM, VALID_UNTIL = datetime.date(2025, 1, 1), datetime.date(2030, 12, 31)


# --- Database, keys, the world the requests live in -------------------------------------

def recreate_database():
    import psycopg2

    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()


def drop_database():
    import psycopg2
    from django.db import connections

    connections.close_all()
    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin.close()


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    from certification.trust import pdfsign, signing

    call_command("migrate", verbosity=0)
    (WORK / "keys").mkdir(parents=True, exist_ok=True)
    signing.create_key(WORK / "keys")
    pdfsign.ensure_development_certificate(WORK / "keys")


def world():
    """A published standard, an awarding body, its centre and assessor (all accredited)
    and a reviewer; made once, found again after a dataset load."""
    from standards.models import Criterion, LeadBody, Sector, Standard, Unit

    sector, _ = Sector.objects.get_or_create(code="72", defaults={
        "name": "Servicios de alojamiento temporal y de preparación de alimentos"})
    lead, _ = LeadBody.objects.get_or_create(code="CGC-TUR-B", defaults={
        "name": "Comité de Gestión por Competencias del Sector Turismo", "sector": sector})
    standard, made = Standard.objects.get_or_create(code="EC0038.01", defaults={
        "title": "Atención a comensales", "level": 2, "sector": sector, "lead_body": lead,
        "purpose": "Servir de referente para la evaluación y certificación de las personas.",
        "status": Standard.Status.PUBLISHED, "dof_published_on": datetime.date(2020, 3, 2),
        "valid_from": datetime.date(2020, 3, 2), "valid_until": VALID_UNTIL})
    if made:
        unit = Unit.objects.create(standard=standard, code="E0131",
                                   title="Atender a los comensales")
        Criterion.objects.create(unit=unit, kind=Criterion.Kind.PERFORMANCE, order=1,
                                 text="Saluda al comensal al llegar a la mesa.")
    return accredited_for(standard)


def accredited_for(standard):
    from django.contrib.auth import get_user_model

    from bodies.models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership

    body, _ = AwardingBody.objects.get_or_create(
        acronym="IDEFT-B", defaults={"kind": AwardingBody.Kind.ECE, "state": "JAL",
                                     "name": "Instituto de Capacitación para el Trabajo "
                                             "del Estado de Jalisco (banco de pruebas)"})
    centre, _ = AssessmentCentre.objects.get_or_create(
        code="CE-B427", defaults={"awarding_body": body, "state": "JAL",
                                  "municipality": "Zapopan",
                                  "name": "Centro de Evaluación Zapopan Norte"})
    user_model = get_user_model()
    assessor_user, _ = user_model.objects.get_or_create(username="bench-evaluadora")
    assessor, _ = Assessor.objects.get_or_create(
        user=assessor_user, defaults={"full_name": "Rocío Hernández", "centre": centre,
                                      "awarding_body": body, "state": "JAL"})
    reviewer, _ = user_model.objects.get_or_create(username="bench-revisora")
    Membership.objects.get_or_create(user=reviewer, role=Membership.Role.REVIEWER,
                                     awarding_body=body)
    for number, holder in enumerate([{"awarding_body": body}, {"centre": centre},
                                     {"assessor": assessor}]):
        Accreditation.objects.get_or_create(
            standard=standard, **holder, defaults={
                "folio": f"CED-B{standard.pk:05d}{number}", "valid_from": VALID_FROM,
                "valid_until": VALID_UNTIL})
    return {"standard": standard, "body": body, "centre": centre, "assessor": assessor,
            "reviewer": reviewer}


def submitted_requests(n, *, standard, body, centre, assessor, seed, **_ignored) -> list[int]:
    """n competent assessments of n new people, submitted as requests (bulk inserted:
    the arrangement; what is measured is their approval)."""
    import random

    from certification.assessment.models import Assessment, Candidacy, Person
    from certification.issuance.models import CertificateRequest
    from conocer.core import clock
    from conocer.demo.people import random_person

    rng, people, seen = random.Random(seed), [], set(
        Person.objects.exclude(curp="").values_list("curp", flat=True))
    while len(people) < n:
        data = random_person(rng, state="JAL", homonym=rng.randrange(10))
        if data["curp"] not in seen:
            seen.add(data["curp"])
            people.append(Person(**data))
    people = Person.objects.bulk_create(people)
    candidacies = Candidacy.objects.bulk_create(
        [Candidacy(person=p, centre=centre) for p in people])
    now = clock.now()
    assessments = Assessment.objects.bulk_create([Assessment(
        candidacy=c, standard=standard, assessor=assessor, centre=centre,
        awarding_body=body, status=Assessment.Status.SUBMITTED,
        verdict=Assessment.Verdict.COMPETENT, submitted_at=now) for c in candidacies])
    requests = CertificateRequest.objects.bulk_create([CertificateRequest(
        assessment=a, awarding_body=body) for a in assessments])
    return [r.pk for r in requests]


# --- Timing the services and the workers --------------------------------------------------

class ApprovalProbe:
    """Wraps approve_request and the on-commit publish: per request, the approval's own
    time (transaction) and the enqueue's, and when each certificate was enqueued."""

    def __init__(self):
        from certification.issuance.services import requests
        from conocer.core import tasks

        self.requests, self.tasks = requests, tasks
        self.approve_ms, self.enqueue_ms, self.enqueued_at = [], [], {}
        self.approve_cpu_ms = []
        self._approve, self._publish = requests.approve_request, tasks.publish
        self._last_enqueue = 0.0

    def __enter__(self):
        def publish(task_name, *args, **kwargs):
            start = time.perf_counter()
            sent = self._publish(task_name, *args, **kwargs)
            self._last_enqueue = time.perf_counter() - start
            self.enqueued_at[args[0]] = time.time()
            return sent

        def approve(**kwargs):
            self._last_enqueue = 0.0
            start, cpu = time.perf_counter(), time.process_time()
            certificate = self._approve(**kwargs)
            total = time.perf_counter() - start
            self.approve_cpu_ms.append((time.process_time() - cpu) * 1000)
            self.enqueue_ms.append(self._last_enqueue * 1000)
            self.approve_ms.append((total - self._last_enqueue) * 1000)
            return certificate

        self.tasks.publish, self.requests.approve_request = publish, approve
        return self

    def __exit__(self, *exc):
        self.tasks.publish, self.requests.approve_request = self._publish, self._approve


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def start_worker(processes: int, queue: str, log: Path, *, reuse_connections=False
                 ) -> tuple[subprocess.Popen, str]:
    name = f"issue{processes}@bench"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
           "BENCH_ISSUE_REUSE_CONNECTIONS": "1" if reuse_connections else "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "issue_probe", "worker", "--pool", "prefork",
         "--concurrency", str(processes), "--queues", queue, "--hostname", name,
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True)
    return process, name


def wait_ready(names, timeout=90):
    from conocer.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answered = {host for reply in app.control.ping(destination=names, timeout=1)
                    for host in reply}
        if set(names) <= answered:
            return
    raise SystemExit(f"Workers {names} did not start; see the logs in {WORK}.")


def stop(process: subprocess.Popen):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_stored(certificate_ids, timeout):
    from certification.issuance.models import Certificate

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Certificate.objects.filter(pk__in=certificate_ids, pdf_sha256="").exists():
            return
        time.sleep(1)
    raise SystemExit(f"PDFs not stored within {timeout} s; see the logs in {WORK}.")


def stage_records() -> dict[int, dict]:
    return {r["certificate"]: r for r in map(json.loads, redis_client().lrange(
        STAGES_KEY, 0, -1))}


# --- 1. Throughput ---------------------------------------------------------------------------

MODES = [(1, "overlap"), (2, "overlap"), (1, "drain"), (2, "drain")]
REUSE_MODES = [(1, "reuse"), (2, "reuse")]


def throughput(n_requests: int, batches: int, *, reuse_connections=False) -> dict:
    """Batches in the order of MODES, repeated: "overlap" approves with the worker
    already consuming (a reviewer's bulk approval as it happens), "drain" approves first
    and starts the worker on the full queue (the workers alone, the approving process
    idle). Each batch has a worker of its own on a queue of its own."""
    from certification.issuance.services import requests
    from conocer.celery import app

    setting = world()
    size = n_requests // batches
    plan = [MODES[number % len(MODES)] for number in range(batches)]
    if reuse_connections:
        plan += REUSE_MODES
    ids = submitted_requests(size * len(plan), seed=13, **setting)
    results = {mode: [] for mode in plan}
    try:
        for number, mode in enumerate(plan):
            processes, how = mode
            batch = ids[number * size:(number + 1) * size]
            queue = app.conf.task_default_queue = f"bench-issue-{number}"
            worker = None
            if how == "overlap":
                worker = start_worker(processes, queue, WORK / f"worker-{number}.log")
                wait_ready([worker[1]])
            started = time.time()
            with ApprovalProbe() as probe:
                issued, refused = requests.approve_requests(actor=setting["reviewer"],
                                                            request_ids=batch)
            if refused:
                raise SystemExit(f"Refused approvals: {refused[:3]}")
            if worker is None:
                worker = start_worker(processes, queue, WORK / f"worker-{number}.log",
                                      reuse_connections=how == "reuse")
            certificate_ids = [c.pk for c in issued]
            try:
                wait_stored(certificate_ids, timeout=90 + 2 * len(batch))
                time.sleep(1)  # the probe pushes its record just after the task returns
            finally:
                stop(worker[0])
            records = stage_records()
            tasks = [records[pk] for pk in certificate_ids if pk in records]
            first = started if how == "overlap" else min(t["started"] for t in tasks)
            seconds = max(t["finished"] for t in tasks) - first
            results[mode].append({
                "certificates": len(certificate_ids), "seconds": seconds,
                "approve_ms": probe.approve_ms, "enqueue_ms": probe.enqueue_ms,
                "approve_cpu_ms": probe.approve_cpu_ms,
                "queue_wait_ms": [(t["started"] - probe.enqueued_at[t["certificate"]]) * 1000
                                  for t in tasks if t["certificate"] in probe.enqueued_at],
                "tasks": tasks, "load": os.getloadavg()[0]})
            print(f"  batch {number + 1}/{len(plan)} ({how}, {processes} process(es)): "
                  f"{len(certificate_ids)} certificates, "
                  f"{len(certificate_ids) / seconds:.2f} certificates/s", flush=True)
    finally:
        app.conf.task_default_queue = "celery"
    return results


def summary(batches: list[dict]) -> dict:
    tasks = [t for b in batches for t in b["tasks"]]
    gaps = []
    by_pid = {}
    for task in tasks:
        by_pid.setdefault(task["pid"], []).append(task)
    for runs in by_pid.values():
        runs.sort(key=lambda t: t["started"])
        gaps += [(b["started"] - a["finished"]) * 1000 for a, b in zip(runs, runs[1:], strict=False)
                 if b["started"] >= a["finished"]]
    rest = [(t["total"] - t.get("render", 0) - t.get("sign", 0)) * 1000 for t in tasks]

    def of(values):
        values = sorted(values)
        if not values:
            return None
        return {"median": statistics.median(values),
                "p95": values[min(len(values) - 1, int(len(values) * 0.95))]}

    return {
        "rate": sum(b["certificates"] for b in batches) / sum(b["seconds"] for b in batches),
        "certificates": sum(b["certificates"] for b in batches),
        "approve": of([x for b in batches for x in b["approve_ms"]]),
        "approve_cpu": of([x for b in batches for x in b["approve_cpu_ms"]]),
        "enqueue": of([x for b in batches for x in b["enqueue_ms"]]),
        "queue_wait": of([x for b in batches for x in b["queue_wait_ms"]]),
        "render": of([t["render"] * 1000 for t in tasks if "render" in t]),
        "sign": of([t["sign"] * 1000 for t in tasks if "sign" in t]),
        "store": of(rest), "task": of([t["total"] * 1000 for t in tasks]),
        "cpu": of([t["cpu"] * 1000 for t in tasks if "cpu" in t]),
        "load": max(b["load"] for b in batches),
        "gap": of(gaps), "rss_mb": max(t["rss_kb"] for t in tasks) / 1024,
    }


# --- 2. Approval cost against the registry's size --------------------------------------------

def load_certificates(total: int) -> str:
    """Grow the registry to `total` certificates by COPY (people, then certificates
    spread over 100 standards, a tenth of them in the busiest one, 3% revoked); returns
    how it was done. Uses bench/dataset.py when another benchmark provides it."""
    with contextlib.suppress(ImportError):
        from dataset import ensure_certificates

        ensure_certificates(DATABASE_URL, total)
        return "bench/dataset.py ensure_certificates"
    from django.db import connection

    from certification.assessment.models import Person
    from certification.issuance.models import Certificate
    from certification.issuance.services import statuslist
    from conocer.core import clock
    from standards.models import Standard

    existing = Certificate.objects.count()
    if existing >= total:
        return "bench_issue.py COPY loader"
    setting = world()
    busiest = setting["standard"]
    sector, lead = busiest.sector, busiest.lead_body
    others = []
    for number in range(99):
        standard, _ = Standard.objects.get_or_create(code=f"EC9{number:03d}", defaults={
            "title": f"Estándar de carga {number}", "level": 2, "sector": sector,
            "lead_body": lead, "status": Standard.Status.PUBLISHED,
            "purpose": "Carga del banco de pruebas.", "valid_until": VALID_UNTIL})
        others.append(standard.pk)
    now = clock.now().isoformat()
    first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    new = total - existing
    people = new // 2 + 1
    copy_rows(Person, people, lambda i: {
        "id": first_person + i, "id_document_type": "passport",
        "id_document_number": f"BENCH{first_person + i:09d}", "id_document_country": "US",
        "given_names": "Persona", "first_surname": "De Carga",
        "birth_date": "1980-01-01", "created_at": now})
    first = (Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    body = setting["body"].pk
    # Issued certificates drew their positions below the list's present length: loaded
    # ones take positions above it (the list grows past them at the next issuance).
    above = statuslist.current().length

    def certificate(i):
        pk = first + i
        revoked = pk % 33 == 0
        return {"id": pk, "folio": f"B-{pk:010d}", "holder_id": first_person + i % people,
                "standard_id": busiest.pk if pk % 10 == 0 else others[pk % 99],
                "awarding_body_id": body, "issued_on": f"20{10 + pk % 16}-0{1 + pk % 9}-15",
                "status": "revoked" if revoked else "valid",
                "status_reason": "Carga." if revoked else "", "claims": "{}",
                "pdf_sha256": f"{pk:064x}", "signing_key_id": "bench", "qr_token": "",
                "credential": "", "identity_salt": "", "status_list_index": above + pk,
                "created_at": now}

    copy_rows(Certificate, new, certificate)
    with connection.cursor() as cursor:
        for model in (Person, Certificate):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))")
        cursor.execute("ANALYZE")
    return "bench_issue.py COPY loader"


def copy_rows(model, n: int, row, chunk: int = 50_000):
    """COPY n rows of `model`: `row(i)` gives some columns, Django's defaults the rest."""
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED

    fields = [f for f in model._meta.concrete_fields]
    defaults = {}
    for field in fields:
        if field.default is not NOT_PROVIDED:
            value = field.get_default()
            defaults[field.column] = value if not isinstance(value, bool) else (
                "t" if value else "f")
        elif field.null:
            defaults[field.column] = None
        else:
            defaults[field.column] = ""
    columns = [f.column for f in fields]
    for start in range(0, n, chunk):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for i in range(start, min(n, start + chunk)):
            values = {**defaults, **row(i)}
            writer.writerow(["\\N" if values[c] is None else values[c] for c in columns])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN "
                "WITH (FORMAT csv, NULL '\\N')", buffer)


def approval_cost(size: int, approvals: int) -> dict:
    from django.db.models import Count

    from certification.issuance.models import Certificate
    from certification.issuance.services import requests, statuslist
    from certification.issuance.services.usage import refresh_standard_usage
    from conocer.celery import app
    from standards.models import Standard

    started = time.perf_counter()
    how = load_certificates(size)
    loaded_in = time.perf_counter() - started
    busiest = Certificate.objects.values("standard").annotate(n=Count("id")).order_by(
        "-n").first()
    standard = Standard.objects.get(pk=busiest["standard"])
    setting = accredited_for(standard)
    statuslist.draw_index()  # grows the status list to the registry's size, once
    ids = submitted_requests(approvals + 5, seed=size, **setting)
    app.conf.task_default_queue = IDLE_QUEUE
    times = []
    for number, request_id in enumerate(ids):
        start = time.perf_counter()
        requests.approve_request(actor=setting["reviewer"], request_id=request_id)
        if number >= 5:  # the first few warm the caches
            times.append((time.perf_counter() - start) * 1000)
    app.conf.task_default_queue = "celery"
    redis_client().delete(IDLE_QUEUE)
    recount = []
    for _ in range(5):
        start = time.perf_counter()
        refresh_standard_usage(standard_ids=[standard.pk])
        recount.append((time.perf_counter() - start) * 1000)
    return {"size": Certificate.objects.count(), "in_standard": busiest["n"],
            "approve_ms": statistics.median(times),
            "approve_p95_ms": sorted(times)[int(len(times) * 0.95) - 1],
            "recount_ms": statistics.median(recount), "loaded_s": loaded_in, "how": how}


# --- Report ------------------------------------------------------------------------------------

def fmt(stat):
    return "—" if stat is None else f"{stat['median']:.1f} / {stat['p95']:.1f}"


def diagnosis(summaries) -> list[str]:
    """What the figures say about the second process: whether a certificate needs more
    work with two (contention in the code: locks, the database) or the same work with less
    of a core each (the machine)."""
    one, two = summaries[(1, "drain")], summaries[(2, "drain")]
    cpu_1, cpu_2 = one["cpu"]["median"], two["cpu"]["median"]
    wall_1, wall_2 = one["task"]["median"], two["task"]["median"]
    per_core = 1000 / cpu_1
    return [
        f"Where the second process goes: a PDF task costs {cpu_1:.0f} ms of CPU with one "
        f"process and {cpu_2:.0f} ms with two (×{cpu_2 / cpu_1:.2f}), while its wall time "
        f"goes from {wall_1:.0f} to {wall_2:.0f} ms (×{wall_2 / wall_1:.2f}). "
        + ("The work per certificate stays the same and each process gets less of a core: "
           "the two cores were not free (the load average above counts every process on "
           "the machine)." if cpu_2 / cpu_1 < 1.25 and wall_2 / wall_1 > 1.4 else
           "The work per certificate grows with a second process: contention in the task "
           "itself (the database, locks, memory bandwidth)." if cpu_2 / cpu_1 >= 1.25 else
           "The processes scale.")
        + f" On free cores one process renders about {per_core:.1f} certificates/s "
        f"(1000 / CPU ms). Checked per task: the worker fetches one message at a time "
        f"(prefetch 1, late acks: the gap between two tasks, "
        f"{one['gap']['median']:.0f}–{two['gap']['median']:.0f} ms, is that round trip "
        "and the result bookkeeping), opens a database connection per task (Celery's Django "
        "fix-up closes it before and after every task, whatever CONN_MAX_AGE says: tried "
        "below), and loads the signing key, the fonts and the certificate's background "
        "once per process (cached), not per task; the PDF sweep does not run here (no "
        "beat).",
    ]


def report(summaries, scale, n_requests, batches) -> str:
    """summaries: {(processes, mode): summary}."""
    columns = [(1, "overlap"), (2, "overlap"), (1, "drain"), (2, "drain")]

    def ratio(how):
        return summaries[(2, how)]["rate"] / (2 * summaries[(1, how)]["rate"])

    def verdict(value):
        return "met" if value >= 0.8 else f"missed by {0.8 - value:.2f}"

    lines = [
        "## Bulk issuance (`make bench-issue`)", "",
        f"{n_requests} submitted requests approved through `approve_requests` (each approval "
        f"its own transaction, the PDF enqueued to Redis on commit) in {batches} batches, "
        "alternating a Celery worker of one process and one of two (prefork, "
        "`--concurrency 1` / `2`), each on a queue of its own; every PDF rendered, signed "
        "(PAdES) and stored on disk. *Overlap*: the worker runs while the batch is "
        "approved (a bulk approval as it happens; rate from the first approval to the "
        "last stored PDF). *Drain*: the batch is approved first, then the worker empties "
        "the queue (the workers alone; rate from the first task to the last).", "",
        "| | " + " | ".join(f"{p} process{'es' if p > 1 else ''}, {m}" for p, m in columns)
        + " |", "|---|---|---|---|---|",
        "| certificates | " + " | ".join(str(summaries[c]["certificates"]) for c in columns)
        + " |",
        "| **certificates/s** | " + " | ".join(f"**{summaries[c]['rate']:.2f}**"
                                               for c in columns) + " |",
        "| peak RSS of a worker process | " + " | ".join(
            f"{summaries[c]['rss_mb']:.0f} MB" for c in columns) + " |",
        "| machine's load average (1 min), highest at a batch's end | " + " | ".join(
            f"{summaries[c]['load']:.1f}" for c in columns) + " |", "",
        f"**Ratio of 2 processes to twice 1 process: {ratio('drain'):.2f} for the workers "
        f"alone** (target ≥ 0.8: {verdict(ratio('drain'))}); "
        f"{ratio('overlap'):.2f} end to end with the approvals running on the same two "
        "cores.", "", "Time per stage, median / p95 in ms:", "",
        "| stage | " + " | ".join(f"{p}, {m}" for p, m in columns) + " |",
        "|---|---|---|---|---|",
    ]
    for key, label in [("approve", "approval transaction (locks, checks, claims, QR token "
                                    "and credential signatures, insert, usage count, "
                                    "commit)"),
                       ("approve_cpu", "… of which CPU time of the approving process"),
                       ("enqueue", "enqueue on commit (Redis)"),
                       ("queue_wait", "queue wait (enqueue → task start: the bulk's "
                                      "backlog)"),
                       ("render", "render (WeasyPrint, QR)"), ("sign", "sign (PAdES)"),
                       ("store", "store (file, hash, row, audit, commit) and task overhead"),
                       ("task", "whole task"),
                       ("cpu", "CPU time of the task (its process)"),
                       ("gap", "between two tasks of one process")]:
        lines.append(f"| {label} | " + " | ".join(fmt(summaries[c][key]) for c in columns)
                     + " |")
    lines += ["", *diagnosis(summaries)]
    if (1, "reuse") in summaries:
        one, two = summaries[(1, "reuse")], summaries[(2, "reuse")]
        lines += ["", f"Tried: keeping each worker process's database connection across "
                  f"tasks (Celery's Django fix-up closes it before and after every task "
                  f"unless `CELERY_DB_REUSE_MAX` is set; the probe sets it and closes the "
                  f"connection only when Django would): drain at "
                  f"{one['rate']:.2f} certificates/s with 1 process and {two['rate']:.2f} "
                  f"with 2 (ratio {two['rate'] / (2 * one['rate']):.2f}), a task "
                  f"{one['task']['median']:.0f} / {two['task']['median']:.0f} ms."]
    if scale:
        lines += ["", "### Approval cost against the registry's size", "",
                  "Approvals one by one in the standard holding the most certificates; the "
                  "usage figures are counted incrementally. Beside it, the recount of that "
                  "standard's holders that each approval used to run (now only nightly).", "",
                  "| certificates | in the standard | approval, median (p95) | "
                  "former per-approval recount | loaded in |", "|---|---|---|---|---|"]
        for row in scale:
            lines.append(f"| {row['size']:,} | {row['in_standard']:,} | "
                         f"{row['approve_ms']:.1f} ms ({row['approve_p95_ms']:.1f}) | "
                         f"{row['recount_ms']:.1f} ms | {row['loaded_s']:.0f} s |")
        lines += ["", f"Certificates loaded by {scale[-1]['how']}."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--approvals", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--no-reuse-experiment", dest="reuse_connections",
                        action="store_false",
                        help="skip the two extra drained batches whose workers keep their "
                             "database connection across tasks")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s]
    recreate_database()
    redis_client().flushdb()
    try:
        setup_django()
        print(f"Throughput: {options.requests} requests in {options.batches} batches",
              flush=True)
        results = throughput(options.requests, options.batches,
                             reuse_connections=options.reuse_connections)
        summaries = {mode: summary(batches) for mode, batches in results.items()}
        scale = []
        for size in sizes:
            print(f"Approval cost at {size:,} certificates", flush=True)
            scale.append(approval_cost(size, options.approvals))
            print(f"  {scale[-1]['approve_ms']:.1f} ms per approval; former recount "
                  f"{scale[-1]['recount_ms']:.1f} ms", flush=True)
        text = report(summaries, scale, options.requests, options.batches)
        print(text)
        from common import write_section

        print(f"Written to {write_section('issue', text)}")
    finally:
        redis_client().flushdb()
        if not options.keep:
            drop_database()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
