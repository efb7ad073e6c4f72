"""A certificate's claims and what was signed from them never change: the database
refuses it (PostgreSQL and SQLite), whatever code, admin or SQL tries."""

from django.db import migrations

FROZEN = ("claims", "folio", "signing_key_id", "qr_token", "credential", "identity_salt",
          "status_list_index", "holder_id", "issued_on")
MESSAGE = "a certificate's claims and signatures are frozen at issuance"

POSTGRES_FORWARD = [
    "CREATE OR REPLACE FUNCTION issuance_certificate_frozen() RETURNS trigger AS $$ BEGIN "
    "IF " + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)
    + f" THEN RAISE EXCEPTION '{MESSAGE.replace(chr(39), chr(39) * 2)}'; END IF; "
    "RETURN NEW; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER issuance_certificate_frozen BEFORE UPDATE ON issuance_certificate "
    "FOR EACH ROW EXECUTE FUNCTION issuance_certificate_frozen()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS issuance_certificate_frozen ON issuance_certificate",
    "DROP FUNCTION IF EXISTS issuance_certificate_frozen()",
]
SQLITE_FORWARD = [
    "CREATE TRIGGER issuance_certificate_frozen BEFORE UPDATE ON issuance_certificate "
    "WHEN " + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
    + f" BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace(chr(39), chr(39) * 2)}'); END",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS issuance_certificate_frozen"]


def run(postgres, sqlite):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": postgres, "sqlite": sqlite}.get(vendor, []):
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("issuance", "0001_initial")]
    operations = [migrations.RunPython(run(POSTGRES_FORWARD, SQLITE_FORWARD),
                                       run(POSTGRES_BACKWARD, SQLITE_BACKWARD))]
