"""Synonyms for the catalogue search, and misspellings corrected by trigram similarity on
PostgreSQL: the pg_trgm extension and the catalogue's word list, a materialized view of
the distinct words of public standards (standards.search.refresh_words rebuilds it when
a standard is published) with a trigram index. Nothing changes in the database
elsewhere (SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import conocer.core.text

# Words of 4 letters or more, without digits (codes are matched as codes). A plain query
# (no query in a string, as ts_stat would take): pg_dump then names its tables with their
# schema, and a restore, which runs with an empty search_path, can refresh the view.
WORDS_SQL = (
    "SELECT DISTINCT lexeme AS word FROM standards_standard, "
    "unnest(to_tsvector('simple', search_text)) "
    "WHERE status IN ('published', 'expired', 'superseded', 'withdrawn') "
    "AND length(lexeme) >= 4 AND lexeme !~ '[0-9]'"
)
FORWARD = [
    f"CREATE MATERIALIZED VIEW standards_search_word AS {WORDS_SQL}",
    "CREATE UNIQUE INDEX standards_search_word_idx ON standards_search_word (word)",
    "CREATE INDEX standards_search_word_trgm_idx ON standards_search_word "
    "USING gin (word gin_trgm_ops)",
]
BACKWARD = ["DROP MATERIALIZED VIEW IF EXISTS standards_search_word"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("standards", "0003_names_refuse_control_characters")]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("term", models.CharField(
                    help_text="One word or a short phrase, for example guardería.",
                    max_length=80, validators=[conocer.core.text.validate_name],
                    verbose_name="word people use")),
                ("means", models.CharField(
                    help_text="The catalogue's words for it; several, separated by commas, "
                              "for example: cuidado infantil, atención infantil.",
                    max_length=255, validators=[conocer.core.text.validate_name],
                    verbose_name="search also for")),
                ("key", models.CharField(editable=False, error_messages={
                    "unique": "This word is on the list already: change its entry."},
                    max_length=80, unique=True)),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={"verbose_name": "search synonym",
                     "verbose_name_plural": "search synonyms", "ordering": ["key"]},
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
