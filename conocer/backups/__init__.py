"""Backups of the whole registry in one file (manage.py backup / restore; docs/operations.md).

A backup is a tar archive of

    manifest.json      what the backup holds, when and by what it was made
    database.dump      PostgreSQL: `pg_dump --format=custom` of DATABASE_URL
    database.sqlite3   (SQLite, development: a copy made with SQLite's backup API)
    keys/...           SIGNING_KEYS_DIR: the credential keys and the PDF signer
    media/...          MEDIA_ROOT: PDFs and evidence (local storage only: a bucket keeps
                       its own versions and replicas, which are its backup)

encrypted, when BACKUP_RECIPIENTS names public keys, with age (age-encryption.org/v1:
X25519 to each recipient, then ChaCha20-Poly1305 in 64 KiB chunks, so any change,
truncation or reordering is detected). The machine that makes backups holds only public
keys; restoring needs the secret key of one recipient (BACKUP_IDENTITY_FILE or
`restore --identity`). The age command opens a backup without the registry's code:
`age -d -i key.txt registry-....tar.age | tar -x`.

Both the archive and its encryption are streamed: memory stays small whatever the size of
the database or the media.
"""

import copy
import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from . import database, encryption
from .encryption import identities, new_identity, recipients
from .errors import BackupError

__all__ = ["BackupError", "Outcome", "identities", "make_backup", "new_identity", "recipients",
           "restore_backup"]

FORMAT = "conocer-registry-backup"
VERSION = 1


@dataclass
class Outcome:
    path: Path
    manifest: dict
    warnings: list[str] = field(default_factory=list)


# Files -----------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _media_root() -> Path | None:
    """MEDIA_ROOT when media live on local disk, None when in a bucket."""
    return None if settings.AWS_STORAGE_BUCKET_NAME else Path(settings.MEDIA_ROOT)


def _folder_summary(root: Path | None) -> dict:
    files = _files(root) if root is not None and root.is_dir() else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


# Writing ---------------------------------------------------------------------------------

def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def make_backup(output_dir) -> Outcome:
    """Write a backup of the database, the media files and the signing keys into
    `output_dir`; return its path, manifest and warnings for the operator."""
    keys = recipients()
    warnings = []
    if not keys:
        if settings.PRODUCTION:
            raise BackupError(
                "Refusing to write an unencrypted backup in production: it would hold the "
                "signing keys and people's identities in the clear. Set BACKUP_RECIPIENTS "
                "to the backup public key (manage.py create_backup_key).")
        warnings.append("This backup is NOT encrypted (BACKUP_RECIPIENTS is empty): it holds "
                        "the signing keys in the clear. Keep it only for development.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = output_dir / f"registry-{stamp}.tar{'.age' if keys else ''}"
    media, keys_dir = _media_root(), Path(settings.SIGNING_KEYS_DIR)
    if media is None:
        warnings.append("Media files are in the bucket AWS_STORAGE_BUCKET_NAME and are not "
                        "in this backup: the bucket's versioning and replication keep them.")
    if not keys_dir.is_dir() or not any(keys_dir.iterdir()):
        warnings.append(f"SIGNING_KEYS_DIR ({keys_dir}) is empty: the backup holds no keys.")
    # Parts that need their size before they enter the archive wait in a private folder
    # (mode 0700) beside the output, removed at the end whatever happens.
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        dumped = database.dump(Path(work) / database.DUMPS[database.vendor()])
        dumped["sha256"] = _sha256(Path(work) / dumped["file"])
        manifest = {
            "format": FORMAT, "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "registry_issuer": settings.REGISTRY_ISSUER_URL, "encrypted": bool(keys),
            "database": dumped, "migrations": database.migrations(),
            "keys": _folder_summary(keys_dir),
            "media": _folder_summary(media) if media is not None else {"in_bucket": True},
        }

        def produce(sink):
            with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
                tar.add(Path(work) / dumped["file"], arcname=dumped["file"])
                for name, root in (("keys", keys_dir), ("media", media)):
                    if root is not None and root.is_dir():
                        tar.add(root, arcname=name)

        partial = path.with_name(path.name + ".partial")
        try:
            with open(partial, "xb") as out:
                os.fchmod(out.fileno(), 0o600)
                if keys:
                    encryption.encrypt_stream(out, keys, produce)
                else:
                    produce(out)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return Outcome(path, manifest, warnings)


# Reading ---------------------------------------------------------------------------------

def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError("The archive has no readable manifest.json: it is not a registry "
                          "backup.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} version "
                          f"{manifest.get('version')!r}.")
    return manifest


def _targets() -> dict[str, Path | None]:
    return {"keys": Path(settings.SIGNING_KEYS_DIR), "media": _media_root()}


def _placed(tar: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, Path]]:
    """(member renamed relative to its target folder, target folder) of every file that
    goes back into a folder, refusing first any that would replace a different file."""
    placed, conflicts = [], []
    for member in tar.getmembers():
        top, _, rest = member.name.partition("/")
        root = _targets().get(top)
        if root is None or not rest or not member.isfile():
            continue
        existing = root / rest
        if existing.exists() and _sha256(existing) != hashlib.sha256(
                tar.extractfile(member).read()).hexdigest():
            conflicts.append(str(existing))
        renamed = copy.copy(member)
        renamed.name = rest
        placed.append((renamed, root))
    if conflicts:
        raise BackupError("Restoring would replace files that differ from the backup's; "
                          "move them away first: " + ", ".join(conflicts[:5]))
    return placed


