from celery import shared_task

from . import services


@shared_task(name="standards.expire_standards")
def expire_standards() -> list[str]:
    """Daily: published standards past their validity become expired."""
    return services.expire_standards()

