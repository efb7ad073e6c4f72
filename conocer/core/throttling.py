"""Abuse limits for public pages and the API: per client address (behind NUM_PROXIES
trusted proxies), at the rates in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
counted in a store shared by every worker — Redis (CACHE_URL), else a table of the
database — so a limit means the same with one worker or forty.

Counting is a sliding-window counter: the requests of this window plus those of the
previous one, weighted by how much of it still lies within the last period. Each count
is ONE round trip that adds and reads at once: in Redis a pipeline (INCRBY, EXPIRE, GET
of the previous window), in the database one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
statement into RateCounter (PostgreSQL and SQLite ≥ 3.35 both run it). A request is
counted before it is allowed, by an increment whose result decides, so concurrent
workers cannot both take the last place; there is no step that lets a request through
uncounted while the store answers. (The earlier counting, over the database cache's
incr/add, let a request through uncounted when it could not make the counter; DRF's
own throttle reads a list of times and writes it back, and let 96 to 231 of 300
concurrent requests through a 60/min limit: tests/integration/test_cache_outage.py.)
DRF's throttle classes stay the interface (rates, client address); only the counting is
ours. Other cache backends (local memory in tests) count through the cache's own
atomic add and incr.

When the store is unreachable (Redis stopped, a network cut, the database refusing),
limits do not fail the request: each worker counts in its own memory until the store
answers again (asked again every RETRY_SECONDS), and says so in the log once a minute,
not once a request. While it lasts a limit holds per worker, not for the whole registry.

Folios are random (55 bits) except the legacy `D-` ones, which are sequential: answers
"no such folio" have a budget of their own per address (`folio_not_found*` scopes), and
once it is spent every lookup by folio from that address waits, found or not — so the
answer to a guess cannot be read from the refusal either.
"""

import collections
import contextlib
import ipaddress
import logging
import math
import time
from functools import wraps

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .counters import CacheStore, Increment, store_of

logger = logging.getLogger(__name__)

