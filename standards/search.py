"""Catalogue search: Spanish full-text search with unaccent and rank on PostgreSQL,
accent- and case-insensitive word matching elsewhere (SQLite, the embedded default).

On PostgreSQL the search document (code, legacy code and title weighted A, purpose
B) lives in the generated column `search_vector` with a GIN index, both created by
migration 0002.

The words people use: a search also looks for the catalogue's words of every synonym
it contains (SearchSynonym, kept by CONOCER: "guardería" also searches for cuidado
infantil). Misspellings: on PostgreSQL, when no standard has the words, each word the
catalogue does not have is replaced by the catalogue's most similar word by trigrams
(pg_trgm, on the word list of migration 0004 and its trigram index: a lookup in a few
thousand words rather than a comparison with every standard's text), and the search
runs again; what it finds is marked `similar_spelling`. Elsewhere a misspelled search
finds nothing, as it always did.

The framework's codes: on both databases a search also finds the standards aligned to a
SINCO occupation whose code or title has every word of it, and, when it is a number, the
standards whose SCIAN code (their own, or else their sector's) starts with it.
"""

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .models import Occupation, SearchSynonym, Sector, Standard

MAX_SYNONYM_WORDS = 3  # the longest phrase people type that a synonym may stand for
MAX_ALTERNATIVES = 8
MIN_SIMILAR_LENGTH = 4  # shorter words are similar to too many others (the list skips them)


def search(qs: QuerySet, q: str) -> QuerySet:
    """Filter and order standards by relevance to the words in `q`."""
    q = " ".join(q.split())[:200]
    if not q:
        return qs
    if connection.vendor == "postgresql":
        return _search_postgres(qs, q)
    return _search_portable(qs, q)


def alternatives(q: str) -> list[str]:
    """The words of `q` (folded), then the same with each synonym they contain replaced
    by each of the catalogue's phrases for it: any of them may match."""
    folded = SearchSynonym.key_of(q)
    words = folded.split()
    phrases = {" ".join(words[i:i + n]) for n in range(1, MAX_SYNONYM_WORDS + 1)
               for i in range(len(words) - n + 1)}
    found = [folded]
    for synonym in SearchSynonym.objects.filter(key__in=phrases):
        within = re.compile(rf"(?<!\S){re.escape(synonym.key)}(?!\S)")
        found += [within.sub(phrase, folded) for phrase in synonym.phrases()]
    return list(dict.fromkeys(found))[:MAX_ALTERNATIVES]


def _code_match(q: str) -> Q:
    # Codes are stored in capitals; exact and prefix comparisons keep the b-tree indexes usable.
    code = q.upper()
    return Q(code__startswith=code) | Q(legacy_code=code)


def _framework_match(q: str) -> Q:
    """Standards aligned to an occupation with every word of `q` in its code or title, or
    (for a number) in a SCIAN branch. The small tables are read first, so the catalogue's
    query only compares its own indexed columns with lists of ids: the full-text index
    stays usable (a join or a subquery here would make PostgreSQL scan every standard)."""
    words = SearchSynonym.key_of(q).split()
    occupations = Occupation.objects.all()
    for word in words:
        occupations = occupations.filter(search_text__contains=word)
    aligned = list(Standard.occupations.through.objects.filter(
        occupation__in=occupations).values_list("standard_id", flat=True).distinct())
    match = Q(pk__in=aligned) if aligned else Q(pk__in=[])
    code = q.replace(" ", "")
    if code.isdigit() and 2 <= len(code) <= 6:
        sectors = list(Sector.objects.filter(scian_code__startswith=code).values_list(
            "pk", flat=True))
        match |= Q(scian_code__startswith=code) | Q(scian_code="", sector_id__in=sectors)
    return match


def _search_postgres(qs, q):
    found = _full_text(qs, q)
    if found.exists():
        return found
    corrected = _spelled_as_the_catalogue(q)
    if corrected is None:
        return found
    return _full_text(qs, corrected).annotate(similar_spelling=Value(True))


def _full_text(qs, q):
    document = f"{qs.model._meta.db_table}.search_vector"
    queries = alternatives(q)
    query = " || ".join(["websearch_to_tsquery('spanish_unaccent'::regconfig, %s)"]
                        * len(queries))
    # The user's words travel only as query parameters; the SQL text is constant.
    matches = RawSQL(f"{document} @@ ({query})", queries,  # noqa: S611
                     output_field=BooleanField())
    rank = RawSQL(f"ts_rank({document}, {query})", queries,  # noqa: S611
                  output_field=FloatField())
    return (qs.filter(Q(matches) | _code_match(q) | _framework_match(q))
            .annotate(rank=rank)
            .order_by(F("rank").desc(nulls_last=True), "code"))


def _spelled_as_the_catalogue(q: str) -> str | None:
    """`q` with each word the catalogue lacks replaced by its most similar word there
    (None when no word changes)."""
    words = SearchSynonym.key_of(q).split()
    candidates = [w for w in words if len(w) >= MIN_SIMILAR_LENGTH and w.isalpha()]
    if not candidates:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM standards_search_word WHERE word = ANY(%s)",
                       [candidates])
        known = {row[0] for row in cursor.fetchall()}
        spelled = {}
        for word in set(candidates) - known:
            cursor.execute("SELECT word FROM standards_search_word WHERE word %% %s "
                           "ORDER BY similarity(word, %s) DESC, word LIMIT 1", [word, word])
            row = cursor.fetchone()
            if row:
                spelled[word] = row[0]
    if not spelled:
        return None
    return " ".join(spelled.get(w, w) for w in words)


def refresh_words() -> None:
    """Rebuild the catalogue's word list (PostgreSQL), once a standard joins the public
    catalogue: the misspelling search then knows its words."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW standards_search_word")


def _search_portable(qs, q):
    match = Q()
    for alternative in alternatives(q):
        every_word = Q()
        for word in alternative.split():
            every_word &= Q(search_text__contains=word)
        match |= every_word
    return qs.filter(match | _code_match(q) | _framework_match(q)).order_by("code")
