"""The audit log's database guard switched off, as a DBA (or the test database's flush)
can: only tests do this."""

import contextlib


@contextlib.contextmanager
def audit_log_unguarded(connection):
    """Run the block with the triggers that refuse changes to the audit log off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside a test's transaction, deferred foreign-key checks would block ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND tbl_name = 'core_auditevent'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)
