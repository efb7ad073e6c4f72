"""The table of the database cache (rate-limit counters shared by every worker when no
CACHE_URL is set): created by migrate, so a fresh machine needs no extra step. After
changing CACHE_URL to another database cache, run `manage.py createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
