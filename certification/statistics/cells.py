"""Reading the summary tables: sums of their cells by one or more columns, for the
filters, and a short-lived copy of each sum in the cache.

A sum is cached under the tables' current *generation*, a token every change to the
tables replaces (services: each hook's upsert, at once and again after its commit; the
nightly repair), so a cached sum is never older than the last committed change: what is
cached is only ever reused while nothing changed. Sums are plain numbers, the same in
every language and for every suppression threshold; the tables are built from them on
every request."""

import hashlib
import logging
import secrets
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum

from standards.models import Standard

from .filters import Filters

logger = logging.getLogger(__name__)
GENERATION = "statistics:generation"
LIFETIME = 600  # seconds a sum stays cached when nothing changes
STANDARD = Standard.Kind.STANDARD

# While one request builds several tables, sums they share are read once.
_request_memo: ContextVar[dict | None] = ContextVar("statistics_memo", default=None)


def changed() -> None:
    """The tables changed: cached sums are stale now and once the change commits (a
    reader between the two would otherwise cache what is about to be superseded)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        cache.set(GENERATION, secrets.token_hex(8), None)
    except Exception:  # the cache is down: issuance goes on; sums expire within LIFETIME
        logger.warning("Could not mark the cached statistics as stale", exc_info=True)


def _generation() -> str | None:
    """The current token; None when the cache cannot be reached (then nothing is cached)."""
    try:
        token = cache.get(GENERATION)
        if token is None:  # evicted: start a new one (nothing cached under it yet)
            token = secrets.token_hex(8)
            if not cache.add(GENERATION, token, None):
                token = cache.get(GENERATION) or token
        return token
    except Exception:
        logger.warning("The statistics cache cannot be reached", exc_info=True)
        return None


def narrow(qs, filters: Filters, *, kind=STANDARD):
    """The cells the filters keep (of one kind of certificate; kind=None: any)."""
    if kind is not None:
        qs = qs.filter(kind=kind)
    if filters.year_from is not None:
        qs = qs.filter(year__gte=filters.year_from)
    if filters.year_to is not None:
        qs = qs.filter(year__lte=filters.year_to)
    if filters.sector is not None:
        qs = qs.filter(standard__sector__code=filters.sector)
    if filters.level is not None:
        qs = qs.filter(standard__level=filters.level)
    if filters.state is not None:
        qs = qs.filter(state=filters.state)
    return qs


class shared_reads:
    """Within this block (one request's tables), a sum asked twice is read once."""

    def __enter__(self):
        self.token = _request_memo.set({"generation": _generation()})

    def __exit__(self, *exc):
        _request_memo.reset(self.token)


def sums(model, filters: Filters, *by: str, kind=STANDARD) -> dict:
    """{value of `by` (a tuple for several columns): sum of counts}, zero sums left out."""
    memo = _request_memo.get()
    key = (model._meta.label, filters, by, kind)
    if memo is not None and key in memo:
        return memo[key]
    generation = memo["generation"] if memo is not None else _generation()
    cache_key = "statistics:sum:" + hashlib.sha256(
        repr((generation, *key)).encode()).hexdigest()[:32]
    found = cache.get(cache_key) if generation is not None else None
    if found is None:
        qs = narrow(model.objects.all(), filters, kind=kind).values(*by).annotate(
            n=Sum("count")).order_by()
        found = {(row[by[0]] if len(by) == 1 else tuple(row[name] for name in by)): row["n"]
                 for row in qs if row["n"]}
        if generation is not None:
            cache.set(cache_key, found, LIFETIME)
    if memo is not None:
        memo[key] = found
    return found
