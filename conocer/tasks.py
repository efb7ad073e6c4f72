from celery import shared_task
from django.db import connection


@shared_task(name="core.delete_old_import_files", ignore_result=True)
def delete_old_import_files() -> int:
    """Daily: the uploaded import files past their retention (conocer/core/imports.py)."""
    from conocer.core import imports

    return imports.delete_old_files()


@shared_task(name="core.check_import", ignore_result=True)
def check_import(job_id: int) -> bool:
    """The dry run of a large uploaded file (conocer/core/imports.py): safe to run twice,
    or again after a crash (it starts over; nothing else is written)."""
    from conocer.core import imports

    return imports.run_check(job_id=job_id)


@shared_task(name="core.requeue_lost_import_checks", ignore_result=True)
def requeue_lost_import_checks() -> int:
    """Every five minutes: the checks whose task was lost are queued again."""
    from conocer.core import imports

    return imports.requeue_lost_checks()


@shared_task(name="conocer.ping")
def ping() -> dict:
    """Round trip through the broker and the database; used by operators and tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "pong", "database": connection.vendor}