# Errors of a store that cannot be reached: Redis, the database, the socket.
UNREACHABLE = (RedisError, DatabaseError, OSError)
RETRY_SECONDS = 5
WARN_EVERY_SECONDS = 60
NOT_FOUND_SCOPES = ("folio_not_found", "folio_not_found_daily")
class FallbackCache:
    """Counters in the shared store, or in this process's memory while the shared one is
    unreachable. `outages` keeps the last errors that sent counting to memory (what a
    failing test prints)."""

    def __init__(self):
        self.local = LocMemCache("throttling-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self.down_until = 0.0
        self.warned_at = float("-inf")
        self.outages = collections.deque(maxlen=20)

    def bump(self, increments: list[Increment], reads: list[str] = ()):
        """Add each (key, delta, timeout) and read each of `reads`, in one round trip:
        (new counts, values read; 0 for a counter that does not exist)."""
        return self.bump_and_fetch(increments, reads)[:2]

    def bump_and_fetch(self, increments: list[Increment], reads: list[str] = (),
                       extra: list[str] = ()):
        """`bump`, and in the same round trip the values of the shared cache's keys
        `extra` (None for each while the shared cache is unreachable)."""
        reads, extra = list(reads), list(extra)
        return self._call(lambda store: store.bump(increments, reads, extra),
                          lambda store: (*store.bump(increments, reads)[:2],
                                         [None] * len(extra)))

    def count(self, key, delta: int, timeout: int) -> int:
        """Add `delta` to the counter at `key` (made at 0, to live `timeout` seconds), in
        one atomic step; return the new count."""
        return self.bump([(key, delta, timeout)])[0][0]

    def get(self, key, default=0):
        return self.bump([], [key])[1][0] or default

    def is_down(self) -> bool:
        """Whether the shared cache was found unreachable a moment ago (and is not asked
        again until RETRY_SECONDS have passed)."""
        return time.monotonic() < self.down_until

    def _call(self, operation, locally=None):
        now = time.monotonic()
        if now >= self.down_until:
            try:
                result = operation(store_of(caches["default"]))
            except UNREACHABLE as error:
                self._went_down(now, error)
            else:
                if self.down_until:
                    self.down_until = 0.0
                    logger.warning("Rate limiting: the shared cache answers again; counting "
                                   "for every worker resumes.")
                return result
        return (locally or operation)(CacheStore(self.local))

    def _went_down(self, now, error):
        self.down_until = now + RETRY_SECONDS
        self.outages.append(f"{type(error).__name__}: {error}")
        if now - self.warned_at >= WARN_EVERY_SECONDS:
            self.warned_at = now
            logger.warning("Rate limiting: the shared cache is unreachable (%s); each "
                           "worker counts on its own until it answers.",
                           type(error).__name__)


cache = FallbackCache()


class PerClientThrottle(SimpleRateThrottle):
    """Counts requests per client address, at the rate configured now for its scope
    (DRF's own class reads rates once, at import). Refused requests are not counted."""

    cache = cache

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        """The client's address; for IPv6 its /64 network, which one subscriber holds
        whole (else each of its addresses would have a limit of its own)."""
        ident = super().get_ident(request)
        if ":" in ident:
            with contextlib.suppress(ValueError):
                return str(ipaddress.ip_network(f"{ident}/64", strict=False))
        return ident

    def _windows(self, request, view=None) -> bool:
        """Find the windows of now; False when this request is not counted at all."""
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return False
        window, offset = divmod(self.timer(), self.duration)
        self.fraction = offset / self.duration
        self.current_key = f"{self.key}:{int(window)}"
        self.previous_key = f"{self.key}:{int(window) - 1}"
        self.timeout = int(2 * self.duration + 1)
        return True

    def _over(self, current) -> bool:
        return self.previous * (1 - self.fraction) + current > self.num_requests

    def allow_request(self, request, view):
        if not self._windows(request, view):
            return True
        (self.current,), (self.previous,) = self.cache.bump(
            [(self.current_key, 1, self.timeout)], [self.previous_key])
        if not self._over(self.current):
            return True
        self.current = self.cache.count(self.current_key, -1, self.timeout)
        return False

    def wait(self):
        """Seconds until one more request fits: while the previous window's weight fades
        if this window has room, else once this one is the previous and fades enough."""
        room = self.num_requests - 1 - self.current
        if room >= 0:
            fits_at = 1 - room / self.previous if self.previous else 0
            return max(1.0, (fits_at - self.fraction) * self.duration)
        fits_next = 1 - (self.num_requests - 1) / self.current
        return max(1.0, (1 - self.fraction + fits_next) * self.duration)


class ClientRateThrottle(PerClientThrottle):
    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()


def _too_many(request, wait, message):
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def throttled(scope: str, *, methods: tuple[str, ...] | None = None):
    """Decorate a Django view: over the limit, answer 429 with a page that says so. With
    `methods`, only requests with those methods count (e.g. a login's POST)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                throttle = ClientRateThrottle(scope)
                if not throttle.allow_request(request, None):
                    wait = math.ceil(throttle.wait())
                    return _too_many(request, wait, _(
                        "Too many requests from your connection. Please wait "
                        "%(seconds)s seconds and try again.") % {"seconds": wait})
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def _not_found_throttles(request) -> list[ClientRateThrottle]:
    throttles = [ClientRateThrottle(scope) for scope in NOT_FOUND_SCOPES]
    return [throttle for throttle in throttles if throttle._windows(request)]


def _budget_keys(throttles) -> list[str]:
    return [key for throttle in throttles for key in (throttle.current_key, throttle.previous_key)]


def allow_lookup(throttle: PerClientThrottle, request, view=None, *, fetch=()) -> bool:
    """For a lookup by folio, one round trip to the shared store: count the request in
    `throttle`'s scope, read the address's not-found budgets (for `not_found_wait`), and
    fetch the shared cache's keys `fetch` (left in `request.fetched`, a dict). Whether
    the request is within `throttle`'s limit; refused requests are not counted."""
    http = getattr(request, "_request", request)  # DRF's request wraps Django's
    budgets = _not_found_throttles(request)
    counted = throttle._windows(request, view)
    counts, values, found = cache.bump_and_fetch(
        [(throttle.current_key, 1, throttle.timeout)] if counted else [],
        ([throttle.previous_key] if counted else []) + _budget_keys(budgets), list(fetch))
    http.fetched = dict(zip(fetch, found, strict=True))
    if counted:
        throttle.current, throttle.previous, values = counts[0], values[0], values[1:]
    http.not_found_budgets = (budgets, values)
    if not counted or not throttle._over(throttle.current):
        return True
    throttle.current = cache.count(throttle.current_key, -1, throttle.timeout)
    return False


def throttled_lookup(scope: str, *, fetch):
    """Decorate a Django view that looks up by folio: `throttled(scope)` and
    `limits_not_found` in one round trip, which also fetches the keys
    `fetch(request, **view_kwargs)` (see `allow_lookup`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            throttle = ClientRateThrottle(scope)
            if not allow_lookup(throttle, request, fetch=fetch(request, **kwargs)):
                wait = math.ceil(throttle.wait())
                return _too_many(request, wait, _(
                    "Too many requests from your connection. Please wait "
                    "%(seconds)s seconds and try again.") % {"seconds": wait})
            return limits_not_found(view)(request, *args, **kwargs)
        return wrapper
    return decorator


def not_found_wait(request) -> int | None:
    """Seconds this address must wait before looking up a folio again, or None: every
    not-found budget read in one round trip (or read already, by `allow_lookup`),
    nothing counted."""
    http = getattr(request, "_request", request)
    if getattr(http, "not_found_budgets", None) is not None:
        throttles, values = http.not_found_budgets
        http.not_found_budgets = None
    else:
        throttles = _not_found_throttles(request)
        values = cache.bump([], _budget_keys(throttles))[1] if throttles else []
    if not throttles:
        return None
    waits = []
    for i, throttle in enumerate(throttles):
        throttle.current, throttle.previous = values[2 * i], values[2 * i + 1]
        if throttle._over(throttle.current + 1):
            waits.append(math.ceil(throttle.wait()))
    return max(waits) if waits else None


def count_not_found(request) -> None:
    """Count one answer "no such folio" in every not-found budget, in one round trip."""
    throttles = _not_found_throttles(request)
    if throttles:
        cache.bump([(throttle.current_key, 1, throttle.timeout) for throttle in throttles])


def not_found_message(wait: int) -> str:
    return _("Too many folios that are not in the registry were looked up from your "
             "connection. Please wait %(seconds)s seconds and try again.") % {"seconds": wait}


def refuse_if_not_found_budget_spent(request) -> None:
    """For DRF views that look up by folio: raise 429 while the budget is spent."""
    wait = not_found_wait(request)
    if wait is not None:
        raise Throttled(wait, detail=not_found_message(wait))


def limits_not_found(view):
    """Decorate a Django view that looks up by folio: its 404 answers spend the
    address's not-found budget; once spent, it answers 429 until the budget refills."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        wait = not_found_wait(request)
        if wait is not None:
            return _too_many(request, wait, not_found_message(wait))
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            count_not_found(request)
            raise
        if response.status_code == 404:
            count_not_found(request)
        return response
    return wrapper


class VerifyThrottle(PerClientThrottle):
    """For DRF views: the `verify` scope per client address. With a view that has
    `fetch_keys(request)`, one round trip also reads the not-found budgets and fetches
    those keys (`allow_lookup`)."""

    scope = "verify"

    def allow_request(self, request, view):
        fetch = view.fetch_keys(request) if hasattr(view, "fetch_keys") else ()
        return allow_lookup(self, request, view, fetch=fetch)


class ApiAnonThrottle(PerClientThrottle):
    """Every API endpoint, for anonymous clients: per address."""

    scope = "api_anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ApiUserThrottle(PerClientThrottle):
    """Every API endpoint, for signed-in clients: per account."""

    scope = "api_user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
