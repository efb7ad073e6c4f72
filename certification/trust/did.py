"""The issuer's did:web identity and the keys it publishes.

The issuer of every credential is `did:web:<host of REGISTRY_ISSUER_URL>`; its DID
document, served at `/.well-known/did.json`, lists every registry public key (active and
retired) as a `Multikey` under `assertionMethod`, so credentials signed before a key
rotation keep verifying. A verifier trusts a proof only when its `verificationMethod`
belongs to the credential's issuer: an id under the issuer's DID, controlled by it,
listed under its `assertionMethod` (`resolver_for_issuer`).
"""

from collections.abc import Callable
from urllib.parse import urlsplit

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from . import signing

ED25519_MULTICODEC = b"\xed\x01"  # varint of 0xed, the ed25519-pub multicodec
DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def issuer_did(issuer_url: str) -> str:
    """`did:web:` + the host of the issuer's URL, its port's colon percent-encoded."""
    url = urlsplit(issuer_url)
    if not url.hostname:
        raise ValueError(f"the issuer URL has no host: {issuer_url!r}")
    host = url.hostname
    if url.port:
        host += f"%3A{url.port}"
    return f"did:web:{host}"


def registry_did() -> str:
    """The registry's own DID (settings.REGISTRY_ISSUER_URL)."""
    return issuer_did(settings.REGISTRY_ISSUER_URL)


def verification_method_id(kid: str, did: str | None = None) -> str:
    return f"{did or registry_did()}#{kid}"


def multikey(public_key: Ed25519PublicKey) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 public key: `z` + base58btc of
    0xed01 followed by the 32 raw key bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_MULTICODEC + raw).decode("ascii")


def multikey_to_public_key(value: str) -> Ed25519PublicKey:
    """Inverse of `multikey`; ValueError for anything but a base58btc Ed25519 Multikey."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("publicKeyMultibase must be a base58btc ('z') Multibase string")
    decoded = base58.b58decode(value[1:])
    if len(decoded) != 34 or not decoded.startswith(ED25519_MULTICODEC):
        raise ValueError("publicKeyMultibase is not an Ed25519 public key (0xed01 + 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def did_document() -> dict:
    """The registry's DID document (served at /.well-known/did.json)."""
    did = registry_did()
    methods = [
        {"id": verification_method_id(kid, did), "type": "Multikey", "controller": did,
         "publicKeyMultibase": multikey(key)}
        for kid, key in signing.public_keys().items()
    ]
    return {
        "@context": list(DID_CONTEXT),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def resolver_for_issuer(document: dict, issuer: str) -> Callable[[str], Ed25519PublicKey | None]:
    """A `resolve_key` that accepts only the Multikeys the DID document of `issuer` lists
    under `assertionMethod` (by reference or embedded), controlled by that issuer, with
    ids under its DID. A DID document of anyone else resolves nothing."""
    if not isinstance(document, dict) or document.get("id") != issuer:
        return lambda method_id: None
    methods = {}
    for method in document.get("verificationMethod", []):
        if isinstance(method, dict) and isinstance(method.get("id"), str):
            methods[method["id"]] = method
    keys = {}
    for entry in document.get("assertionMethod", []):
        method = methods.get(entry) if isinstance(entry, str) else entry
        if not isinstance(method, dict) or method.get("type") != "Multikey":
            continue
        if method.get("controller") != issuer or not str(method.get("id", "")).startswith(
                issuer + "#"):
            continue
        try:
            keys[method["id"]] = multikey_to_public_key(method["publicKeyMultibase"])
        except (KeyError, TypeError, ValueError):
            continue
    return keys.get


def issuer_of(document: dict) -> str | None:
    """The id of a credential's issuer (a string or a Profile with an id)."""
    issuer = document.get("issuer") if isinstance(document, dict) else None
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None
