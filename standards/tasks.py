from celery import shared_task

from . import services, subscriptions


@shared_task(name="standards.expire_standards")
def expire_standards() -> list[str]:
    """Daily: published standards past their validity become expired, and subscribers
    hear of those whose validity ends within a month."""
    expired = services.expire_standards()
    subscriptions.announce_upcoming_expiries()
    return expired


@shared_task(name="standards.send_standard_notice", ignore_result=True)
def send_standard_notice(notice_id: int) -> int:
    """E-mail a notice about a standard to its subscribers and holders (once)."""
    return subscriptions.send_notice(notice_id=notice_id)