def restore_backup(path, *, identity_file=None) -> Outcome:
    """Restore a backup into the configured (empty) database, MEDIA_ROOT and
    SIGNING_KEYS_DIR. Everything is checked (key, integrity, empty database, no file
    overwritten) before anything is written."""
    path = Path(path)
    encrypted = encryption.is_encrypted(path)
    warnings = []
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as work:
        archive = path
        if encrypted:
            identity_file = identity_file or settings.BACKUP_IDENTITY_FILE
            if not identity_file:
                raise BackupError("This backup is encrypted: give the secret key of one of its "
                                  "recipients (--identity FILE or BACKUP_IDENTITY_FILE).")
            archive = Path(work) / "backup.tar"
            encryption.decrypt_file(path, identities(identity_file), archive)
        try:
            tar = tarfile.open(archive, mode="r:")  # noqa: SIM115 (closed by the with below)
        except tarfile.TarError as error:
            raise BackupError(f"{path} is not a readable tar archive: {error}") from error
        with tar:
            manifest = _manifest(tar)
            part = manifest["database"]
            if part["vendor"] != database.vendor():
                raise BackupError(f"This is a {part['vendor']} backup; the configured "
                                  f"database is {connection.vendor}.")
            database.ensure_empty()
            placed = _placed(tar)
            tar.extract(part["file"], work, filter="data")
            dump = Path(work) / part["file"]
            if _sha256(dump) != part["sha256"]:
                raise BackupError("The database dump does not match its checksum: the backup "
                                  "is damaged. Nothing was restored.")
            if manifest.get("registry_issuer") != settings.REGISTRY_ISSUER_URL:
                warnings.append(
                    f"The backup's certificates were issued by {manifest.get('registry_issuer')}"
                    f" but REGISTRY_ISSUER_URL is {settings.REGISTRY_ISSUER_URL}: their "
                    "credentials will not verify here until it is set back.")
            if _media_root() is None and manifest["media"].get("files"):
                warnings.append("This registry keeps media in a bucket: the backup's media "
                                "files were not restored (copy them with the bucket's tools).")
            database.restore(dump)
            for member, root in placed:
                root.mkdir(parents=True, exist_ok=True)
                tar.extract(member, root, filter="data")
    return Outcome(path, manifest, warnings)
