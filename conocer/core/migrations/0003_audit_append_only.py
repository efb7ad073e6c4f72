"""The audit log is append-only in the database too (PostgreSQL and SQLite), whatever
code, admin or SQL tries: UPDATE, DELETE and (PostgreSQL) TRUNCATE are refused. The one
change allowed is sealing an event into the hash chain, once (auditchain.seal_pending):
setting its empty sequence and hash, with every other column unchanged."""

from django.db import migrations

MESSAGE = "audit events are append-only"
CONTENT = ("id", "created_at", "actor_id", "action", "target_type", "target_id",
           "target_repr", "data")
SEALING = ("OLD.sequence IS NULL AND OLD.hash = '' AND NEW.sequence IS NOT NULL "
           "AND length(NEW.hash) = 64 AND ")

POSTGRES_FORWARD = [
    "CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' THEN IF " + SEALING
    + " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in CONTENT)
    + " THEN RETURN NEW; END IF; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; "
    "END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()",
    "CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]
SQLITE_FORWARD = [
    "CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent WHEN NOT ("
    + SEALING + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in CONTENT)
    + f") BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS core_auditevent_no_update",
                   "DROP TRIGGER IF EXISTS core_auditevent_no_delete"]


def run(postgres, sqlite):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": postgres, "sqlite": sqlite}.get(vendor, []):
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain")]
    operations = [migrations.RunPython(run(POSTGRES_FORWARD, SQLITE_FORWARD),
                                       run(POSTGRES_BACKWARD, SQLITE_BACKWARD))]
