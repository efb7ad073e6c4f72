"""The stores that keep rate-limit counters (conocer/core/throttling.py): each adds and
reads a call's counters in one round trip and never loses an increment to a concurrent
one."""

import contextlib
import datetime
import time

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError, connections, router, transaction
from django.utils import timezone

from .models import RateCounter

PURGE_EVERY_SECONDS = 60
SQLITE_BUSY_ATTEMPTS = 6  # of its busy timeout each (5 s by default)
# What a counter that could not be made reads as: over any limit, so the request is
# refused rather than let through uncounted.
UNCOUNTABLE = 2**31 - 1

Increment = tuple[str, int, int]  # key, delta, seconds to live


class CacheStore:
    """Counters in a cache backend of Django's, through its own atomic incr and add (local
    memory, memcached): the fallback's memory, and the tests' caches."""

    def __init__(self, backend):
        self.backend = backend

    def bump(self, increments: list[Increment], reads: list[str], extra=()):
        counts = [self._add(key, delta, timeout) for key, delta, timeout in increments]
        values = self.backend.get_many([*reads, *extra]) if reads or extra else {}
        return (counts, [int(values.get(key, 0)) for key in reads],
                [values.get(key) for key in extra])

    def _add(self, key, delta, timeout):
        for _attempt in range(10):
            try:
                return self.backend.incr(key, delta)
            except ValueError:  # no counter yet, or it just expired: make it with this one
                if self.backend.add(key, delta, timeout):
                    return delta
        return UNCOUNTABLE


class RedisStore:
    """Counters in Redis: every increment and read of a call in one pipelined round trip."""

    clients = {}  # one client per cache backend and process (making one costs ~0.1 ms)

    def __init__(self, backend: RedisCache):
        self.backend = backend

    def _client(self):
        writer = self.backend._cache
        client = RedisStore.clients.get(id(writer))
        if client is None or client[0] is not writer:
            client = RedisStore.clients[id(writer)] = (writer, writer.get_client(write=True))
        return client[1]

    def bump(self, increments: list[Increment], reads: list[str], extra=()):
        key = self.backend.make_and_validate_key
        client = self._client()
        with client.pipeline(transaction=False) as pipe:
            for name, delta, timeout in increments:
                pipe.incrby(key(name), delta)
                pipe.expire(key(name), timeout)
            if reads or extra:
                pipe.mget([key(name) for name in [*reads, *extra]])
            results = pipe.execute()
        counts = [int(count) for count in results[0:2 * len(increments):2]]
        values = results[-1] if reads or extra else []
        loads = self.backend._cache._serializer.loads  # the cache's own encoding
        return (counts,
                [int(value) if value is not None else 0 for value in values[:len(reads)]],
                [loads(value) if value is not None else None for value in values[len(reads):]])


