"""Retention of the uploaded import files (docs/imports.md): a file, and the cells its
problems quote, are personal data (CURPs, names), deleted IMPORT_FILE_RETENTION_DAYS after
their job was last touched. Run daily by `core.delete_old_import_files`."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce

from . import clock
from .audit import record_event
from .models import ImportJob

logger = logging.getLogger(__name__)


def _without_values(problems: list[dict]) -> list[dict]:
    """Line and column only: a message may quote a person too ("the registry knows this
    person as …", "the CURP says they were born on …")."""
    return [{**problem, "value": "", "message": ""} for problem in problems]


def delete_old_files(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploaded file of every job last touched (finished, stopped, progressed
    or checked) more than IMPORT_FILE_RETENTION_DAYS ago, and the cells its problems
    quote and the messages (which may name a person): all personal data. The job keeps
    its counts and each problem's line and column. Each job in a transaction of its own, the file
    deleted before the row says so (a storage that refuses leaves both for the next run);
    one audit event each; the registry acts, so no actor. Returns how many."""
    days = settings.IMPORT_FILE_RETENTION_DAYS
    cutoff = (now or clock.now()) - datetime.timedelta(days=days)
    due = ImportJob.objects.filter(file_deleted_at__isnull=True).annotate(
        touched=Coalesce("finished_at", "updated_at", "created_at"),
    ).filter(touched__lt=cutoff).order_by("pk").values_list("pk", flat=True)
    deleted = 0
    for job_id in list(due):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.file_deleted_at is not None:
                continue
            if job.file:
                job.file.delete(save=False)
            job.problems = _without_values(job.problems)
            job.run_problems = _without_values(job.run_problems)
            job.file_deleted_at = clock.now()
            job.save(update_fields=["file", "problems", "run_problems", "file_deleted_at"])
            record_event(actor=None, action="import.file_deleted", target=job,
                         retention_days=days)
        deleted += 1
    if deleted:
        logger.info("Deleted %d imported file(s) past the %d-day retention.", deleted, days)
    return deleted

