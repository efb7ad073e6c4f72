"""The registry's clock: services read the time here, never from the system directly.

In production it is the real time. `travel_to` sets it for the current context only,
so the demo loader can replay a registry's history through the services (each event
at the date it happened) and a test can fix "today"; it is never used while serving.
"""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_now: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "registry_now", default=None)


def now() -> datetime.datetime:
    return _now.get() or timezone.now()


def today() -> datetime.date:
    moment = _now.get()
    return timezone.localdate(moment) if moment else timezone.localdate()


@contextlib.contextmanager
def travel_to(moment: datetime.datetime):
    """Run the block as if it were `moment` (timezone-aware)."""
    if timezone.is_naive(moment):
        raise ValueError("travel_to needs a timezone-aware datetime")
    token = _now.set(moment)
    try:
        yield
    finally:
        _now.reset(token)
