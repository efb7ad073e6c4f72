"""Properties of the QR token decoder: whatever a code holds, the answer is its claims or
"not a registry code" (QrError), never a crash; what the registry signs reads back."""

import base64
import datetime

import cbor2
from hypothesis import given
from hypothesis import strategies as st

from certification.issuance.folio import new_folio
from certification.trust import qr, signing
from certification.trust.claims import Claims

# Any value CBOR can carry: the odd numbers (NaN, 1e999, 2**80) included.
scalars = (st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.floats()
           | st.text(max_size=20) | st.binary(max_size=20))
cbor_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.integers(-10, 10) | st.text(max_size=3), inner, max_size=4), max_leaves=12)


def keys():
    return signing.keys_from_jwks(signing.jwks())


def token_of(message) -> str:
    return base64.b32encode(cbor2.dumps(message)).decode().rstrip("=")


def answer(token):
    """The decoder's answer: claims, or the reason it refused; anything else propagates."""
    try:
        return qr.verify(token, keys())
    except qr.QrError as error:
        return str(error)


@given(st.text(max_size=1200))
def test_any_text_is_refused_as_not_a_registry_code(text):
    assert isinstance(answer(text), str)


@given(st.binary(max_size=600))
def test_any_bytes_in_base32_are_refused(content):
    assert isinstance(answer(base64.b32encode(content).decode().rstrip("=")), str)


@given(cbor_values, cbor_values, cbor_values, st.integers(0, 30))
def test_any_cose_shaped_message_is_refused(protected, unprotected, payload, tag):
    parts = [cbor2.dumps(protected), unprotected, cbor2.dumps(payload), b"\x00" * 64]
    assert isinstance(answer(token_of(cbor2.CBORTag(18 if tag < 20 else tag, parts))), str)


@given(cbor_values)
def test_any_protected_header_is_refused_without_a_crash(header):
    assert isinstance(answer(token_of(cbor2.CBORTag(18, [
        cbor2.dumps(header), {}, cbor2.dumps({}), b"\x00" * 64]))), str)


@given(st.dictionaries(st.integers(0, 8), cbor_values, max_size=8))
def test_a_signed_payload_of_any_shape_gives_typed_claims_or_a_refusal(payload):
    key = signing.active_key()
    protected = cbor2.dumps({1: qr.EDDSA, 4: qr.thumbprint_prefix(key.private.public_key())})
    body = cbor2.dumps(payload)
    signature = key.private.sign(qr._sig_structure(protected, body))
    result = answer(token_of(cbor2.CBORTag(18, [protected, {}, body, signature])))
    if not isinstance(result, str):
        assert isinstance(result.folio, str) and isinstance(result.standard_level, int)
        assert isinstance(result.issued_on, datetime.date)


names = st.text(st.characters(categories=("L", "Zs"), exclude_characters="\u2028\u2029"),
                min_size=1, max_size=80).map(str.strip).filter(bool)


@given(names, st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1)),
       st.integers(1, 5))
def test_what_the_registry_signs_reads_back(name, issued_on, level):
    claims = Claims(
        folio=new_folio(), issuer="https://registro.conocer.gob.mx", holder_name=name,
        holder_id_type="curp", holder_id_number="", holder_id_country="",
        standard_code="EC0217", standard_title="", standard_level=level, standard_purpose="",
        sector_name="", awarding_body_id=7, awarding_body_name="", centre_id=None,
        centre_name="", issued_on=issued_on, key_id="", accreditation_folio="",
        accredited_from=None, accredited_until=None)
    read = qr.verify(qr.sign(claims), keys())
    assert (read.folio, read.standard_level, read.issued_on) == (claims.folio, level, issued_on)
    assert qr.matches(read, claims)


def segno_modules(text: str) -> tuple[bytes, ...]:
    import segno

    return tuple(bytes(row) for row in segno.make(text, error=qr.ERROR_CORRECTION,
                                                  boost_error=False, micro=False).matrix)


# The texts the registry prints (its URL and a base32 token: QR alphanumeric mode) at every
# length up to version 10, and any text at all (byte mode, other versions and masks).
qr_texts = (st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=1, max_size=250)
            .map(lambda token: "HTTPS://REGISTRO.CONOCER.GOB.MX/Q/" + token)
            | st.text(min_size=1, max_size=120))


@given(qr_texts)
def test_the_fast_module_matrix_is_the_one_segno_makes(text):
    assert qr.modules(text) == segno_modules(text)


@given(qr_texts)
def test_the_version_signing_reads_is_the_one_segno_chooses(text):
    import segno

    assert qr.version_of(text) == segno.make(text, error=qr.ERROR_CORRECTION,
                                             boost_error=False, micro=False).version
