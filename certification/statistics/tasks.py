from celery import shared_task

from . import services


@shared_task(name="statistics.repair_statistics")
def repair_statistics() -> int:
    """Nightly: recount the statistics tables from the certificates and assessments;
    returns how many cells were wrong (the audit log says which tables)."""
    return services.repair_statistics().cells
