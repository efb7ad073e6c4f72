"""manage.py backup / restore / create_backup_key: arguments, encryption, refusals. The
PostgreSQL round trip is in tests/integration/test_backups.py."""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pyrage
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conocer import backups
from tests.factories import CertificateFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup_key(tmp_path, settings):
    """A backup key pair: the public key configured, the secret one in a file."""
    secret, public = backups.new_identity()
    path = tmp_path / "backup-key.txt"
    path.write_text(secret)
    settings.BACKUP_RECIPIENTS = [public]
    return path


@pytest.fixture
def media(settings):
    folder = Path(settings.MEDIA_ROOT) / "certificates"
    folder.mkdir(parents=True)
    (folder / "a.pdf").write_bytes(b"%PDF-1.7 test")
    return folder / "a.pdf"


def back_up(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO(),
                 stderr=io.StringIO())
    (path,) = (tmp_path / "backups").iterdir()
    return path


def refusal(*argv) -> str:
    with pytest.raises(CommandError) as refused:
        call_command(*argv, stdout=io.StringIO(), stderr=io.StringIO())
    return str(refused.value)


def test_restore_requires_an_input_file():
    assert "--input" in refusal("restore")


def test_restore_of_a_missing_file_says_so(tmp_path):
    assert "No such file or directory" in refusal("restore", "--input", str(tmp_path / "no"))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    assert "is not a registry backup" in refusal("restore", "--input", str(other))


def test_backup_refuses_a_recipient_that_is_not_an_age_public_key(settings, tmp_path):
    settings.BACKUP_RECIPIENTS = ["AGE-SECRET-KEY-1NOTAPUBLICKEY"]
    assert "BACKUP_RECIPIENTS must list age public keys" in refusal(
        "backup", "--output", str(tmp_path))


def test_production_refuses_an_unencrypted_backup(settings, tmp_path):
    settings.PRODUCTION, settings.BACKUP_RECIPIENTS = True, []
    assert "Refusing to write an unencrypted backup in production" in refusal(
        "backup", "--output", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_an_unencrypted_development_backup_warns_that_it_holds_the_keys(settings, tmp_path):
    settings.BACKUP_RECIPIENTS = []
    warnings = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=io.StringIO(), stderr=warnings)
    assert "NOT encrypted" in warnings.getvalue()
    (path,) = tmp_path.iterdir()
    assert path.suffix == ".tar"


def test_an_encrypted_backup_holds_the_database_the_keys_and_the_media(
        backup_key, media, keys_dir, tmp_path):
    path = back_up(tmp_path)
    assert path.name.endswith(".tar.age")
    assert path.stat().st_mode & 0o077 == 0
    plain = io.BytesIO(pyrage.decrypt(path.read_bytes(), backups.identities(backup_key)))
    with tarfile.open(fileobj=plain) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", backups.database.DUMPS[connection.vendor],
            "media/certificates/a.pdf", "keys/active"} <= names
    assert {f"keys/{p.name}" for p in keys_dir.iterdir()} <= names


def test_restore_of_an_encrypted_backup_asks_for_the_key(backup_key, settings, tmp_path):
    path = back_up(tmp_path)
    settings.BACKUP_IDENTITY_FILE = ""
    assert "This backup is encrypted" in refusal("restore", "--input", str(path))


def test_restore_refuses_a_key_the_backup_was_not_encrypted_for(backup_key, tmp_path):
    path = back_up(tmp_path)
    other = tmp_path / "other-key.txt"
    other.write_text(backups.new_identity()[0])
    assert "not encrypted for the key given" in refusal(
        "restore", "--input", str(path), "--identity", str(other))


def test_restore_refuses_a_backup_changed_after_it_was_made(backup_key, tmp_path):
    path = back_up(tmp_path)
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    assert "damaged or was changed" in refusal(
        "restore", "--input", str(path), "--identity", str(backup_key))


def test_restore_refuses_a_database_that_is_not_empty_and_writes_nothing(
        backup_key, keys_dir, media, settings, tmp_path):
    path = back_up(tmp_path)
    settings.SIGNING_KEYS_DIR = str(tmp_path / "new-keys")
    assert "is not empty" in refusal(
        "restore", "--input", str(path), "--identity", str(backup_key))
    assert not (tmp_path / "new-keys").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite copy (development)")
def test_a_sqlite_backup_during_a_write_gives_up_instead_of_waiting_forever(
        monkeypatch, settings, tmp_path):
    settings.BACKUP_RECIPIENTS = []
    quick = backups.database._give_up_when_locked
    monkeypatch.setattr(backups.database, "_give_up_when_locked", lambda: quick(tries=2))
    CertificateFactory()  # a write, uncommitted: the test's transaction is still open
    assert "stays locked by a write" in refusal("backup", "--output", str(tmp_path))


def test_create_backup_key_writes_a_private_file_and_never_overwrites_it(tmp_path):
    path = tmp_path / "key.txt"
    out = io.StringIO()
    call_command("create_backup_key", output=str(path), stdout=out)
    assert path.stat().st_mode & 0o077 == 0
    assert out.getvalue().strip().splitlines()[-1].startswith("age1")
    assert backups.identities(path)
    assert "is never overwritten" in refusal("create_backup_key", "--output", str(path))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite copy (development)")
@pytest.mark.django_db(transaction=True)  # committed, as a backup sees a registry
def test_a_sqlite_backup_restores_into_a_new_development_registry(
        backup_key, keys_dir, media, tmp_path):
    certificate = CertificateFactory()
    path = back_up(tmp_path)
    fresh = tmp_path / "fresh"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "VAR_DIR": str(fresh)}
    restore = subprocess.run(
        [sys.executable, "manage.py", "restore", "--input", str(path),
         "--identity", str(backup_key)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False)
    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(fresh / "registry.sqlite3") as restored:
        folios = {row[0] for row in restored.execute("SELECT folio FROM issuance_certificate")}
    assert certificate.folio in folios
    assert (fresh / "media" / "certificates" / "a.pdf").read_bytes() == media.read_bytes()
    assert (fresh / "keys" / "active").read_text() == (keys_dir / "active").read_text()
