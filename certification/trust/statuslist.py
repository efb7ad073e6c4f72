"""The revocation list of certificates as a W3C Bitstring Status List (v1.0).

Every certificate owns one bit, at an index drawn at random when it is issued: 0 while
the certificate is valid, 1 once it is cancelled, revoked or replaced. The list is
published as a `BitstringStatusListCredential`, signed like the certificates'
credentials (eddsa-rdfc-2022 and eddsa-jcs-2022), at `claims.status_list_url(issuer)`.

Encoding (spec section "Bitstring Encoding"): index 0 is the left-most bit, that is the
most significant bit of the first byte; the bitstring is GZIP-compressed and written as a
Multibase base64url string without padding (prefix `u`). The list is at least
`MIN_BITS` long (16 KB uncompressed), so a holder cannot be singled out by its size.
"""

import base64
import datetime
import gzip
import zlib

from . import dataintegrity
from .claims import status_list_url
from .did import issuer_did

__all__ = [
    "MIN_BITS",
    "decode",
    "encode",
    "is_set",
    "list_length",
    "set_bit",
    "status_list_credential",
]

MIN_BITS = 131072
STATUS_PURPOSE = "revocation"
# A verifier decompresses lists published by others: refuse anything absurdly large.
MAX_DECODED_BYTES = 16 * 1024 * 1024


def list_length(largest_index: int | None) -> int:
    """Bits needed to hold `largest_index`, in whole bytes, and never under MIN_BITS."""
    needed = 0 if largest_index is None else largest_index + 1
    return max(MIN_BITS, -(-needed // 8) * 8)


def encode(revoked_indexes, length: int) -> str:
    """The `encodedList` of a bitstring of `length` bits with the given indexes set."""
    if length <= 0 or length % 8:
        raise ValueError("the bitstring length must be a positive multiple of 8")
    bits = bytearray(length // 8)
    for index in revoked_indexes:
        set_bit(bits, index)
    return encode_bits(bytes(bits))


def set_bit(bits: bytearray, index: int) -> None:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} is outside a list of {len(bits) * 8} bits")
    bits[index // 8] |= 0x80 >> (index % 8)


def encode_bits(bits: bytes) -> str:
    """GZIP, then Multibase base64url without padding (prefix `u`)."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The uncompressed bitstring of an `encodedList`; ValueError if it is malformed."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be a base64url Multibase string (prefix 'u')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing
        bits = inflater.decompress(compressed, MAX_DECODED_BYTES)
    except (ValueError, zlib.error) as error:
        raise ValueError("encodedList is not GZIP-compressed base64url") from error
    if inflater.unconsumed_tail:
        raise ValueError("encodedList expands beyond the allowed size")
    if not inflater.eof:
        raise ValueError("encodedList is truncated")
    return bits


def is_set(encoded: str, index: int) -> bool:
    """Is the bit at `index` set? IndexError if the list is shorter (STATUS_RANGE_ERROR)."""
    bits = decode(encoded)
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status index {index} is outside a list of {len(bits) * 8} bits")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(*, issuer: str, bits: bytes, now: datetime.datetime) -> dict:
    """The signed BitstringStatusListCredential of a bitstring (index 0 = left-most bit)."""
    now = now.astimezone(datetime.UTC).replace(microsecond=0)
    url = status_list_url(issuer)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(issuer),
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bits(bits),
        },
    }
    return dataintegrity.secure(credential, issuer=issuer_did(issuer), created=now)
