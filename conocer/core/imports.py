"""Import jobs: the dry run of an uploaded CSV file, then its import by a task, in batches.

An app supplies an `Importer` (the columns it reads, how it checks a chunk of rows and
how it imports one row through its own services) and calls these functions from its
services, after its own permission check:

- `check_file`: reads the file (csvimport), checks every row, and keeps the file, the
  counts and every row's problems in an ImportJob. Nothing else is written. A file
  larger than IMPORT_INLINE_CHECK_BYTES is only read and counted in the request: the job
  is "checking", and the task `core.check_import` (`run_check`) checks its rows, moving
  `processed_rows` chunk by chunk for the page's progress bar. A check whose task was
  lost (the broker down, a worker killed) is queued again by the minute sweep
  (`requeue_lost_checks`); checking writes nothing else, so it starts over.
- `start`: marks the job as importing and queues the app's task (by name, after commit).
- `run`: what the task does. It processes the rows after `processed_rows` in batches;
  each batch, the rows it imports and the counters that say so commit together, so the
  page shows the progress batch by batch, and a run that dies (a killed worker, a lost
  connection) leaves the job exactly at the end of its last batch: running it again
  resumes there. Each row is checked again as it is imported (the registry may have
  changed since the dry run) and importing is idempotent: a row already in the
  registry with the same facts is passed over. A run stops after a time budget and
  queues the next one, so no task outlives the workers' time limit.
"""

import dataclasses
import datetime
import hashlib
import itertools
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import clock, csvimport
from .audit import record_event, target_type
from .errors import PermissionDenied, ServiceError, message_of
from .models import ImportJob
from .tasks import enqueue_after_commit, held, publish

logger = logging.getLogger(__name__)

READY, SKIP, REFUSE = "ready", "skip", "refuse"  # what the check says of a row
IMPORTED, PASSED = "imported", "passed"  # what importing a row did
RUN_BUDGET_SECONDS = 60  # well below CELERY_TASK_SOFT_TIME_LIMIT
STALLED_AFTER_SECONDS = 600  # a running job without progress this long may be resumed
VALUE_LENGTH = 120  # of a cell quoted in a problem


@dataclasses.dataclass
class Problem:
    column: str  # column key, or "" for the whole row
    message: str
    value: str = ""


