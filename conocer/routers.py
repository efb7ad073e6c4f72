"""Reads that may come from a read replica: the public, read-only pages (verification, and
statistics once they exist) ask for it; everything else reads and writes the primary.

    from conocer.routers import replica_reads

    @replica_reads            # or: with replica_reads(): ...
    def verify(request, folio): ...

Inside `replica_reads`, ORM reads go to the database alias named by
settings.READ_REPLICA ("replica" when DATABASE_REPLICA_URL is set, docs/scaling.md), unless
it would break read-your-writes: inside a transaction on the primary (it may have written,
and a replica cannot see what is not committed), and for the rest of the block once the
block has written anything. Writes always go to the primary. Without a replica configured,
or outside the block, nothing changes: Django's default routing applies.

A replica lags the primary by a moment; what must reflect a status change at once (a cache
of verification answers filled after an invalidation) reads the primary: outside the block,
or with `.using(primary())`.
"""

import contextlib
import contextvars
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class _Block:
    wrote: bool = False


_block: contextvars.ContextVar[_Block | None] = contextvars.ContextVar("replica_reads",
                                                                       default=None)


def primary() -> str:
    return DEFAULT_DB_ALIAS


def replica() -> str | None:
    """The replica's alias, or None when none is configured."""
    alias = getattr(settings, "READ_REPLICA", "")
    return alias if alias and alias in connections.settings else None


def read_database() -> str:
    """Where a read made now should go: for `.using(read_database())` where routing by the
    block is not enough (raw SQL, a cursor)."""
    block = _block.get()
    if block is None or block.wrote:  # the common case first: no lookups
        return DEFAULT_DB_ALIAS
    alias = replica()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


@contextlib.contextmanager
def _replica_block():
    if _block.get() is not None:  # nested: the outer block's state goes on
        yield
        return
    token = _block.set(_Block())
    try:
        yield
    finally:
        _block.reset(token)


def replica_reads(view=None):
    """Let the reads of a block (`with replica_reads():`) or of a function
    (`@replica_reads`) come from the replica."""
    if view is None:
        return _replica_block()

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with _replica_block():
            return view(*args, **kwargs)
    return wrapper


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside `replica_reads` to the replica; the rest to
    Django's default (the primary). The replica is never written nor migrated."""

    def db_for_read(self, model, **hints):
        alias = read_database()
        return alias if alias != DEFAULT_DB_ALIAS else None

    def db_for_write(self, model, **hints):
        block = _block.get()
        if block is not None:
            block.wrote = True  # read-your-writes for the rest of the block
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: an object read from either may refer to one
        # read from the other.
        ours = {DEFAULT_DB_ALIAS, getattr(settings, "READ_REPLICA", "") or DEFAULT_DB_ALIAS}
        return True if {obj1._state.db, obj2._state.db} <= ours else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == getattr(settings, "READ_REPLICA", "") else None
