"""Catalogue search: Spanish full-text search with unaccent and rank on PostgreSQL,
accent- and case-insensitive word matching elsewhere (SQLite, the embedded default).

On PostgreSQL the search document (code, legacy code and title weighted A, purpose
B) lives in the generated column `search_vector` with a GIN index, both created by
migration 0002.
"""

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from conocer.core.text import fold


def search(qs: QuerySet, q: str) -> QuerySet:
    """Filter and order standards by relevance to the words in `q`."""
    q = " ".join(q.split())[:200]
    if not q:
        return qs
    if connection.vendor == "postgresql":
        return _search_postgres(qs, q)
    return _search_portable(qs, q)


def _code_match(q: str) -> Q:
    # Codes are stored in capitals; exact and prefix comparisons keep the b-tree indexes usable.
    code = q.upper()
    return Q(code__startswith=code) | Q(legacy_code=code)


def _search_postgres(qs, q):
    document = f"{qs.model._meta.db_table}.search_vector"
    query = "websearch_to_tsquery('spanish_unaccent'::regconfig, %s)"
    # The user's words travel only as a query parameter; the SQL text is constant.
    matches = RawSQL(f"{document} @@ {query}", (q,),  # noqa: S611
                     output_field=BooleanField())
    rank = RawSQL(f"ts_rank({document}, {query})", (q,),  # noqa: S611
                  output_field=FloatField())
    exact = _code_match(q)
    return (qs.filter(Q(matches) | exact)
            .annotate(rank=rank)
            .order_by(F("rank").desc(nulls_last=True), "code"))


def _search_portable(qs, q):
    words = fold(q).split()
    match = Q()
    for word in words:
        match &= Q(search_text__contains=word)
    return qs.filter(match | _code_match(q)).order_by("code")
