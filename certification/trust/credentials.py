"""W3C Verifiable Credentials (Open Badges 3.0) for certificates, secured with a Data
Integrity proof using the `eddsa-jcs-2022` cryptosuite.

Specifications followed:

* Verifiable Credentials Data Model v2.0 and Open Badges 3.0 (`OpenBadgeCredential`).
* Verifiable Credential Data Integrity v1.0 (`DataIntegrityProof`).
* Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation, 15 May 2025), section 3.3
  "eddsa-jcs-2022": the proof configuration and the unsecured document are each
  canonicalized with JCS (RFC 8785) and hashed with SHA-256; the Ed25519 signature covers
  `SHA-256(proofConfig) || SHA-256(document)` and is published as a base58-btc Multibase
  string. As in step 2 of the spec's Create Proof algorithm (and in its test vector), the
  emitted proof repeats the document's `@context`.
* did:web: the issuer is `did:web:<host of the issuer URL>` (the issuer URL frozen in the
  certificate's claims; the registry's own is settings.SITE_URL); its DID document, served at
  `/.well-known/did.json`, lists every registry public key (active and retired) as a
  `Multikey`, so credentials signed before a key rotation keep verifying.

The keys are those of `trust.signing` (settings.SIGNING_KEYS_DIR); the key id
(`kid`) is the DID URL fragment of the verification method.
"""

import copy
import datetime
import hashlib
import re
from collections.abc import Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from . import signing
from .claims import Claims, status_list_url

__all__ = [
    "CRYPTOSUITE",
    "add_proof",
    "certificate_credential",
    "did_document",
    "issuer_id",
    "multikey",
    "multikey_to_public_key",
    "resolver_from_did_document",
    "verify_proof",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"
ED25519_MULTICODEC = b"\xed\x01"  # varint of 0xed, the ed25519-pub multicodec
CREDENTIAL_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
ISSUER_NAME = ("Consejo Nacional de Normalización y Certificación de Competencias Laborales "
               "(CONOCER)")
LOCAL_TIME_ZONE = ZoneInfo("America/Mexico_City")

# XML Schema dateTime (the form `created` must take), with an optional time zone.
_XSD_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


# Issuer identity ----------------------------------------------------------------------------

def issuer_did(issuer_url: str) -> str:
    """`did:web:` + the host of the issuer's URL, its port's colon percent-encoded."""
    url = urlsplit(issuer_url)
    if not url.hostname:
        raise ValueError(f"the issuer URL has no host: {issuer_url!r}")
    host = url.hostname
    if url.port:
        host += f"%3A{url.port}"
    return f"did:web:{host}"


def issuer_id() -> str:
    """The registry's own DID, from settings.SITE_URL (the DID document it serves)."""
    return issuer_did(settings.SITE_URL)


def verification_method_id(kid: str, issuer: str | None = None) -> str:
    return f"{issuer or issuer_id()}#{kid}"


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
    """The issuer's DID document (served at /.well-known/did.json)."""
    did = issuer_id()
    methods = [
        {"id": verification_method_id(kid), "type": "Multikey", "controller": did,
         "publicKeyMultibase": multikey(key)}
        for kid, key in signing.public_keys().items()
    ]
    return {
        "@context": list(DID_CONTEXT),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def resolver_from_did_document(document: dict) -> Callable[[str], Ed25519PublicKey | None]:
    """A `resolve_key` for `verify_proof` that accepts the Multikeys a DID document lists
    under `assertionMethod` (by reference or embedded), and nothing else."""
    methods = {}
    for method in document.get("verificationMethod", []):
        if isinstance(method, dict) and isinstance(method.get("id"), str):
            methods[method["id"]] = method
    keys = {}
    for entry in document.get("assertionMethod", []):
        method = methods.get(entry) if isinstance(entry, str) else entry
        if not isinstance(method, dict) or method.get("type") != "Multikey":
            continue
        try:
            keys[method["id"]] = multikey_to_public_key(method["publicKeyMultibase"])
        except (KeyError, TypeError, ValueError):
            continue
    return keys.get


# Data Integrity proof (eddsa-jcs-2022) --------------------------------------------------

def _format_created(created: datetime.datetime | str | None) -> str:
    if created is None:
        created = datetime.datetime.now(datetime.UTC)
    if isinstance(created, datetime.datetime):
        if created.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        return created.astimezone(datetime.UTC).replace(microsecond=0).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    if not isinstance(created, str) or not _XSD_DATETIME.fullmatch(created):
        raise ValueError(f"created is not an XML Schema dateTime: {created!r}")
    return created


def _proof_configuration(options: dict) -> bytes:
    """Spec 3.3.5: check the options and return their JCS canonical form."""
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"not a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")
    created = options.get("created")
    if created is not None and not (isinstance(created, str)
                                    and _XSD_DATETIME.fullmatch(created)):
        raise ValueError("proof 'created' is not an XML Schema dateTime")
    return rfc8785.dumps(options)


def _hash_data(unsecured_document: dict, canonical_proof_config: bytes) -> bytes:
    """Spec 3.3.3 (transformation) and 3.3.4 (hashing): SHA-256 of the canonical proof
    configuration followed by SHA-256 of the canonical document: 64 bytes."""
    transformed = rfc8785.dumps(unsecured_document)
    return (hashlib.sha256(canonical_proof_config).digest()
            + hashlib.sha256(transformed).digest())


def add_proof(document: dict, key: signing.SigningKey | None = None, *,
              created: datetime.datetime | str | None = None,
              verification_method: str | None = None, issuer: str | None = None) -> dict:
    """Return a copy of `document` secured with an eddsa-jcs-2022 DataIntegrityProof.

    `key` defaults to the active signing key; `verificationMethod` is
    `<issuer DID>#kid` (the registry's own DID unless `issuer` is given) unless
    `verification_method` is given (used by the known-answer test, whose vector names a
    did:key). `created` defaults to now (UTC, seconds)."""
    if not isinstance(document, dict):
        raise TypeError("the document must be a JSON object")
    if "proof" in document:
        raise ValueError("the document already has a proof (proof sets are not supported)")
    key = key or signing.active_key()
    unsecured = copy.deepcopy(document)
    # Create Proof (eddsa-jcs-2022), spec 3.3.1.
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _format_created(created),
        "verificationMethod": verification_method or verification_method_id(key.kid, issuer),
        "proofPurpose": PROOF_PURPOSE,
    }
    if "@context" in unsecured:  # step 2
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    proof_config = _proof_configuration(proof)  # step 3
    hash_data = _hash_data(unsecured, proof_config)  # steps 4-5
    signature = key.private.sign(hash_data)  # step 6 (proof serialization)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")  # step 7
    return {**unsecured, "proof": proof}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _context_starts_with(document_context, proof_context) -> bool:
    document_context, proof_context = _as_list(document_context), _as_list(proof_context)
    return document_context[:len(proof_context)] == proof_context


