"""The registry's Ed25519 signing keys: they sign every certificate's QR code (qr.py), its
Open Badges credential and the status list (dataintegrity.py).

Keys live in settings.SIGNING_KEYS_DIR as `<kid>.key.pem` (private, PKCS#8) and
`<kid>.pub.pem` (public). The file `active` names the signing key. Retired keys keep
their public file (the private one may be destroyed), so certificates signed with
them still verify: that is key rotation. Public keys are published as a JWKS at
/.well-known/registry-keys.json and in the issuer's DID document.
"""

import base64
import datetime
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings


class CredentialError(ValueError):
    """A key or a key file cannot be used; `str(error)` says why."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise CredentialError("not base64url") from error


# Keys ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey


def keys_dir() -> Path:
    return Path(settings.SIGNING_KEYS_DIR)


def create_key(directory: Path | None = None, *, activate: bool = True) -> str:
    """Create a new Ed25519 key pair; return its key id. Activating makes it sign from now on
    while older public keys keep verifying what they signed."""
    directory = directory or keys_dir()
    directory.mkdir(parents=True, exist_ok=True)
    kid = f"conocer-{datetime.date.today():%Y%m%d}-{secrets.token_hex(3)}"
    private = Ed25519PrivateKey.generate()
    key_file = directory / f"{kid}.key.pem"
    key_file.write_bytes(private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    key_file.chmod(0o600)
    (directory / f"{kid}.pub.pem").write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    if activate:
        (directory / "active").write_text(kid + "\n")
    return kid


def active_key() -> SigningKey:
    directory = keys_dir()
    try:
        kid = (directory / "active").read_text().strip()
        pem = (directory / f"{kid}.key.pem").read_bytes()
    except FileNotFoundError as error:
        raise CredentialError(
            f"No active signing key in {directory}: run 'python manage.py "
            f"create_signing_keys'.") from error
    return SigningKey(kid=kid, private=serialization.load_pem_private_key(pem, password=None))


def public_keys(directory: Path | None = None) -> dict[str, Ed25519PublicKey]:
    directory = directory or keys_dir()
    return {path.name.removesuffix(".pub.pem"):
            serialization.load_pem_public_key(path.read_bytes())
            for path in sorted(directory.glob("*.pub.pem"))}


def jwk(kid: str, key: Ed25519PublicKey) -> dict:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": kid, "use": "sig",
            "alg": "EdDSA"}


def jwks(directory: Path | None = None) -> dict:
    return {"keys": [jwk(kid, key) for kid, key in public_keys(directory).items()]}


def keys_from_jwks(document: dict) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 keys of a JWKS, by kid; entries of other kinds are left out."""
    keys = {}
    for entry in document.get("keys", []) if isinstance(document, dict) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        if entry.get("kty") == "OKP" and entry.get("crv") == "Ed25519":
            try:
                keys[entry["kid"]] = Ed25519PublicKey.from_public_bytes(
                    b64url_decode(str(entry.get("x", ""))))
            except ValueError as error:
                raise CredentialError(f"key {entry['kid']} is not an Ed25519 key") from error
    return keys
