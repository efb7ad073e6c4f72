"""The demo registry for tests that need all of it: loaded through the services once per
test run (it takes half a minute on PostgreSQL) and put back as that load left it for each
module or browser test that asks (a fraction of a second: tests/e2e/snapshot.py).

It is loaded the way `make run` loads it — tasks run at once, with the session's signing
keys and a media folder of its own that keeps the PDFs the load made — and the tests that
use it run with the same keys and media (`DemoSnapshot.settings()`)."""

import dataclasses
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from conocer.celery import app as celery_app

FAST_HASHER = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@dataclasses.dataclass
class DemoSnapshot:
    saved: object
    counts: dict
    keys_dir: Path
    media_root: Path

    def settings(self):
        """The settings the demo was loaded under (keys, media, a password hasher that
        checks the demo users' passwords)."""
        return override_settings(SIGNING_KEYS_DIR=str(self.keys_dir),
                                 MEDIA_ROOT=str(self.media_root),
                                 PASSWORD_HASHERS=[FAST_HASHER])

    def restore(self) -> None:
        """Make the database hold exactly what the demo load left."""
        from tests.e2e import snapshot

        snapshot.restore(self.saved)


def load(keys_dir: Path, media_root: Path) -> DemoSnapshot:
    """Load the demo into the (empty) test database, copy what it left, and empty the
    database again. Call with database access."""
    from conocer.demo.loader import DemoLoader
    from tests.e2e import snapshot

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    demo = DemoSnapshot(saved=None, counts={}, keys_dir=keys_dir, media_root=media_root)
    try:
        with demo.settings():
            demo.counts = DemoLoader().run()
            demo.saved = snapshot.save()
            call_command("flush", "--noinput")
    finally:
        celery_app.conf.task_always_eager = previous
    return demo
