"""The demo data, loaded through the services once per test run and put back as it was for
each browser test after that: loading it takes about ten seconds, putting it back a
fraction of one. Every test still starts from exactly what `load_demo` leaves.

SQLite (an in-memory test database): the whole database is copied with SQLite's backup
API. PostgreSQL: each table's rows are copied out with COPY and back in after a TRUNCATE,
with the audit log's guard off as the test database's flush has it (tests/core/triggers.py);
sequences are moved past the copied rows and the catalogue's word list is refreshed."""

import io
import sqlite3

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from tests.core.triggers import audit_log_unguarded


def tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def save():
    """What the database holds now, to put back later with `restore`."""
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.ensure_connection()
        connection.connection.backup(copy)
        return copy
    rows = {}
    with connection.cursor() as cursor:
        for table in tables():
            buffer = io.StringIO()
            cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            rows[table] = buffer.getvalue()
    return rows


def restore(saved) -> None:
    """Make the database hold exactly what `save` copied."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        saved.backup(connection.connection)
    else:
        with transaction.atomic(), audit_log_unguarded(connection), \
                connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in saved))
            for table, text in saved.items():
                cursor.cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.StringIO(text))
            for statement in connection.ops.sequence_reset_sql(
                    no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)
        from standards.search import refresh_words

        refresh_words()
    ContentType.objects.clear_cache()
