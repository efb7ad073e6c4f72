"""Public answers about a folio (the verify page, the API's answer), kept in the shared
cache so that a folio looked up again is answered without the database or the template.

What keeps a kept answer true:

- A generation per folio: every change that alters an answer — a status change (cancel,
  revoke, replace: also what a reissue does to the old certificate), the holder's RENAP
  choice (it decides whether the PDF link shows), a correction — counts it up, after its
  transaction commits (`forget`; the saves of Certificate and Person call it through the
  signals registered in apps.py, and any service may call it directly). The generation
  is read in the same round trip as the answer and stored inside it, read BEFORE the
  database: an answer made from rows older than the last change carries an older
  generation and is thrown away, however the requests interleave.
- A short life (TTL seconds), never past the day a certificate's validity ends (the page
  then says "expired on …"), so a change that could not be counted (the cache
  unreachable at that moment) shows within TTL seconds all the same.
- Only what is the same for everyone: the page's "checked at" time and its form token
  are put in at each request (`fill`), and a request that is signed in, carries a
  session or a query string is answered live.

With the database cache (no CACHE_URL), nothing is kept: reading the answer would cost
what reading the row does.
"""

import contextlib
import datetime
import hashlib
import logging

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.utils import timezone

from conocer.core import throttling
from conocer.core.throttling import UNREACHABLE

logger = logging.getLogger(__name__)

TTL = 300
GENERATION_TTL = 7 * 24 * 3600  # far longer than any answer lives


def _cache():
    return caches["default"]


def enabled() -> bool:
    return not isinstance(_cache(), DatabaseCache)


def _keys(kind: str, folio: str, language: str) -> tuple[str, str]:
    return f"verify:{kind}:{language}:{folio}", f"verify-generation:{folio}"


def keys(kind: str, folio: str, language: str) -> list[str]:
    """What `lookup` reads: for the rate limit's round trip to fetch beforehand
    (conocer/core/throttling.py, allow_lookup); none when nothing is kept."""
    return list(_keys(kind, folio, language)) if enabled() else []


def lookup(kind: str, folio: str, language: str, *, fetched: dict | None = None
           ) -> tuple[dict | None, int | None]:
    """(the kept answer or None, the folio's generation now), from `fetched` (the keys
    fetched already) or in one round trip; the generation is None when nothing may be
    kept (no cache, or it is unreachable)."""
    if not enabled() or throttling.cache.is_down():  # answered live meanwhile
        return None, None
    key, generation_key = _keys(kind, folio, language)
    if fetched is not None and key in fetched and generation_key in fetched:
        found = {k: v for k, v in fetched.items() if v is not None}
    else:
        try:
            found = _cache().get_many([key, generation_key])
        except UNREACHABLE:
            return None, None
    generation = int(found.get(generation_key, 0))
    answer = found.get(key)
    if answer is not None and answer.get("generation") == generation:
        return answer, generation
    return None, generation


def lifetime(valid_until: datetime.date | None, now: datetime.datetime) -> int:
    """Seconds an answer may be kept: TTL, but never past the end of the certificate's
    last valid day (local time), when its answer changes to "expired"."""
    if valid_until is None:
        return TTL
    end = timezone.make_aware(datetime.datetime.combine(
        valid_until + datetime.timedelta(days=1), datetime.time()))
    return max(0, min(TTL, int((end - now).total_seconds())))


def keep(kind: str, folio: str, language: str, generation: int | None, answer: dict,
         *, seconds: int) -> dict:
    """Keep `answer` (a dict of plain values) for `seconds`, under the generation read
    before the rows it was made from; return it with its ETag."""
    answer = {**answer, "generation": generation,
              "etag": 'W/"' + hashlib.sha256(repr(sorted(answer.items())).encode()
                                             ).hexdigest()[:32] + '"'}
    if generation is not None and seconds > 0:
        with contextlib.suppress(UNREACHABLE):
            _cache().set(_keys(kind, folio, language)[0], answer, seconds)
    return answer


def forget(*folios: str) -> None:
    """Throw away every kept answer about these folios (call it when what the answers
    show changes: status, RENAP choice, reissue, validity). Inside a transaction it
    acts once the transaction commits, so no request can keep the rows of before."""
    if folios and enabled():
        transaction.on_commit(lambda: _count_up(folios))


def _count_up(folios) -> None:
    cache = _cache()
    for folio in folios:
        key = _keys("", folio, "")[1]
        try:
            try:
                cache.incr(key)
            except ValueError:  # never counted, or evicted: start above any kept answer
                if not cache.add(key, 1, GENERATION_TTL):
                    cache.incr(key)
            cache.touch(key, GENERATION_TTL)
        except UNREACHABLE as error:
            logger.warning("Verification answers: could not forget %s (%s); it shows "
                           "within %s seconds.", folio, type(error).__name__, TTL)
