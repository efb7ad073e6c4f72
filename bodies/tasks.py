from celery import shared_task

from . import services


@shared_task(name="bodies.expire_accreditations")
def expire_accreditations() -> list[str]:
    """Daily: accreditations past their validity become expired."""
    return services.expire_accreditations()
