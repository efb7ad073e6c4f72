import shutil

import pytest

from conocer.celery import app as celery_app


@pytest.fixture(scope="session")
def signing_keys_dir(tmp_path_factory):
    """One set of registry keys for the session (PDF certificate generation is slow)."""
    from certification.trust import pdfsign, signing

    directory = tmp_path_factory.mktemp("keys")
    signing.create_key(directory)
    pdfsign.ensure_development_certificate(directory)
    return directory


@pytest.fixture
def keys_dir(signing_keys_dir, tmp_path, settings):
    """A private copy of the keys, for tests that rotate them."""
    directory = tmp_path / "keys"
    shutil.copytree(signing_keys_dir, directory)
    settings.SIGNING_KEYS_DIR = str(directory)
    return directory


@pytest.fixture(autouse=True)
def eager_celery(request, settings, tmp_path, signing_keys_dir):
    """Tasks run in-process in unit tests; integration tests talk to a real worker."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SIGNING_KEYS_DIR = str(signing_keys_dir)
    # Hashing passwords properly takes a fifth of a second each; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