def verify_proof(document: dict, resolve_key: Callable[[str], Ed25519PublicKey | None], *,
                 expected_proof_purpose: str = PROOF_PURPOSE) -> bool:
    """Verify the document's eddsa-jcs-2022 proof (spec 3.3.2); `resolve_key` maps a
    verificationMethod id to its public key, or None if it is not trusted. Returns False
    for anything that does not verify, including malformed input; never raises."""
    try:
        return _verify(document, resolve_key, expected_proof_purpose)
    except (ValueError, TypeError, KeyError, AttributeError, InvalidSignature,
            RecursionError):
        return False


def _verify(document, resolve_key, expected_proof_purpose) -> bool:
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return False
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {name: value for name, value in document["proof"].items()
               if name != "proofValue"}
    proof_value = document["proof"].get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return False
    signature = base58.b58decode(proof_value[1:])
    if len(signature) != 64:
        return False
    if options.get("proofPurpose") != expected_proof_purpose:
        return False
    if "@context" in options:
        if not _context_starts_with(unsecured.get("@context"), options["@context"]):
            return False
        unsecured["@context"] = options["@context"]
    proof_config = _proof_configuration(options)
    hash_data = _hash_data(unsecured, proof_config)
    method = options.get("verificationMethod")
    if not isinstance(method, str):
        return False
    public_key = resolve_key(method)
    if public_key is None:
        return False
    public_key.verify(signature, hash_data)  # raises InvalidSignature
    return True


# The Open Badges 3.0 credential of a certificate ----------------------------------------

def _identity_hash(claims: Claims, salt: str) -> str:
    return "sha256$" + hashlib.sha256((claims.holder_id_number + salt).encode("utf-8")
                                      ).hexdigest()


def _valid_from(issued_on: datetime.date) -> str:
    return datetime.datetime.combine(issued_on, datetime.time(0),
                                     tzinfo=LOCAL_TIME_ZONE).isoformat()


def certificate_credential(claims: Claims, *, status_index: int) -> dict:
    """The signed OpenBadgeCredential of a certificate, from its frozen claims: every
    address in it comes from the issuer URL frozen there, never from the request."""
    site, did = claims.issuer, issuer_did(claims.issuer)
    achievement = {
        "id": claims.standard_url,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": claims.standard_title,
        "description": claims.standard_purpose or claims.standard_title,
        "criteria": {
            "narrative": (f"Evaluación conforme al Estándar de Competencia "
                          f"{claims.standard_code}, nivel {claims.standard_level}."),
        },
        "humanCode": claims.standard_code,
    }
    if claims.sector_name:
        achievement["fieldOfStudy"] = claims.sector_name
    credential = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": claims.credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Certificado de competencia laboral {claims.standard_code}",
        "issuer": {
            "id": did,
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": site,
        },
        "validFrom": _valid_from(claims.issued_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": claims.holder_name,
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": _identity_hash(claims, claims.folio),
                "identityType": "identifier",
                "hashed": True,
                "salt": claims.folio,
            }],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{status_list_url(site)}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url(site),
        },
    }
    return add_proof(credential, issuer=did)
