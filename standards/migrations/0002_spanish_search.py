"""Spanish, accent-insensitive full-text search on PostgreSQL (no-op elsewhere)."""

from django.db import migrations

# The search document, stored in a generated column so that ranking reads it instead
# of re-parsing every matching standard. Django does not know the column: it is
# filled by PostgreSQL and read only by standards.search.
DOCUMENT_SQL = (
    "(setweight(to_tsvector('spanish_unaccent'::regconfig, "
    "coalesce(code, '') || ' ' || coalesce(legacy_code, '') || ' ' || coalesce(title, '')), 'A')"
    " || setweight(to_tsvector('spanish_unaccent'::regconfig, coalesce(purpose, '')), 'B'))"
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS spanish_unaccent",
    "CREATE TEXT SEARCH CONFIGURATION spanish_unaccent (COPY = spanish)",
    "ALTER TEXT SEARCH CONFIGURATION spanish_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    "ALTER TABLE standards_standard ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS {DOCUMENT_SQL} STORED",
    "CREATE INDEX standard_search_idx ON standards_standard USING gin (search_vector)",
    # Prefix search by code (LIKE 'EC02%') needs a pattern index under non-C collations.
    "CREATE INDEX standard_code_prefix_idx ON standards_standard (code varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS standard_code_prefix_idx",
    "DROP INDEX IF EXISTS standard_search_idx",
    "ALTER TABLE standards_standard DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS spanish_unaccent",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
