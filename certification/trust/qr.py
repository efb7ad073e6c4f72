"""The QR code of a certificate: a URL that a phone opens and a verifier can check
offline, small enough for a photocopy (at most QR version 10 at error correction M).

    HTTPS://REGISTRO.CONOCER.GOB.MX/Q/<base32 of a COSE_Sign1>

* The signed message is a COSE_Sign1 (RFC 9052, section 4.2), CBOR tag 18:
  `[protected, unprotected, payload, signature]`, where `protected` is the CBOR map
  `{1: -8 (EdDSA), 4: kid}` as a byte string, `kid` the first 4 bytes of the RFC 7638
  JWK thumbprint of the signing key (so a verifier finds it among the published keys),
  `unprotected` is `{}`, and the Ed25519 signature covers the CBOR array
  `["Signature1", protected, h'', payload]`.
* The payload is a CBOR map with integer keys: 1 folio, 2 holder's name, 3 standard
  code, 4 level, 5 issue date as days since 1970-01-01, 6 awarding body id, 7 claims
  version. No identity number: nothing in the QR identifies the person beyond what the
  paper prints. A name too long for version 10 is shortened, ending with "…".
* The text is base32 (RFC 4648, upper case, no padding) after the issuer's URL in upper
  case and `/Q/`: every character is in the QR alphanumeric set, which stores 5.5 bits a
  character instead of byte mode's 8.
"""

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass

import cbor2
import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import signing
from .claims import QR_PATH, Claims

COSE_SIGN1_TAG = 18
EDDSA = -8
MAX_VERSION = 10
ERROR_CORRECTION = "m"
EPOCH = datetime.date(1970, 1, 1)
MAX_TOKEN_CHARS = 1000  # far beyond any QR this registry prints; refuses absurd input


class QrError(ValueError):
    """The QR text is not a registry credential, or does not verify; `str()` says why."""


@dataclass(frozen=True)
class QrClaims:
    """What a QR code asserts, once its signature has been checked."""

    folio: str
    holder_name: str
    standard_code: str
    standard_level: int
    issued_on: datetime.date
    awarding_body_id: int
    version: int
    key_id: str


def thumbprint_prefix(public_key: Ed25519PublicKey) -> bytes:
    """First 4 bytes of the key's RFC 7638 JWK thumbprint (SHA-256 of its canonical JWK)."""
    jwk = signing.jwk("", public_key)
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]},
                           separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("ascii")).digest()[:4]


def _payload(claims: Claims, name: str) -> bytes:
    return cbor2.dumps({1: claims.folio, 2: name, 3: claims.standard_code,
                        4: claims.standard_level, 5: (claims.issued_on - EPOCH).days,
                        6: claims.awarding_body_id, 7: claims.version})


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _token(claims: Claims, name: str, key: signing.SigningKey) -> str:
    protected = cbor2.dumps({1: EDDSA, 4: thumbprint_prefix(key.private.public_key())})
    payload = _payload(claims, name)
    signature = key.private.sign(_sig_structure(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return base64.b32encode(message).decode("ascii").rstrip("=")


def url_prefix(issuer: str) -> str:
    return f"{issuer.upper()}/" + QR_PATH.format(token="")


def qr_text(issuer: str, token: str) -> str:
    return url_prefix(issuer) + token


def version_of(text: str) -> int:
    return segno.make(text, error=ERROR_CORRECTION, boost_error=False).version


def sign(claims: Claims, key: signing.SigningKey | None = None) -> str:
    """The token for the certificate's QR code, its name shortened if it must be for the
    code to stay within version 10."""
    key = key or signing.active_key()
    name = claims.holder_name
    token = _token(claims, name, key)
    while version_of(qr_text(claims.issuer, token)) > MAX_VERSION and len(name) > 8:
        name = name[:-2].rstrip() + "…"
        token = _token(claims, name, key)
    return token


def verify(token: str, keys: dict[str, Ed25519PublicKey]) -> QrClaims:
    """Check a QR token against published keys (kid → key); its claims, or QrError."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARS:
        raise QrError("not a registry QR code")
    try:
        raw = base64.b32decode(token.strip().upper() + "=" * (-len(token.strip()) % 8))
        message = cbor2.loads(raw)
    except Exception as error:  # noqa: BLE001 (hostile input may break any decoder)
        raise QrError("not a registry QR code") from error
    if not (isinstance(message, cbor2.CBORTag) and message.tag == COSE_SIGN1_TAG
            and isinstance(message.value, list | tuple) and len(message.value) == 4):
        raise QrError("not a COSE_Sign1 message")
    protected, _unprotected, payload, signature = message.value
    if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
        raise QrError("not a COSE_Sign1 message")
    try:
        header = cbor2.loads(protected)
    except Exception as error:  # noqa: BLE001
        raise QrError("malformed protected header") from error
    if not isinstance(header, dict) or header.get(1) != EDDSA:
        raise QrError("not signed with EdDSA")
    matches = [(kid, key) for kid, key in keys.items()
               if thumbprint_prefix(key) == header.get(4)]
    if not matches:
        raise QrError("signed with a key the registry does not publish")
    for kid, key in matches:
        try:
            key.verify(signature, _sig_structure(protected, payload))
        except InvalidSignature:
            continue
        return _claims(payload, kid)
    raise QrError("the signature does not match: the code was altered")


def _claims(payload: bytes, kid: str) -> QrClaims:
    """The claims of a signed payload, each of the type the registry writes (no NaN, no
    1e999 or 2**80 days, no list for a folio): anything else is not a certificate's."""
    try:
        data = cbor2.loads(payload)
        texts = [data[key] for key in (1, 2, 3)]
        numbers = [data[key] for key in (4, 5, 6, 7)]
        if not (all(type(t) is str for t in texts) and all(type(n) is int for n in numbers)):
            raise TypeError("claims of the wrong type")
        return QrClaims(folio=texts[0], holder_name=texts[1], standard_code=texts[2],
                        standard_level=numbers[0],
                        issued_on=EPOCH + datetime.timedelta(days=numbers[1]),
                        awarding_body_id=numbers[2], version=numbers[3], key_id=kid)
    except Exception as error:  # noqa: BLE001 (signed, yet not ours: refuse, never crash)
        raise QrError("the signed payload is not a certificate's") from error


def matches(qr: QrClaims, claims: Claims) -> bool:
    """Does what the QR asserts agree with the claims the registry froze at issuance?"""
    shortened = qr.holder_name.endswith("…") and claims.holder_name.startswith(
        qr.holder_name[:-1].rstrip())
    return (qr.folio == claims.folio and qr.standard_code == claims.standard_code
            and qr.standard_level == claims.standard_level
            and qr.issued_on == claims.issued_on
            and qr.awarding_body_id == claims.awarding_body_id
            and (qr.holder_name == claims.holder_name or shortened))
