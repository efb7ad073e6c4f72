"""Rate limits survive the cache going away: each worker counts on its own meanwhile,
says so in the log once a minute, and counting is shared again once the cache answers.
And production refuses counters that each process keeps for itself."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache as shared_cache

from conocer.core import throttling
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = {"default": {"BACKEND": "tests.core.unreachable_cache.UnreachableCache"}}
WORKING = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                       "LOCATION": "throttling-test"}}


@pytest.fixture(autouse=True)
def fresh_fallback():
    def reset():
        throttling.cache.down_until = 0.0
        throttling.cache.warned_at = float("-inf")
        throttling.cache.local.clear()
    reset()
    yield
    reset()


@pytest.fixture
def clock(monkeypatch):
    """The fallback's clock (monotonic seconds), moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(throttling.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def verify_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": "3/min"}}


def warnings_about_the_cache(caplog):
    return [r for r in caplog.records if r.name == "conocer.core.throttling"
            and "unreachable" in r.getMessage()]


def test_verification_answers_and_limits_while_the_cache_is_unreachable(
        client, settings, verify_rate, caplog):
    certificate = CertificateFactory()
    settings.CACHES = UNREACHABLE
    with caplog.at_level(logging.WARNING, logger="conocer.core.throttling"):
        pages = [client.get(f"/verificar/{certificate.folio}/").status_code for _ in range(4)]
        api = client.get(f"/api/v1/verify/{certificate.folio}/").status_code
    assert pages == [200, 200, 200, 429] and api == 429
    assert len(warnings_about_the_cache(caplog)) == 1


def test_an_unknown_folio_is_still_answered_while_the_cache_is_unreachable(client, settings):
    settings.CACHES = UNREACHABLE
    assert client.get("/verificar/D-0000000001/").status_code == 404
    assert client.get("/api/v1/verify/D-0000000001/").status_code == 404


def test_the_outage_is_logged_once_a_minute_not_once_a_request(settings, clock, caplog):
    settings.CACHES = UNREACHABLE
    with caplog.at_level(logging.WARNING, logger="conocer.core.throttling"):
        for _ in range(130):  # two minutes and ten seconds, a request a second
            throttling.cache.count("k", 1, 60)
            clock[0] += 1
    assert len(warnings_about_the_cache(caplog)) == 3


def test_an_unreachable_cache_is_not_asked_again_for_a_few_seconds(settings, clock):
    settings.CACHES = UNREACHABLE
    assert throttling.cache.count("k", 1, 60) == 1
    settings.CACHES = WORKING
    shared_cache.set("k", 10, 60)
    assert throttling.cache.count("k", 1, 60) == 2  # still counting in memory
    clock[0] += throttling.RETRY_SECONDS
    assert throttling.cache.count("k", 1, 60) == 11


def test_shared_counting_resumes_when_the_cache_answers_again(
        client, settings, verify_rate, clock, caplog):
    certificate = CertificateFactory()
    settings.CACHES = UNREACHABLE
    client.get(f"/verificar/{certificate.folio}/")
    settings.CACHES = WORKING
    shared_cache.clear()
    clock[0] += throttling.RETRY_SECONDS
    with caplog.at_level(logging.WARNING, logger="conocer.core.throttling"):
        statuses = [client.get(f"/verificar/{certificate.folio}/").status_code
                    for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # counted afresh, in the shared cache
    assert any("throttle_verify_" in key for key in shared_cache._cache)  # shared again
    assert any("answers again" in r.getMessage() for r in caplog.records)


def settings_in_production(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    env.update(DJANGO_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="registro.mx",
               REGISTRY_ISSUER_URL="https://registro.mx", **environment)
    return subprocess.run([sys.executable, "-c", "import conocer.settings"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("url", ["locmemcache://", "dummycache://"])
def test_production_refuses_to_start_with_counters_of_each_process(url):
    result = settings_in_production(CACHE_URL=url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "every worker would keep its own" in result.stderr


def test_production_takes_redis_or_the_database_for_its_counters():
    for environment in [{"CACHE_URL": "redis://127.0.0.1:6379/2"}, {}]:
        result = settings_in_production(**environment)
        assert "rate-limit counters" not in result.stderr