class RowRefused(ValidationError):
    """A row cannot be imported; `problems` says why, column by column."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


IMPORTERS: dict[str, "Importer"] = {}  # by kind: the check task finds its importer here
CHECK_TASK = "core.check_import"


class Importer:
    """What an app supplies; see the module. Subclasses set the attributes and methods.
    An instance registers itself by its kind (one per app's module)."""

    def __init__(self):
        IMPORTERS[self.kind] = self

    kind: str = ""
    task_name: str = ""
    columns: tuple[csvimport.Column, ...] = ()
    batch_size = 50  # rows imported per transaction (one progress step)
    chunk_size = 2000  # rows checked together in the dry run (one lookup each)
    dropped_tasks: frozenset[str] = frozenset()  # tasks the import leaves to sweeps

    def context(self, job: ImportJob) -> dict:
        """What checking needs, read once per run (maps of codes, the owner)."""
        return {}

    def check(self, rows: list[tuple[int, dict]], context: dict
              ) -> list[tuple[str, list[Problem]]]:
        """(READY, SKIP or REFUSE, problems) for each row of a chunk, in order."""
        raise NotImplementedError

    def apply(self, *, job: ImportJob, line: int, row: dict, context: dict, actor) -> str:
        """Import one row through the app's services (inside a savepoint); IMPORTED, or
        PASSED when it is already there. Raises ValidationError or ServiceError."""
        raise NotImplementedError


def _problem_record(line: int, problem: Problem, labels: dict) -> dict:
    return {"line": line, "column": str(labels.get(problem.column, "")),
            "value": (problem.value or "")[:VALUE_LENGTH], "message": str(problem.message)}


def _chunks(rows: Iterable, size: int):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def owner_of(owner) -> dict:
    return {"owner_type": target_type(owner), "owner_id": str(owner.pk)} if owner else {
        "owner_type": "", "owner_id": ""}


def check_file(*, actor, importer: Importer, uploaded, owner=None) -> ImportJob:
    """The dry run of an uploaded file: a job holding the file, the counts and every
    row's problems — or, for a large file, a job "checking" whose task checks the rows
    (see the module). A file that cannot be read raises ValidationError on `file`."""
    data = csvimport.read_upload(uploaded)
    table = csvimport.open_table(data, columns=importer.columns)
    job = ImportJob(kind=importer.kind, created_by=actor, encoding=table.encoding,
                    delimiter=table.delimiter, sha256=hashlib.sha256(data).hexdigest(),
                    original_name=(getattr(uploaded, "name", "") or "import.csv")[-255:],
                    **owner_of(owner))
    inline = len(data) <= settings.IMPORT_INLINE_CHECK_BYTES
    if inline:
        _check_rows(job, table, importer)
    else:
        job.status, job.total_rows = ImportJob.Status.CHECKING, sum(1 for _ in table.rows())
    if job.total_rows == 0:
        raise ValidationError({csvimport.FIELD: _("The file has a header but no rows.")})
    with transaction.atomic():
        job.file.save(f"{job.sha256}.csv", ContentFile(data), save=False)
        job.save()
        if inline:
            _record_checked(job, actor)
        else:
            record_event(actor=actor, action="import.received", target=job,
                         rows=job.total_rows)
            enqueue_after_commit(CHECK_TASK, job.pk)
    return job


def _check_rows(job: ImportJob, table, importer: Importer, on_chunk=None) -> None:
    """Check every row into the job's counts and problems (nothing saved)."""
    labels = {column.key: column.label for column in importer.columns}
    context = importer.context(job)
    for chunk in _chunks(table.rows(), importer.chunk_size):
        for (line, _row), (verdict, problems) in zip(
                chunk, importer.check(chunk, context), strict=True):
            job.total_rows += 1
            if verdict == READY:
                job.ready_rows += 1
            elif verdict == SKIP:
                job.skipped_rows += 1
            else:
                job.refused_rows += 1
            job.problems.extend(_problem_record(line, p, labels) for p in problems)
        if on_chunk is not None:
            on_chunk(job.total_rows)


def _record_checked(job: ImportJob, actor) -> None:
    record_event(actor=actor, action="import.checked", target=job,
                 rows=job.total_rows, ready=job.ready_rows, skipped=job.skipped_rows,
                 refused=job.refused_rows)


def run_check(*, job_id: int) -> bool:
    """What the check task does: check a "checking" job's rows, from the first (nothing
    else is written, so a check that died starts over), moving `processed_rows` after
    each chunk; then the job is "checked", its counts and problems saved together. False
    when there was nothing to check."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    importer = IMPORTERS[job.kind]
    if job.status != ImportJob.Status.CHECKING:
        return False
    try:
        with job.file.open("rb") as handle:
            table = csvimport.open_table(handle.read(), columns=importer.columns)
        counted = ImportJob(pk=job.pk, kind=job.kind, owner_type=job.owner_type,
                            owner_id=job.owner_id, created_by=job.created_by)
        _check_rows(counted, table, importer, on_chunk=lambda done: ImportJob.objects.filter(
            pk=job_id, status=ImportJob.Status.CHECKING).update(
            processed_rows=min(done, job.total_rows), updated_at=clock.now()))
    except Exception:  # the job says so; the person uploads the file again
        logger.exception("The check of import job %s stopped", job_id)
        _stop(job_id, _("An unexpected error stopped the check of this file. Nothing was "
                        "imported: upload the file again."))
        return False
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != ImportJob.Status.CHECKING:
            return False
        for field in ("total_rows", "ready_rows", "skipped_rows", "refused_rows",
                      "problems"):
            setattr(job, field, getattr(counted, field))
        job.status, job.processed_rows, job.updated_at = (
            ImportJob.Status.CHECKED, 0, clock.now())
        job.save(update_fields=["total_rows", "ready_rows", "skipped_rows", "refused_rows",
                                "problems", "status", "processed_rows", "updated_at"])
        _record_checked(job, job.created_by)
    return True


def requeue_lost_checks() -> int:
    """The minute sweep: queue again the check of every "checking" job whose progress
    has not moved for STALLED_AFTER_SECONDS (its task never reached a worker, or died
    with one). Returns how many were queued."""
    moved_before = clock.now() - datetime.timedelta(seconds=STALLED_AFTER_SECONDS)
    lost = ImportJob.objects.filter(status=ImportJob.Status.CHECKING).annotate(
        moved=Coalesce("updated_at", "created_at")).filter(moved__lt=moved_before)
    queued = 0
    for job_id in list(lost.values_list("pk", flat=True)):
        ImportJob.objects.filter(pk=job_id).update(updated_at=clock.now())
        queued += publish(CHECK_TASK, job_id)
    return queued


def is_stalled(job: ImportJob) -> bool:
    """A running job whose progress has not moved for a while (its task was lost)."""
    moved = job.updated_at or job.started_at
    return job.status == ImportJob.Status.RUNNING and (
        moved is None or (clock.now() - moved).total_seconds() > STALLED_AFTER_SECONDS)


def may_start(job: ImportJob) -> bool:
    if job.file_deleted_at is not None:
        return False
    return (job.status == ImportJob.Status.CHECKED and job.ready_rows > 0) or (
        job.status == ImportJob.Status.FAILED and job.started_at is not None
    ) or is_stalled(job)


@transaction.atomic
def start(*, actor, job_id: int, importer: Importer) -> ImportJob:
    """Import a checked job (or resume a stopped or stalled one) in the background."""
    job = ImportJob.objects.select_for_update().get(pk=job_id, kind=importer.kind)
    if job.status == ImportJob.Status.DONE:
        raise ServiceError(_("This file has been imported already."))
    if job.file_deleted_at is not None:
        raise ServiceError(_("This file was deleted after the retention period: upload "
                             "it again to check and import it."))
    if job.status == ImportJob.Status.CHECKING:
        raise ServiceError(_("This file is still being checked: it can be imported once "
                             "the check has finished."))
    if job.status == ImportJob.Status.FAILED and job.started_at is None:
        raise ServiceError(_("The check of this file stopped: upload the file again."))
    if job.status == ImportJob.Status.RUNNING and not is_stalled(job):
        raise ServiceError(_("This file is being imported."))
    if job.status == ImportJob.Status.CHECKED and job.ready_rows == 0:
        raise ServiceError(_("Nothing to import: every row is refused or already in the "
                             "registry."))
    resumed = job.status != ImportJob.Status.CHECKED
    job.status, job.started_by, job.error = ImportJob.Status.RUNNING, actor, ""
    job.started_at = job.started_at or clock.now()
    job.updated_at = clock.now()
    job.save(update_fields=["status", "started_by", "error", "started_at", "updated_at"])
    record_event(actor=actor, action="import.resumed" if resumed else "import.started",
                 target=job, rows=job.total_rows - job.processed_rows)
    enqueue_after_commit(importer.task_name, job.pk)
    return job


def _stop(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        job.status, job.error, job.updated_at = ImportJob.Status.FAILED, message, clock.now()
        job.save(update_fields=["status", "error", "updated_at"])
        record_event(actor=None, action="import.stopped", target=job,
                     at_row=job.processed_rows)


def _import_batch(job_id, expected, batch, importer, context, labels) -> ImportJob | None:
    """Import one batch and move the job's counters, in one transaction; None when the
    job is no longer this run's (stopped, or moved on by another run)."""
    with held() as tasks, transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).select_related(
            "started_by").defer("problems").get(pk=job_id)
        if job.status != ImportJob.Status.RUNNING or job.processed_rows != expected:
            return None
        for line, row in batch:
            try:
                with transaction.atomic():
                    outcome = importer.apply(job=job, line=line, row=row, context=context,
                                             actor=job.started_by)
            except PermissionDenied:
                raise
            except RowRefused as refused:
                job.failed_rows += 1
                job.run_problems.extend(_problem_record(line, p, labels)
                                        for p in refused.problems)
            except (ValidationError, ServiceError) as error:
                job.failed_rows += 1
                job.run_problems.append(_problem_record(
                    line, Problem("", message_of(error)), labels))
            else:
                if outcome == IMPORTED:
                    job.imported_rows += 1
                else:
                    job.passed_rows += 1
        job.processed_rows += len(batch)
        job.updated_at = clock.now()
        job.save(update_fields=["processed_rows", "imported_rows", "passed_rows",
                                "failed_rows", "run_problems", "updated_at"])
        for name, args in tasks:
            if name not in importer.dropped_tasks:
                transaction.on_commit(lambda n=name, a=args: publish(n, *a))
    return job


