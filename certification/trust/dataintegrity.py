"""W3C Data Integrity proofs with the EdDSA cryptosuites (W3C Recommendation "Data
Integrity EdDSA Cryptosuites v1.0", 2025):

* `eddsa-rdfc-2022` (section 3.2): the document and the proof configuration (with the
  document's `@context`) are canonicalized as RDF (RDFC-1.0) and hashed with SHA-256;
  the Ed25519 signature covers `SHA-256(proofConfig) || SHA-256(document)`.
* `eddsa-jcs-2022` (section 3.3): the same over their JCS (RFC 8785) forms; as in step 2
  of its Create Proof algorithm, the emitted proof repeats the document's `@context`.

The registry secures each document with a proof set holding both (`secure`): Open
Badges 3.0 requires `eddsa-rdfc-2022`; `eddsa-jcs-2022` lets a verifier without a
JSON-LD processor check it. Each proof of a set is made over the document without any
proof. A verifier passes a `resolve_key` that maps a verificationMethod id to the public
key it trusts for the document's issuer (`did.resolver_for_issuer`), or None.
"""

import copy
import datetime
import hashlib
import re
from collections.abc import Callable

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import jsonld, signing
from .did import verification_method_id

PROOF_TYPE = "DataIntegrityProof"
RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"

# XML Schema dateTime (the form `created` must take), with an optional time zone.
_XSD_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


def format_created(created: datetime.datetime | str) -> str:
    if isinstance(created, datetime.datetime):
        if created.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        return created.astimezone(datetime.UTC).replace(microsecond=0).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    if not isinstance(created, str) or not _XSD_DATETIME.fullmatch(created):
        raise ValueError(f"created is not an XML Schema dateTime: {created!r}")
    return created


def _check_options(options: dict, cryptosuite: str) -> None:
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != cryptosuite:
        raise ValueError(f"not a {PROOF_TYPE} with cryptosuite {cryptosuite}")
    created = options.get("created")
    if created is not None and not (isinstance(created, str)
                                    and _XSD_DATETIME.fullmatch(created)):
        raise ValueError("proof 'created' is not an XML Schema dateTime")


def hash_data(unsecured: dict, options: dict, cryptosuite: str) -> bytes:
    """Transformation, proof configuration and hashing of either cryptosuite: the 64
    bytes the Ed25519 signature covers."""
    _check_options(options, cryptosuite)
    if cryptosuite == JCS:
        config, document = rfc8785.dumps(options), rfc8785.dumps(unsecured)
    else:
        config = jsonld.canonize({**options, "@context": unsecured["@context"]}).encode()
        document = jsonld.canonize(unsecured).encode()
    return hashlib.sha256(config).digest() + hashlib.sha256(document).digest()


def create_proof(unsecured: dict, cryptosuite: str, key: signing.SigningKey, *,
                 created: datetime.datetime | str, verification_method: str) -> dict:
    """One DataIntegrityProof over `unsecured` (a document without proof)."""
    options = {"type": PROOF_TYPE, "cryptosuite": cryptosuite,
               "created": format_created(created), "verificationMethod": verification_method,
               "proofPurpose": PROOF_PURPOSE}
    if cryptosuite == JCS and "@context" in unsecured:
        options["@context"] = copy.deepcopy(unsecured["@context"])
    signature = key.private.sign(hash_data(unsecured, options, cryptosuite))
    return {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}


def add_proof(document: dict, key: signing.SigningKey | None = None, *,
              created: datetime.datetime | str, verification_method: str | None = None,
              issuer: str | None = None, cryptosuite: str = JCS) -> dict:
    """A copy of `document` with one proof (the known-answer tests use it)."""
    key = key or signing.active_key()
    method = verification_method or verification_method_id(key.kid, issuer)
    proof = create_proof(_unsecured(document), cryptosuite, key, created=created,
                         verification_method=method)
    return {**copy.deepcopy(document), "proof": proof}


def secure(document: dict, *, issuer: str, created: datetime.datetime,
           key: signing.SigningKey | None = None) -> dict:
    """`document` secured with a proof set: eddsa-rdfc-2022 and eddsa-jcs-2022 proofs by
    the issuer's key `key` (the active one by default)."""
    key = key or signing.active_key()
    unsecured = _unsecured(document)
    method = verification_method_id(key.kid, issuer)
    return {**unsecured, "proof": [
        create_proof(unsecured, suite, key, created=created, verification_method=method)
        for suite in (RDFC, JCS)]}


def _unsecured(document: dict) -> dict:
    if not isinstance(document, dict):
        raise TypeError("the document must be a JSON object")
    if "proof" in document:
        raise ValueError("the document already has a proof")
    return copy.deepcopy(document)


# Verifying ---------------------------------------------------------------------------

def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def verify_proofs(document: dict, resolve_key: Callable[[str], Ed25519PublicKey | None], *,
                  expected_proof_purpose: str = PROOF_PURPOSE) -> list[tuple[str, bool]]:
    """[(cryptosuite, verified), …] for each proof of the document (a single proof or a
    set). Anything malformed counts as not verified; never raises."""
    if not isinstance(document, dict) or "proof" not in document:
        return []
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    results = []
    for proof in _as_list(document["proof"]):
        suite = proof.get("cryptosuite") if isinstance(proof, dict) else None
        try:
            verified = _verify_one(unsecured, proof, resolve_key, expected_proof_purpose)
        except (ValueError, TypeError, KeyError, AttributeError, InvalidSignature,
                RecursionError, jsonld.jsonld.JsonLdError):
            verified = False
        results.append((suite if isinstance(suite, str) else "?", verified))
    return results


def verify_proof(document: dict, resolve_key: Callable[[str], Ed25519PublicKey | None], *,
                 expected_proof_purpose: str = PROOF_PURPOSE) -> bool:
    """True when the document has at least one proof and every one of them verifies."""
    results = verify_proofs(document, resolve_key,
                            expected_proof_purpose=expected_proof_purpose)
    return bool(results) and all(verified for _suite, verified in results)


def _verify_one(unsecured, proof, resolve_key, expected_proof_purpose) -> bool:
    if not isinstance(proof, dict):
        return False
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    cryptosuite = options.get("cryptosuite")
    if cryptosuite not in (RDFC, JCS) or options.get("proofPurpose") != expected_proof_purpose:
        return False
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return False
    signature = base58.b58decode(proof_value[1:])
    if len(signature) != 64:
        return False
    unsecured = dict(unsecured)
    if cryptosuite == JCS and "@context" in options:
        proof_context = _as_list(options["@context"])
        if _as_list(unsecured.get("@context"))[:len(proof_context)] != proof_context:
            return False
        unsecured["@context"] = options["@context"]
    method = options.get("verificationMethod")
    public_key = resolve_key(method) if isinstance(method, str) else None
    if public_key is None:
        return False
    public_key.verify(signature, hash_data(unsecured, options, cryptosuite))
    return True