@contextlib.contextmanager
def _immediate(connection):
    """SQLite: take the write lock first (BEGIN IMMEDIATE). An upsert in autocommit reads
    before it writes, and a reader that must become a writer while another process
    writes gets "database is locked" at once, without waiting its turn — which sent
    counting to the fallback's memory (one request too many, seen in the four-process
    test); taking the write lock at the start makes it wait like everyone else."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
    try:
        yield
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")
    except BaseException:  # a COMMIT refused as busy leaves the transaction open too
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")
        raise


class DatabaseStore:
    """Counters in the RateCounter table: the increments of a call in one
    `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING` statement (on PostgreSQL with the
    reads in the same statement); expired rows are deleted once a minute per process."""

    purged_at = float("-inf")

    def bump(self, increments: list[Increment], reads: list[str], extra=()):
        alias = router.db_for_write(RateCounter)
        connection = connections[alias]
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # SQLite answers "database is locked" when writers queue longer than its busy
            # timeout (its wait is not first come, first served): the store is busy, not
            # unreachable, so wait for it rather than count in memory (a request too many).
            for attempt in range(SQLITE_BUSY_ATTEMPTS):
                try:
                    return self._bump(connection, alias, increments, reads, extra)
                except OperationalError as error:
                    if "locked" not in str(error) or attempt == SQLITE_BUSY_ATTEMPTS - 1:
                        raise
        return self._bump(connection, alias, increments, reads, extra)

    def _bump(self, connection, alias, increments, reads, extra):
        if connection.in_atomic_block:
            # Inside a transaction (a test, a command) a failed statement must not spoil it.
            guard = transaction.atomic(using=alias)
        elif connection.vendor == "sqlite" and increments:
            guard = _immediate(connection)
        else:
            guard = contextlib.nullcontext()
        with guard, connection.cursor() as cursor:
            counts, values = self._execute(connection, cursor, increments, reads)
            self._purge(connection, cursor)
        found = caches["default"].get_many(list(extra)) if extra else {}
        return counts, values, [found.get(key) for key in extra]

    def _execute(self, connection, cursor, increments, reads):
        q = connection.ops.quote_name
        table, key, count, expires = (q(RateCounter._meta.db_table), q("key"), q("count"),
                                      q("expires_at"))
        now = timezone.now()
        stamp = connection.ops.adapt_datetimefield_value
        upsert, params = "", []
        if increments:
            rows = ", ".join(["(%s, %s, %s)"] * len(increments))
            for name, delta, timeout in increments:
                params += [name, delta, stamp(now + datetime.timedelta(seconds=timeout))]
            expired = f"{table}.{expires} < %s"
            upsert = (
                f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES {rows} "  # noqa: S608 (names)
                f"ON CONFLICT ({key}) DO UPDATE SET "
                f"{count} = CASE WHEN {expired} THEN excluded.{count} "
                f"ELSE {table}.{count} + excluded.{count} END, "
                f"{expires} = CASE WHEN {expired} THEN excluded.{expires} "
                f"ELSE {table}.{expires} END "
                f"RETURNING {key}, {count}")
            params += [stamp(now), stamp(now)]
        read_sql = (f"SELECT {key}, {count} FROM {table} "  # noqa: S608 (names)
                    f"WHERE {key} IN ({', '.join(['%s'] * len(reads))}) AND {expires} >= %s")
        read_params = [*reads, stamp(now)]
        found = {}
        if increments and reads and connection.vendor == "postgresql":
            cursor.execute(f"WITH bumped AS ({upsert}) "  # noqa: S608 (names)
                           f"SELECT {key}, {count}, 0 FROM bumped UNION ALL "
                           f"SELECT {key}, {count}, 1 FROM ({read_sql}) AS previous",
                           params + read_params)
            rows = cursor.fetchall()
            bumped = {row[0]: row[1] for row in rows if row[2] == 0}
            found = {row[0]: row[1] for row in rows if row[2] == 1}
        else:
            bumped = {}
            if increments:
                cursor.execute(upsert, params)
                bumped = dict(cursor.fetchall())
            if reads:
                cursor.execute(read_sql, read_params)
                found = dict(cursor.fetchall())
        return ([bumped[name] for name, _delta, _timeout in increments],
                [found.get(name, 0) for name in reads])

    def _purge(self, connection, cursor):
        now = time.monotonic()
        if now - DatabaseStore.purged_at < PURGE_EVERY_SECONDS:
            return
        DatabaseStore.purged_at = now
        q = connection.ops.quote_name
        cursor.execute(f"DELETE FROM {q(RateCounter._meta.db_table)} "  # noqa: S608 (names)
                       f"WHERE {q('expires_at')} < %s",
                       [connection.ops.adapt_datetimefield_value(timezone.now())])


def store_of(backend):
    """Where the default cache's backend keeps counters."""
    if isinstance(backend, RedisCache):
        return RedisStore(backend)
    if isinstance(backend, DatabaseCache):
        return DatabaseStore()
    return CacheStore(backend)
