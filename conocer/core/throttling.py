"""Abuse limits for public pages and the API: per client address (behind NUM_PROXIES
trusted proxies), at the rates in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
counted in the default cache — Redis or the database, shared by every worker, so a
limit means the same with one worker or forty.

Counting is a sliding-window counter over atomic increments (Redis INCR; the database
cache's in conocer/core/cache.py): the requests of this window plus those of the
previous one, weighted by how much of it still lies within the last period. DRF's own
throttle reads a list of times and writes it back, so workers counting at once both
take the last place: four processes trying 300 requests at once got 96 to 231 through
its 60/min limit on the database cache and 147 to 158 on Redis; with this counting, 60
(tests/integration/test_cache_outage.py). DRF's throttle classes stay the interface
(rates, client address); only the counting is ours.

When the cache is unreachable (Redis stopped, a network cut), limits do not fail the
request: each worker counts in its own memory until the cache answers again (asked
again every RETRY_SECONDS), and says so in the log once a minute, not once a request.
While it lasts a limit holds per worker, not for the whole registry.

Folios are random (55 bits) except the legacy `D-` ones, which are sequential: answers
"no such folio" have a budget of their own per address (`folio_not_found*` scopes), and
once it is spent every lookup by folio from that address waits, found or not — so the
answer to a guess cannot be read from the refusal either.
"""

import contextlib
import ipaddress
import logging
import math
import time
from functools import wraps

from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)

# Errors of a cache that cannot be reached: Redis, the database cache, the socket.
UNREACHABLE = (RedisError, DatabaseError, OSError)
RETRY_SECONDS = 5
WARN_EVERY_SECONDS = 60
NOT_FOUND_SCOPES = ("folio_not_found", "folio_not_found_daily")


class FallbackCache:
    """Counters in the shared cache, or in this process's memory while the shared one
    is unreachable."""

    def __init__(self):
        self.local = LocMemCache("throttling-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self.down_until = 0.0
        self.warned_at = float("-inf")

    def get(self, key, default=None):
        return self._call(lambda cache: cache.get(key, default))

    def count(self, key, delta: int, timeout: int) -> int:
        """Add `delta` to the counter at `key` (made at 0, to live `timeout` seconds), in
        one atomic step; return the new count."""

        def increment(cache):
            for _attempt in range(5):
                try:
                    return cache.incr(key, delta)
                except ValueError:  # no counter yet, or it just expired: make one
                    cache.add(key, 0, timeout)
            return delta  # could not be made (a busy database): count this one alone
        return self._call(increment)

    def _call(self, operation):
        now = time.monotonic()
        if now >= self.down_until:
            try:
                result = operation(shared_cache)
            except UNREACHABLE as error:
                self._went_down(now, error)
            else:
                if self.down_until:
                    self.down_until = 0.0
                    logger.warning("Rate limiting: the shared cache answers again; counting "
                                   "for every worker resumes.")
                return result
        return operation(self.local)

    def _went_down(self, now, error):
        self.down_until = now + RETRY_SECONDS
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

    def _read(self, request, view=None) -> bool:
        """Find the windows of now; False when this request is not counted at all."""
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return False
        window, offset = divmod(self.timer(), self.duration)
        self.fraction = offset / self.duration
        self.current_key = f"{self.key}:{int(window)}"
        self.previous = self.cache.get(f"{self.key}:{int(window) - 1}", 0)
        return True

    def _over(self, current) -> bool:
        return self.previous * (1 - self.fraction) + current > self.num_requests

    def _add(self, delta) -> int:
        return self.cache.count(self.current_key, delta, 2 * self.duration + 1)

    def allow_request(self, request, view):
        if not self._read(request, view):
            return True
        self.current = self._add(1)
        if not self._over(self.current):
            return True
        self.current = self._add(-1)
        return False

    def is_spent(self, request) -> bool:
        """Whether the next request would be refused, without counting one."""
        if not self._read(request):
            return False
        self.current = self.cache.get(self.current_key, 0)
        return self._over(self.current + 1)

    def count(self, request) -> None:
        """Count one request, allowed or not (e.g. an answer already given)."""
        if self._read(request):
            self._add(1)

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


def not_found_wait(request) -> int | None:
    """Seconds this address must wait before looking up a folio again, or None."""
    waits = []
    for scope in NOT_FOUND_SCOPES:
        throttle = ClientRateThrottle(scope)
        if throttle.is_spent(request):
            waits.append(math.ceil(throttle.wait()))
    return max(waits) if waits else None


def count_not_found(request) -> None:
    for scope in NOT_FOUND_SCOPES:
        ClientRateThrottle(scope).count(request)


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
    """For DRF views: the `verify` scope per client address."""

    scope = "verify"


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
