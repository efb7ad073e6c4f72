"""The stores that count rate limits (conocer/core/counters.py): one round trip per
count, and no path that lets a request through uncounted while the store answers.
Four processes at once: tests/integration/test_cache_outage.py."""

import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from conocer.core import counters, throttling
from conocer.core.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_counters(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "registry_cache"}}
    counters.DatabaseStore.purged_at = time.monotonic()  # no purge in the middle
    throttling.cache.down_until = 0.0


def test_the_database_counts_and_reads_in_one_statement(database_counters):
    store = counters.DatabaseStore()
    store.bump([("k:2", 1, 60)], [])
    with CaptureQueriesContext(connection) as queries:
        counts, values, _extra = store.bump([("k:2", 1, 60)], ["k:1"])
    assert (counts, values) == ([2], [0])
    statements = [q["sql"] for q in queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]  # the test's atomic
    assert len(statements) == (1 if connection.vendor == "postgresql" else 2)


def test_an_expired_counter_starts_again_from_the_increment(database_counters):
    RateCounter.objects.create(key="old", count=50,
                               expires_at="2000-01-01T00:00:00+00:00")
    assert counters.DatabaseStore().bump([("old", 1, 60)], [])[0] == [1]


def test_requests_past_the_limit_are_refused_and_not_counted(database_counters, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": "3/min"}}
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    throttle = throttling.ClientRateThrottle("verify")
    allowed = [throttle.allow_request(request, None) for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert RateCounter.objects.get(key=throttle.current_key).count == 3


def test_a_counter_that_cannot_be_made_refuses_rather_than_lets_through():
    class Vanishing(LocMemCache):
        def incr(self, key, delta=1, version=None):
            raise ValueError(key)

        def add(self, *args, **kwargs):
            return False

    store = counters.CacheStore(Vanishing("vanishing", {}))
    assert store.bump([("k", 1, 60)], [])[0] == [counters.UNCOUNTABLE]


def test_redis_counts_reads_and_fetches_in_one_round_trip(settings):
    import redis

    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": url}}
    from django.core.cache import caches

    backend = caches["default"]
    backend.delete_many(["c:2", "c:1", "answer"])
    backend.set("c:1", 7, 60)
    backend.set("answer", {"html": "<p>kept</p>"}, 60)
    store = counters.RedisStore(backend)
    assert store.bump([("c:2", 1, 60)], ["c:1"], ["answer", "none"]) == (
        [1], [7], [{"html": "<p>kept</p>"}, None])
    assert 0 < redis.Redis.from_url(url).ttl(backend.make_and_validate_key("c:2")) <= 60
    backend.delete_many(["c:2", "c:1", "answer"])
