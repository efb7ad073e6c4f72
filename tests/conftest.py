import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

from conocer.celery import app as celery_app

# Property-based tests (hypothesis): a bounded, reproducible run in the suite; set
# HYPOTHESIS_PROFILE=explore for a long random search on a developer's machine.
hypothesis_settings.register_profile("registry", max_examples=40, deadline=None,
                                     derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=2000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "registry"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A second database alias, "replica", mirroring the test database (unless
    DATABASE_REPLICA_URL configured one): the read-replica router's tests read through
    it. Nothing is routed there unless settings.READ_REPLICA names it."""
    import copy

    from django.db import connections

    if "replica" not in connections.settings:
        replica = copy.deepcopy(connections.settings["default"])
        replica["TEST"] = {**replica["TEST"], "MIRROR": "default"}
        connections.settings["replica"] = replica


@pytest.fixture(scope="session")
def signing_keys_dir(tmp_path_factory):
    """One set of registry keys for the session (PDF certificate generation is slow)."""
    from certification.trust import pdfsign, signing

    directory = tmp_path_factory.mktemp("keys")
    signing.create_key(directory)
    pdfsign.ensure_development_certificate(directory)
    return directory


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, signing_keys_dir, tmp_path_factory):
    """The demo registry, loaded once per run for every test that needs it (tests/demo.py):
    call its restore() with database access, under its settings()."""
    from tests import demo

    with django_db_blocker.unblock():
        return demo.load(signing_keys_dir, tmp_path_factory.mktemp("demo-media"))


@pytest.fixture
def keys_dir(signing_keys_dir, tmp_path, settings):
    """A private copy of the keys, for tests that rotate them."""
    directory = tmp_path / "keys"
    shutil.copytree(signing_keys_dir, directory)
    settings.SIGNING_KEYS_DIR = str(directory)
    return directory


@pytest.fixture(scope="session", autouse=True)
def flushable_audit_log():
    """A transactional test ends with a flush of every table, which the audit log's
    triggers refuse (they refuse it in production too): let the test database's flush
    through, and empty the cache with it."""
    from django.core.cache import cache
    from django.db.backends.base.operations import BaseDatabaseOperations

    from tests.core.triggers import audit_log_unguarded

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with audit_log_unguarded(self.connection):
            original(self, sql_list)
        cache.clear()  # the rate-limit counters too (the database cache is no model)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture
def counters_in_memory(settings):
    """Rate-limit counters in this process's memory, for tests that count a page's
    queries: in the database cache, the limits' own queries would be counted too."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "counters-in-memory"}}
    cache.clear()


@pytest.fixture(autouse=True)
def eager_celery(request, settings, tmp_path, signing_keys_dir):
    """Tasks run in-process in unit tests; integration tests talk to a real worker."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SIGNING_KEYS_DIR = str(signing_keys_dir)
    # Hashing passwords properly takes a fifth of a second each; tests make hundreds.
    # The project's own (Argon2) stay listed: rows made outside a test (the demo, loaded
    # once per module) still check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.Argon2PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def pytest_collection_modifyitems(items):
    """With `pytest -n N --dist loadgroup` (make test), tests that start real processes —
    Celery workers, servers, a broker they stop and start — share one group, so they run
    one after another in the same worker instead of beside each other: they would take
    each other's tasks from the shared broker. The rest spreads over the workers."""
    for item in items:
        if item.get_closest_marker("integration") or "tests/integration/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("processes"))
