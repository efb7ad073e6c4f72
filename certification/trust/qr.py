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

`modules` gives the code's module matrix for the PDF to draw: the very matrix segno makes,
with segno's mask choice, computed about four times faster.
"""

import base64
import datetime
import functools
import hashlib
import json
import re
from dataclasses import dataclass

import cbor2
import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from segno import consts as segno_consts
from segno import encoder as segno_encoder

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
    """The QR version (size) `text` needs: segno's own choice (encoder.find_version),
    without making the code — segno.make would also score all eight masks, fifty times
    the cost, and signing asks for the version once per shortening of the name."""
    return segno_encoder.find_version(
        segno_encoder.prepare_data(text, None, None),
        segno_encoder.normalize_errorlevel(ERROR_CORRECTION), eci=False, micro=False)


# The module matrix, fast ------------------------------------------------------------------
# segno chooses the data mask (ISO/IEC 18004 7.8.3) by scoring all eight masked matrices
# module by module in Python: three quarters of the time it takes to make a code of this
# size. The scoring below is the same (the same four penalties, the same tie-break, checked
# against segno by the tests) over rows held as bytes and integers, so that regular
# expressions, bytes.find and integer bit operations do the per-module work.

_RUN = re.compile(rb"\x00{5,}|\x01{5,}")
_FINDER_LIKE = b"\x01\x00\x01\x01\x01\x00\x01"


def modules(text: str) -> tuple[bytes, ...]:
    """The rows of the QR code of `text` (error correction M, no boost), one byte a module,
    1 dark and 0 light, without the quiet zone: equal to segno.make(text, error="m",
    boost_error=False, micro=False).matrix."""
    version, error, matrix = _unmasked(text)
    width = len(matrix)
    if max(map(max, matrix)) > 1:  # a module left unset: not a layout this code knows
        return tuple(bytes(row) for row in segno.make(
            text, error=ERROR_CORRECTION, boost_error=False, micro=False).matrix)
    data = [int.from_bytes(row, "big") for row in matrix]
    best, best_score = None, None
    for number, mask in enumerate(_mask_rows(width)):
        rows = [(row ^ bits).to_bytes(width, "big") for row, bits in zip(data, mask,
                                                                           strict=True)]
        score = _penalty(rows, width)
        if best_score is None or score < best_score:
            best, best_score = (number, rows), score
    number, rows = best
    final = tuple(bytearray(row) for row in rows)
    segno_encoder.add_format_info(final, version, error, number)
    segno_encoder.add_version_info(final, version)
    return tuple(bytes(row) for row in final)


def _unmasked(text: str):
    """segno's encoding steps up to the placed codewords (segno.encoder._encode without its
    mask choice): version, error level and the matrix before masking."""
    enc = segno_encoder
    segments = enc.prepare_data(text, None, None)
    error = enc.normalize_errorlevel(ERROR_CORRECTION)
    version = enc.find_version(segments, error, eci=False, micro=False)
    buffer = enc.Buffer()
    for segment in segments:
        enc.write_segment(buffer, segment, None, enc.version_range(version), False)
    capacity = segno_consts.SYMBOL_CAPACITY[version][error]
    enc.write_terminator(buffer, capacity, None, len(buffer))
    enc.write_padding_bits(buffer, version, len(buffer))
    enc.write_pad_codewords(buffer, version, capacity, len(buffer))
    codewords = enc.make_final_message(version, error, buffer)
    width = enc.calc_matrix_size(version)
    matrix = enc.make_matrix(width, width)
    enc.add_finder_patterns(matrix, width, width)
    enc.add_alignment_patterns(matrix, width, width)
    # segno's add_codewords, with the order of the free modules computed once a size.
    for (i, j), bit in zip(_placement(width), codewords, strict=False):
        matrix[i][j] = bit
    return version, error, matrix


@functools.lru_cache(maxsize=MAX_VERSION + 1)  # one entry per size: bounded
def _placement(width: int) -> tuple[tuple[int, int], ...]:
    """The free modules of a QR code of this size in the order its bits are placed
    (ISO/IEC 18004 7.7.3: two-module columns, alternately upwards and downwards, from
    the right), as segno.encoder.add_codewords walks them."""
    enc = segno_encoder
    matrix = enc.make_matrix(width, width)
    enc.add_finder_patterns(matrix, width, width)
    enc.add_alignment_patterns(matrix, width, width)
    order = []
    for right in range(width - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(width):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (width - 1 - vertical) if upwards else vertical
                if matrix[i][j] == 0x2:
                    order.append((i, j))
    return tuple(order)


@functools.lru_cache(maxsize=MAX_VERSION + 1)  # one entry per size: bounded
def _mask_rows(width: int) -> tuple[tuple[int, ...], ...]:
    """For each of the eight masks, its rows as integers: byte 1 where the mask flips a
    module of the encoding region."""
    enc = segno_encoder
    function = enc.make_matrix(width, width)
    enc.add_finder_patterns(function, width, width)
    enc.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    return tuple(
        tuple(int.from_bytes(bytes(1 if function[i][j] > 1 and pattern(i, j) else 0
                                   for j in range(width)), "big") for i in range(width))
        for pattern in enc.get_data_mask_functions(False))


def _penalty(rows: list[bytes], width: int) -> int:
    """N1 + N2 + N3 + N4 of ISO/IEC 18004 7.8.3.1, as segno.encoder.mask_scores counts
    them."""
    # Rows and columns in one string, each followed by a byte that is neither colour, so
    # that no run or pattern crosses from one line into the next.
    lines = b"\x02".join(rows + [bytes(column) for column in zip(*rows, strict=True)])
    runs = _RUN.findall(lines)
    n1 = sum(map(len, runs)) - 2 * len(runs)
    # N2 on the whole matrix as one integer, a byte a module: 2×2 blocks of one colour
    # are the modules equal to the one below, whose left neighbour is too, and equal to
    # their left neighbour.
    matrix = int.from_bytes(b"".join(rows), "big")
    ones = _ones(width * width)
    same_below = (matrix ^ (matrix >> (8 * width))) ^ ones
    same_left = (matrix ^ (matrix >> 8)) ^ ones
    n2 = 3 * (same_below & (same_below >> 8) & same_left & _block_corners(width)).bit_count()
    n3 = _finder_like(lines, width)
    dark = matrix.bit_count()
    n4 = 10 * int(abs(float(dark) / (width ** 2) * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


@functools.lru_cache(maxsize=MAX_VERSION + 1)
def _ones(count: int) -> int:
    return int.from_bytes(b"\x01" * count, "big")


@functools.lru_cache(maxsize=MAX_VERSION + 1)
def _block_corners(width: int) -> int:
    """Byte 1 at every module that can be the bottom-right corner of a 2×2 block: all
    but the first row and the first column."""
    row = b"\x00" + b"\x01" * (width - 1)
    return int.from_bytes(b"\x00" * width + row * (width - 1), "big")


def _finder_like(lines: bytes, size: int) -> int:
    """N3: 1:1:3:1:1 patterns with four light modules on one side, in every line of
    `lines` (lines of `size` modules, one separator byte apart)."""
    count = 0
    index = lines.find(_FINDER_LIKE)
    while index != -1:
        start = index - index % (size + 1)  # where the pattern's line starts
        local, offset = index - start, index + 7
        if (local in (0, size - 7) or not any(lines[max(index - 4, start):index])
                or not any(lines[offset:min(offset + 4, start + size)])):
            count += 40
        else:
            offset = index + 4
        index = lines.find(_FINDER_LIKE, offset)
    return count


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
