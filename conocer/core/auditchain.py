"""The audit log as a hash chain. Once sealed, every event stores
SHA-256(previous event's hash + its own canonical content): changing, removing or
reordering a sealed event, even below the application by someone who switches the
table's triggers off, breaks the links after it, and `manage.py verify_audit_chain`
names the first broken one.

Events are sealed right after the transaction that recorded them commits, in a short
transaction of its own that holds the chain's one lock (PostgreSQL: an advisory lock;
SQLite runs one writer at a time anyway) and reads the head of the chain: two appends
never fork it, and no service's transaction waits on (or deadlocks over) a lock held by
every other service's transaction. An event whose process died between the commit and
its seal, or one written without record_event, is sealed by the next seal. The triggers
(migration 0003) let a row be sealed once and refuse every other change.

Canonical content: RFC 8785 (JSON Canonicalization Scheme) of the sequence, the time in
UTC (ISO 8601, microseconds), the actor's id, the action, the object's type, id and
label, and the details — read back from the database, so sealing and verifying hash the
same values. Numbers JSON cannot carry exactly (integers beyond 2^53, NaN, infinities)
are hashed as their decimal text.
"""

import dataclasses
import datetime
import hashlib
import math
from collections.abc import Iterator

import rfc8785
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .models import AuditEvent

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain ("audit" in ASCII): one lock, registry-wide.
LOCK_KEY = 0x6175646974
CONTENT = ("sequence", "created_at", "actor_id", "action", "target_type", "target_id",
           "target_repr", "data")
SAFE_INTEGER = 2**53 - 1


def _jcs_safe(value):
    if isinstance(value, dict):
        return {str(k): _jcs_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jcs_safe(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= SAFE_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def canonical(*, sequence: int, created_at: datetime.datetime, actor_id: int | None,
              action: str, target_type: str, target_id: str, target_repr: str,
              data) -> bytes:
    return rfc8785.dumps({
        "sequence": sequence,
        "created_at": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_repr": target_repr,
        "data": _jcs_safe(data),
    })


def link(previous: str, **content) -> str:
    """The hash an event with this content stores after the event whose hash is
    `previous` (GENESIS for the first)."""
    return hashlib.sha256(previous.encode("ascii") + canonical(**content)).hexdigest()


def _lock(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def seal_pending(*, using: str = DEFAULT_DB_ALIAS, batch_size: int = 1000) -> int:
    """Seal every committed event not yet in the chain, oldest id first; return how
    many. Safe to run at any time, from any number of processes at once."""
    sealed = 0
    with transaction.atomic(using=using):
        _lock(using)
        events = AuditEvent._base_manager.using(using)
        head = (events.filter(sequence__isnull=False).order_by("-sequence")
                .values_list("sequence", "hash").first())
        sequence, previous = head or (0, GENESIS)
        pending = events.filter(sequence__isnull=True).order_by("id")
        while batch := list(pending.values_list("id", *CONTENT[1:])[:batch_size]):
            seals = []
            for event_id, *values in batch:
                sequence += 1
                previous = link(previous, **dict(zip(CONTENT, [sequence, *values],
                                                     strict=True)))
                seals.append((sequence, previous, event_id))
            with connections[using].cursor() as cursor:
                cursor.executemany("UPDATE core_auditevent SET sequence = %s, hash = %s "
                                   "WHERE id = %s", seals)
            sealed += len(batch)
    return sealed


def seal_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Seal once the current transaction commits (at once outside one). One seal per
    transaction, however many events it records."""
    connection = connections[using]
    sealer = _sealers.setdefault(using, _Sealer(using))
    # run_on_commit holds (savepoint ids, callback, robust) for the open transaction.
    if connection.in_atomic_block and any(
            entry[1] is sealer for entry in connection.run_on_commit):
        return
    # Robust: the events are committed whatever happens here; the next seal takes them.
    transaction.on_commit(sealer, using=using, robust=True)


@dataclasses.dataclass(frozen=True)
class _Sealer:
    using: str

    def __call__(self):
        seal_pending(using=self.using)


_sealers: dict[str, _Sealer] = {}


@dataclasses.dataclass(frozen=True)
class Broken:
    id: int
    sequence: int
    expected: str
    stored: str
    reason: str


@dataclasses.dataclass
class Verification:
    count: int = 0
    head: str = GENESIS
    pending: int = 0
    broken: Broken | None = None


def walk(*, using: str = DEFAULT_DB_ALIAS, chunk_size: int = 5000
         ) -> Iterator[Verification]:
    """Recompute the chain in sequence order, in constant memory; yield the running
    result every `chunk_size` events and once at the end. Stops at the first break."""
    result = Verification()
    events = AuditEvent._base_manager.using(using)
    rows = (events.filter(sequence__isnull=False).order_by("sequence")
            .values_list("id", "hash", *CONTENT).iterator(chunk_size=chunk_size))
    for event_id, stored, *values in rows:
        content = dict(zip(CONTENT, values, strict=True))
        expected = link(result.head, **content)
        if content["sequence"] != result.count + 1:
            result.broken = Broken(event_id, content["sequence"], str(result.count + 1),
                                   str(content["sequence"]), "sequence")
        elif stored != expected:
            result.broken = Broken(event_id, content["sequence"], expected, stored or "",
                                   "hash")
        if result.broken:
            break
        result.count += 1
        result.head = stored
        if result.count % chunk_size == 0:
            yield result
    result.pending = events.filter(sequence__isnull=True).count()
    yield result
