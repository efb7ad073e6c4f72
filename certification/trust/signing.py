"""Signed credentials: every certificate carries an Ed25519 signature over a canonical
payload of its essential fields, so anyone holding the registry's public keys can
confirm it offline.

Keys live in settings.SIGNING_KEYS_DIR as `<kid>.key.pem` (private, PKCS#8) and
`<kid>.pub.pem` (public). The file `active` names the signing key. Retired keys keep
their public file (the private one may be destroyed), so certificates signed with
them still verify: that is key rotation. Public keys are published as a JWKS at
/.well-known/registry-keys.json.

Token (in the QR code, after `?c=`): a compact JWS with EdDSA,
`b64url(header) "." b64url(payload) "." b64url(signature)`, where the payload is the
RFC 8785 (JCS) canonical JSON of `payload(claims)` — the certificate's frozen claims —
and the signature covers the ASCII bytes `b64url(header) "." b64url(payload)`.
docs/verification.md specifies it.
"""

import base64
import datetime
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

from .claims import Claims

TOKEN_TYPE = "conocer-credential+jws"  # noqa: S105 (a media type, not a secret)
PAYLOAD_VERSION = 1


class CredentialError(ValueError):
    """The credential cannot be trusted; `str(error)` says why."""


class UnknownKey(CredentialError):
    pass


class BadSignature(CredentialError):
    pass


class MalformedCredential(CredentialError):
    pass


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise MalformedCredential("not base64url") from error


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
    keys = {}
    for entry in document.get("keys", []):
        if entry.get("kty") == "OKP" and entry.get("crv") == "Ed25519" and entry.get("kid"):
            keys[entry["kid"]] = Ed25519PublicKey.from_public_bytes(b64url_decode(entry["x"]))
    return keys


# Payload and token ------------------------------------------------------------------------

def payload(claims: Claims) -> dict:
    """The essential fields a certificate asserts, as signed."""
    return {
        "v": PAYLOAD_VERSION,
        "iss": claims.issuer,
        "folio": claims.folio,
        "name": claims.holder_name,
        "id": claims.holder_identifier,
        "std": claims.standard_code,
        "title": claims.standard_title,
        "lvl": claims.standard_level,
        "body": claims.awarding_body_name,
        "centre": claims.centre_name,
        "issued": claims.issued_on.isoformat(),
    }


def _signing_input(header: dict, claims: dict) -> bytes:
    return f"{b64url(rfc8785.dumps(header))}.{b64url(rfc8785.dumps(claims))}".encode("ascii")


def sign(claims: Claims, key: SigningKey | None = None) -> tuple[str, str]:
    """Return (key id, detached signature) over the claims' payload."""
    key = key or active_key()
    header = {"alg": "EdDSA", "kid": key.kid, "typ": TOKEN_TYPE}
    signature = key.private.sign(_signing_input(header, payload(claims)))
    return key.kid, b64url(signature)


def token(claims: Claims, kid: str, signature: str) -> str:
    """The compact token printed in the QR code (payload included, for offline checks)."""
    if not signature:
        raise CredentialError(f"{claims.folio} is not signed")
    header = {"alg": "EdDSA", "kid": kid, "typ": TOKEN_TYPE}
    return f"{_signing_input(header, payload(claims)).decode()}.{signature}"


def verify_token(text: str, keys: dict[str, Ed25519PublicKey]) -> dict:
    """Check a compact token with the given public keys; return its payload."""
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise MalformedCredential("a credential token has three parts separated by dots")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedCredential("the token's header or payload is not JSON") from error
    if header.get("alg") != "EdDSA" or header.get("typ") != TOKEN_TYPE:
        raise MalformedCredential("not a registry credential (alg/typ)")
    key = keys.get(header.get("kid"))
    if key is None:
        raise UnknownKey(f"unknown key id {header.get('kid')!r}")
    # The signature covers the canonical form: a re-encoded payload must not pass.
    if _signing_input(header, claims) != f"{parts[0]}.{parts[1]}".encode("ascii"):
        raise BadSignature("the payload is not in canonical form")
    try:
        key.verify(b64url_decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature as error:
        raise BadSignature("the signature does not match the payload") from error
    return claims


def verify_claims(claims: Claims, kid: str, signature: str, keys=None) -> bool:
    """Does the stored signature match the claims?"""
    if not signature:
        return False
    try:
        verify_token(token(claims, kid, signature), keys or public_keys())
    except CredentialError:
        return False
    return True
