"""A backup of a PostgreSQL registry holding an issued certificate, restored by
`manage.py restore` in a new process into a fresh database, media folder and keys folder,
still verifies that certificate there."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection

from certification.issuance.services import pdfs, requests
from conocer import backups
from conocer.core import tasks

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_database():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is not set: the integration group is off")
    if connection.vendor != "postgresql":
        pytest.skip("the backup of a PostgreSQL registry needs PostgreSQL")
    configured = urlsplit(os.environ["DATABASE_URL"])
    name = f"{configured.path.lstrip('/')}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(configured._replace(path="/" + name))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*argv, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180, check=False)


def test_a_restored_backup_verifies_its_certificate(fresh_database, submitted_request,
                                                     reviewer, keys_dir, settings, tmp_path):
    with tasks.held():  # the PDF is rendered here, not by a worker
        certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    certificate = pdfs.store_certificate_pdf(certificate_id=certificate.pk)
    secret, public = backups.new_identity()
    key_file = tmp_path / "backup-key.txt"
    key_file.write_text(secret)
    settings.BACKUP_RECIPIENTS = [public]

    started = time.monotonic()
    call_command("backup", output=str(tmp_path / "backups"))
    backed_up = time.monotonic() - started
    (backup,) = (tmp_path / "backups").iterdir()

    restored = tmp_path / "restored"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "DATABASE_URL": fresh_database, "VAR_DIR": str(restored / "var"),
           "MEDIA_ROOT": str(restored / "media"), "SIGNING_KEYS_DIR": str(restored / "keys"),
           "SITE_URL": settings.SITE_URL, "REGISTRY_ISSUER_URL": settings.REGISTRY_ISSUER_URL,
           "BACKUP_IDENTITY_FILE": str(key_file)}
    started = time.monotonic()
    restore = manage("restore", "--input", str(backup), env=env)
    assert restore.returncode == 0, restore.stderr[-2000:]
    restored_in = time.monotonic() - started

    check = manage("shell", "-c", "from tests.integration.restored_check import main; "
                   f"main({certificate.folio!r})", env=env)
    assert check.returncode == 0, check.stderr[-2000:]
    said = json.loads(check.stdout.split("RESTORED ", 1)[1])
    sys.stderr.write(f"\nbackup: {backup.stat().st_size:,} bytes in {backed_up:.1f} s; "
                     f"restore: {restored_in:.1f} s\n")
    assert said["status"] == "valid"
    assert said["document_authentic"] is True
    assert said["pdf_matches_record"] is True
    assert said["credential"].startswith("AUTHENTIC"), said["credential"]