def run(*, job_id: int, importer: Importer, budget_seconds: float = RUN_BUDGET_SECONDS,
        max_batches: int | None = None) -> bool:
    """Import the job's rows from where it stands, batch by batch, for at most
    `budget_seconds` (or `max_batches`); then queue the next run. True when rows remain.
    Safe to run twice at once or again after a crash (see the module)."""
    job = ImportJob.objects.defer("problems", "run_problems").get(pk=job_id,
                                                                  kind=importer.kind)
    if job.status != ImportJob.Status.RUNNING:
        return False
    try:
        with job.file.open("rb") as handle:
            table = csvimport.open_table(handle.read(), columns=importer.columns)
        context = importer.context(job)
        labels = {column.key: column.label for column in importer.columns}
        deadline = time.monotonic() + budget_seconds
        rows = table.rows(skip=job.processed_rows)
        for count, batch in enumerate(_chunks(rows, importer.batch_size), start=1):
            job = _import_batch(job.pk, job.processed_rows, batch, importer, context, labels)
            if job is None:
                return False
            out_of_time = time.monotonic() > deadline or (max_batches and count >= max_batches)
            if out_of_time and job.processed_rows < job.total_rows:
                enqueue_after_commit(importer.task_name, job.pk)
                return True
    except PermissionDenied as refusal:
        _stop(job_id, refusal.message)
        return False
    except Exception:  # anything else stops the job; "resume" continues at its batch
        logger.exception("Import job %s stopped", job_id)
        _stop(job_id, _("An unexpected error stopped the import. The rows before it are "
                        "imported; resume to continue."))
        return False
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ImportJob.Status.RUNNING:
            job.status, job.finished_at = ImportJob.Status.DONE, clock.now()
            job.updated_at = job.finished_at
            job.save(update_fields=["status", "finished_at", "updated_at"])
            record_event(actor=job.started_by, action="import.finished", target=job,
                         imported=job.imported_rows, passed=job.passed_rows,
                         failed=job.failed_rows)
    return False


def progress(job: ImportJob) -> dict:
    """What the progress bar shows (the page and its JSON endpoint)."""
    return {"status": job.status, "status_label": str(job.get_status_display()),
            "processed": job.processed_rows, "total": job.total_rows,
            "percent": job.percent, "imported": job.imported_rows,
            "passed": job.passed_rows, "failed": job.failed_rows,
            "finished": job.is_finished, "error": job.error}


def jobs_of(kind: str, owner=None):
    """The jobs of one importer (and one owner), newest first, without their problems."""
    return ImportJob.objects.filter(kind=kind, **owner_of(owner)).defer(
        "problems", "run_problems").select_related("created_by")


def belongs_to(job: ImportJob, owner) -> bool:
    return (job.owner_type, job.owner_id) == tuple(owner_of(owner).values())


def problem_lines(job: ImportJob):
    """The problems as CSV rows (a header first) for csvexport.csv_lines."""
    yield [_("Line"), _("Column"), _("Value"), _("Problem"), _("When")]
    for phase, problems in ((_("check"), job.problems), (_("import"), job.run_problems)):
        for p in problems:
            yield [p["line"], p["column"], p["value"], p["message"], phase]
