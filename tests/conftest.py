import pytest

from conocer.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_celery(request, settings, tmp_path):
    """Tasks run in-process in unit tests; integration tests talk to a real worker."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
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
