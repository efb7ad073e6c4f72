"""A scanned code that is not one the registry printed is answered "not a registry code"
(the paper page, 200) — whatever its header or its signed payload holds."""

import base64

import cbor2
import pytest

from certification.trust import qr, signing
from certification.verification import paper

pytestmark = pytest.mark.django_db
BASE = {1: "7K3M-Q9TX-2F4B", 2: "Ana", 3: "EC0217", 4: 2, 5: 20000, 6: 1, 7: 2}


def cose(protected: bytes, payload: bytes = b"\xa0", signature: bytes = b"\x00" * 64) -> str:
    message = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]))
    return base64.b32encode(message).decode().rstrip("=")


def signed(payload: bytes) -> str:
    key = signing.active_key()
    protected = cbor2.dumps({1: qr.EDDSA, 4: qr.thumbprint_prefix(key.private.public_key())})
    return cose(protected, payload, key.private.sign(qr._sig_structure(protected, payload)))


HEADERS = {"a list": [], "a text": "x", "null": None, "a kid that is a list": {1: -8, 4: [1]},
           "a kid that is a map": {1: -8, 4: {"a": 1}}, "NaN as algorithm": {1: float("nan")},
           "1e999 as kid": {1: -8, 4: 1e999}, "2**80 as algorithm": {1: 2**80}}
PAYLOADS = {"NaN level": {**BASE, 4: float("nan")}, "1e999 days": {**BASE, 5: 1e999},
            "2**80 days": {**BASE, 5: 2**80}, "a list folio": {**BASE, 1: ["x"]},
            "a NUL folio": {**BASE, 1: "\x00"}, "a bool level": {**BASE, 4: True},
            "empty": {}}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS)
def test_a_header_that_is_not_the_registrys_is_not_a_registry_code(client, header):
    response = client.get(f"/Q/{cose(cbor2.dumps(header))}")
    assert response.status_code == 200
    assert response.context["paper"].verdict == paper.ALTERED


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS)
def test_a_signed_payload_that_is_not_a_certificates_is_answered(client, payload):
    response = client.get(f"/Q/{signed(cbor2.dumps(payload))}")
    assert response.status_code == 200
    assert response.context["paper"].verdict in (paper.ALTERED, paper.UNKNOWN)


def test_cbor_text_that_encodes_a_lone_surrogate_is_answered(client):
    payload = cbor2.dumps({**BASE, 1: "XXX"}).replace(b"\x63XXX", b"\x63\xed\xa0\x80")
    response = client.get(f"/Q/{signed(payload)}")
    assert response.status_code == 200
    assert response.context["paper"].verdict == paper.ALTERED


@pytest.mark.parametrize("token", ["W10.e30.x", "%00", "A" * 5000, "%ED%A0%80", "0"])
def test_text_that_is_no_cose_message_is_not_a_registry_code(client, token):
    assert client.get(f"/Q/{token}").status_code in (200, 400)
