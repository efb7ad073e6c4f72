"""Rate limits forgotten between a test's requests, where the limit is not what the test is
about: counters live in the cache (Redis, memory) or in the database's RateCounter table."""

from django.core.cache import cache

from conocer.core.models import RateCounter


def forget_rate_limits() -> None:
    cache.clear()
    RateCounter.objects.all().delete()
