"""age encryption of backups (age-encryption.org/v1): X25519 to each recipient, then
ChaCha20-Poly1305 in 64 KiB chunks, so any change, truncation or reordering of the file is
detected. Files are streamed, never held in memory."""

import datetime
import os
import threading
from pathlib import Path

import pyrage
from django.conf import settings

from .errors import BackupError

AGE_MAGIC = b"age-encryption.org/v1"
IDENTITY_PREFIX = "AGE-SECRET-KEY-1"


def recipients(values=None) -> list:
    """The age public keys backups are encrypted to (settings.BACKUP_RECIPIENTS)."""
    values = settings.BACKUP_RECIPIENTS if values is None else values
    try:
        return [pyrage.x25519.Recipient.from_str(value.strip()) for value in values
                if value.strip()]
    except pyrage.RecipientError as error:
        raise BackupError("BACKUP_RECIPIENTS must list age public keys (age1…), one per key "
                          f"holder, separated by commas: {error}") from error


def new_identity() -> tuple[str, str]:
    """A new key pair: (secret key file text, in age-keygen's format; public key)."""
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return f"# created: {created}\n# public key: {public}\n{identity}\n", public


def identities(path) -> list:
    """The secret keys in an age identity file."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Cannot read the backup key file {path}: {error}") from error
    keys = [line.strip() for line in lines if line.strip().startswith(IDENTITY_PREFIX)]
    try:
        found = [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError as error:
        raise BackupError(f"The backup key file {path} holds a damaged key: {error}") from error
    if not found:
        raise BackupError(f"The file {path} holds no backup secret key "
                          f"({IDENTITY_PREFIX}…).")
    return found


def encrypt_stream(out, keys: list, produce) -> None:
    """Stream what `produce(sink)` writes through age into `out`: a thread writes the
    archive into a pipe, age reads the other end."""
    read_end, write_end = os.pipe()
    failures = []

    def producer():
        try:
            with os.fdopen(write_end, "wb") as sink:
                produce(sink)
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            failures.append(error)

    thread = threading.Thread(target=producer, name="backup-archive")
    thread.start()
    try:
        with os.fdopen(read_end, "rb") as source:
            pyrage.encrypt_io(source, out, keys)
    finally:
        thread.join()
    if failures:
        raise failures[0]


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            head = stream.read(512)
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from error
    if head.startswith(AGE_MAGIC):
        return True
    if len(head) == 512 and head[257:262] == b"ustar":
        return False
    raise BackupError(f"{path} is not a registry backup (neither an age file nor a tar "
                      "archive).")


def decrypt_file(path: Path, keys: list, target: Path) -> None:
    try:
        with open(path, "rb") as source, open(target, "wb") as out:
            pyrage.decrypt_io(source, out, keys)
    except pyrage.DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise BackupError(
                "This backup was not encrypted for the key given: use the secret key of one "
                "of its recipients (--identity FILE or BACKUP_IDENTITY_FILE).") from error
        raise BackupError(f"The backup file is damaged or was changed ({error}): nothing was "
                          "restored.") from error
    except OSError as error:
        if error.errno is not None:  # reading the backup or writing its decrypted copy
            raise BackupError(f"Cannot decrypt {path}: {error.strerror}.") from error
        # age refuses a chunk whose authentication fails as an I/O error of the stream.
        raise BackupError("The backup file is damaged or was changed (a part of it does "
                          "not authenticate): nothing was restored.") from error
