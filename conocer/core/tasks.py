"""Side effects after commit: services ask for background work by task name, so they
never import the tasks that call them."""

import contextlib
import contextvars

from celery import current_app
from django.db import transaction

_held: contextvars.ContextVar[list | None] = contextvars.ContextVar("held_tasks", default=None)


def enqueue_after_commit(task_name: str, *args) -> None:
    """Queue the task once the current transaction commits (at once when there is none).
    The task must be registered (its app's tasks module imported at start-up)."""
    held = _held.get()
    if held is not None:
        held.append((task_name, args))
        return
    transaction.on_commit(lambda: current_app.signature(task_name, args=args).delay())


@contextlib.contextmanager
def held():
    """Collect, instead of queueing, the tasks services ask for in this block: a bulk
    job (the demo loader, an import) decides what to do with them — the periodic sweeps
    pick up whatever it leaves (e.g. PDFs not yet rendered)."""
    collected: list[tuple[str, tuple]] = []
    token = _held.set(collected)
    try:
        yield collected
    finally:
        _held.reset(token)
