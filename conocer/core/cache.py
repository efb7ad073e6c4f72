"""Django's database cache, with an increment that processes counting at once do not
lose: Django's own reads the value and writes it back in two steps, so two workers
taking the last place under a rate limit both get it (django-ratelimit's documentation
rules the database cache out for this reason). The rate limits count with it when no
CACHE_URL is set (conocer/core/throttling.py)."""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        q = connection.ops.quote_name
        table, value, expires, cache_key = (q(self._table), q("value"), q("expires"),
                                            q("cache_key"))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            # A write first: it takes the row's lock (PostgreSQL) or the database's write
            # lock (SQLite) before the value is read, so concurrent increments queue.
            cursor.execute(f"UPDATE {table} SET {expires} = {expires} "  # noqa: S608 (names)
                           f"WHERE {cache_key} = %s", [key])
            if cursor.rowcount == 0:
                # No row to lock. One committed since would be visible to the read below
                # but not locked by this transaction: its value, read and written back,
                # could overwrite another process's increment (one request in 25 runs of
                # four processes got through a full limit that way).
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute(f"SELECT {value}, {expires} FROM {table} "  # noqa: S608 (names)
                           f"WHERE {cache_key} = %s", [key])
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            result = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 (ours)
            encoded = base64.b64encode(pickle.dumps(result, self.pickle_protocol))
            cursor.execute(f"UPDATE {table} SET {value} = %s "  # noqa: S608 (names)
                           f"WHERE {cache_key} = %s", [encoded.decode("latin1"), key])
        return result

    @staticmethod
    def _expired(connection, expires) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in (connection.ops.get_db_converters(expression)
                          + expression.get_db_converters(connection)):
            expires = converter(expires, expression, connection)
        return expires < now()
