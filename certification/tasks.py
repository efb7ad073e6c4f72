from celery import shared_task

from . import services


@shared_task(name="certification.refresh_standard_usage")
def refresh_standard_usage() -> int:
    """Nightly recount of certified people per standard (repairs any missed update)."""
    return services.refresh_standard_usage()

