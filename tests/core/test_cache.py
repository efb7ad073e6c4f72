"""The database cache counts like Redis: increments in one step, missing or expired
counters refused (so the caller makes one). Concurrent processes: tests/integration/
test_cache_outage.py."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_an_increment_adds_to_the_stored_count():
    cache.add("n", 0, 60)
    assert [cache.incr("n") for _ in range(3)] == [1, 2, 3]
    assert cache.incr("n", -1) == 2 and cache.get("n") == 2


def test_an_increment_of_a_missing_counter_is_refused():
    with pytest.raises(ValueError):
        cache.incr("never-made")


def test_an_increment_of_an_expired_counter_is_refused():
    cache.add("old", 5, -1)  # already expired
    with pytest.raises(ValueError):
        cache.incr("old")
