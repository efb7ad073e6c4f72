"""docs/verification.md lets a third party write a verifier: its worked example must be
what the code produces and what its steps verify."""

import base64
import datetime
import hashlib
import json
import re
from pathlib import Path

import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certification.trust import qr, signing
from certification.trust.claims import Claims

DOC = Path(__file__).resolve().parents[3] / "docs" / "verification.md"


def example(name: str) -> str:
    match = re.search(rf"<!-- example:{name} -->\n```[a-z]*\n(.*?)\n```", DOC.read_text(),
                      re.S)
    assert match, f"docs/verification.md has no example '{name}'"
    return match.group(1).strip()


def example_key() -> signing.SigningKey:
    seed = hashlib.sha256(b"registro-conocer-ejemplo-de-verificacion").digest()
    return signing.SigningKey(kid="conocer-ejemplo",
                              private=Ed25519PrivateKey.from_private_bytes(seed))


def example_claims() -> Claims:
    return Claims(
        folio="MPNV-1RMM-GS0A", issuer="https://registro.conocer.gob.mx",
        holder_name="Begoña Núñez Peña", holder_id_type="curp",
        holder_id_number="NUPB900412MMCXXG38", holder_id_country="",
        standard_code="EC0217.01", standard_title="Impartición de cursos", standard_level=3,
        standard_purpose="", sector_name="Educación", awarding_body_id=1,
        awarding_body_name="CONALEP", centre_id=1, centre_name="CONALEP Plantel Toluca",
        issued_on=datetime.date(2026, 5, 4), key_id="conocer-ejemplo",
        accreditation_folio="", accredited_from=None, accredited_until=None)


def test_the_documented_key_is_the_example_key():
    key = example_key()
    assert json.loads(example("jwk")) == signing.jwk(key.kid, key.private.public_key())


def test_the_documented_qr_text_is_what_the_registry_makes_for_the_example():
    claims = example_claims()
    assert qr.qr_text(claims.issuer, qr.sign(claims, example_key())) == example("qr")


def test_following_the_documented_steps_verifies_the_example():
    text = example("qr")
    token = text.split("/Q/", 1)[1]                                     # step 1
    message = cbor2.loads(base64.b32decode(token + "=" * (-len(token) % 8)))
    assert message.tag == 18 and len(message.value) == 4                # step 2
    protected, _unprotected, payload, signature = message.value
    header = cbor2.loads(protected)
    assert header[1] == -8                                              # step 3
    jwk = json.loads(example("jwk"))
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]},
                           separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).digest()[:4] == header[4]  # step 4
    key = signing.keys_from_jwks({"keys": [jwk]})[jwk["kid"]]
    key.verify(signature, cbor2.dumps(["Signature1", protected, b"", payload]))  # step 5
    assert signature.hex() == example("signature")
    decoded = cbor2.loads(payload)                                      # step 6
    # The documented diagnostic notation has integer keys: quote them to read it as JSON.
    documented = json.loads(re.sub(r"([{,] )?(\d+):", r'\1"\2":', example("payload")))
    assert decoded == {int(k): v for k, v in documented.items()}
    assert datetime.date(1970, 1, 1) + datetime.timedelta(days=decoded[5]) == \
        datetime.date(2026, 5, 4)


def test_the_example_fits_a_qr_of_version_10_at_most():
    assert qr.version_of(example("qr")) <= 10
