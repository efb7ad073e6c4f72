"""Side effects after commit: services ask for background work by task name, so they
never import the tasks that call them.

Queueing never fails the caller: what was committed stays committed. With the broker
down or frozen a publish gives up after a short retry (settings: the publish retry
policy and the broker's socket timeouts), is logged, and the periodic sweeps pick up
what was not queued (e.g. the PDF sweep in certification/issuance)."""

import contextlib
import contextvars
import logging
from collections.abc import Callable

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

_held: contextvars.ContextVar[list | None] = contextvars.ContextVar("held_tasks", default=None)


def publish(task_name: str, *args, on_failure: Callable[[], None] | None = None) -> bool:
    """Send the task to the broker now. False (logged, and `on_failure` called) when it
    could not be sent; the arguments are ids, never personal data."""
    try:
        current_app.signature(task_name, args=args).apply_async()
    except Exception as error:  # any broker failure: refused, timed out, out of memory
        logger.warning("Could not queue %s%r (%s: %s); a periodic sweep will queue it "
                       "again.", task_name, args, type(error).__name__, error)
        if on_failure is not None:
            _run_failure_callback(task_name, args, on_failure)
        return False
    return True


def _run_failure_callback(task_name, args, on_failure) -> None:
    try:
        on_failure()
    except Exception:  # e.g. the database went down too: the sweep still finds the row
        logger.warning("Could not record that %s%r was not queued.", task_name, args,
                       exc_info=True)


def enqueue_after_commit(task_name: str, *args,
                         on_failure: Callable[[], None] | None = None) -> None:
    """Queue the task once the current transaction commits (at once when there is none).
    The task must be registered (its app's tasks module imported at start-up). If the
    broker cannot take it, the failure is logged and `on_failure` runs (e.g. to mark the
    row for the sweep); the caller's work is never undone nor its answer turned into an
    error."""
    held = _held.get()
    if held is not None:
        held.append((task_name, args))
        return
    transaction.on_commit(lambda: publish(task_name, *args, on_failure=on_failure))


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
