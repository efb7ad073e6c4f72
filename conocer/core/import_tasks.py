"""The tasks of the imports (conocer/core/imports.py, import_retention.py), registered at
start-up by CoreConfig.ready: the web process queues them by name, a worker runs them."""

from celery import shared_task

from . import import_retention, imports


@shared_task(name="core.check_import", ignore_result=True)
def check_import(job_id: int) -> bool:
    """The dry run of a large uploaded file (conocer/core/imports.py): safe to run twice,
    or again after a crash (it starts over; nothing else is written)."""
    return imports.run_check(job_id=job_id)


@shared_task(name="core.requeue_lost_import_checks", ignore_result=True)
def requeue_lost_import_checks() -> int:
    """Every five minutes: the checks whose task was lost are queued again."""
    return imports.requeue_lost_checks()


@shared_task(name="core.delete_old_import_files", ignore_result=True)
def delete_old_import_files() -> int:
    """Daily: the uploaded import files past their retention (core/import_retention.py)."""
    return import_retention.delete_old_files()

