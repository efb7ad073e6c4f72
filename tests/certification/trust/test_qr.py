"""The certificate's QR code: a COSE_Sign1 of a minimal claim set, base32 in a URL, that a
verifier checks offline with the registry's published keys."""

import base64
import json

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from certification.trust import qr, signing
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def keys():
    return signing.keys_from_jwks(signing.jwks())


def message_of(token):
    return cbor2.loads(base64.b32decode(token + "=" * (-len(token) % 8)))


def reencoded(message) -> str:
    return base64.b32encode(cbor2.dumps(message)).decode().rstrip("=")


def test_the_signature_structure_is_the_one_rfc_9052_defines():
    # COSE WG example eddsa-sig-02, intermediate ToBeSign: protected {1: -8}, no AAD.
    expected = bytes.fromhex("846A5369676E61747572653143A101274054546869732069732074686520"
                             "636F6E74656E742E")
    assert qr._sig_structure(bytes.fromhex("A10127"), b"This is the content.") == expected


def test_a_qr_token_verifies_with_the_published_keys_and_says_what_the_paper_says():
    certificate = CertificateFactory(holder__given_names="Begoña", holder__first_surname="Núñez",
                                     holder__second_surname="Peña")
    claims = qr.verify(certificate.qr_token, keys())
    assert (claims.folio, claims.holder_name) == (certificate.folio, "Begoña Núñez Peña")
    assert (claims.standard_code, claims.issued_on) == (certificate.standard.code,
                                                        certificate.issued_on)
    assert claims.key_id == certificate.signing_key_id
    assert qr.matches(claims, certificate.facts)


def test_the_qr_is_a_cose_sign1_message_with_an_eddsa_protected_header():
    message = message_of(CertificateFactory().qr_token)
    assert message.tag == 18
    protected, unprotected, payload, signature = message.value
    assert cbor2.loads(protected)[1] == -8 and len(cbor2.loads(protected)[4]) == 4
    assert unprotected == {} and len(signature) == 64
    assert set(cbor2.loads(payload)) == {1, 2, 3, 4, 5, 6, 7}


def test_the_qr_carries_no_identity_number():
    certificate = CertificateFactory()
    payload = cbor2.loads(message_of(certificate.qr_token).value[2])
    assert certificate.holder.curp not in json.dumps(payload, default=str)
    assert certificate.holder.curp not in certificate.qr_text


def test_an_altered_payload_does_not_verify():
    message = message_of(CertificateFactory().qr_token)
    protected, unprotected, payload, signature = message.value
    claims = cbor2.loads(payload)
    claims[2] = "Otra Persona"
    forged = reencoded(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(claims),
                                          signature]))
    with pytest.raises(qr.QrError, match="altered"):
        qr.verify(forged, keys())


def test_a_token_signed_by_a_key_the_registry_does_not_publish_is_refused():
    rogue = signing.SigningKey(kid="intruso", private=Ed25519PrivateKey.generate())
    token = qr.sign(CertificateFactory().facts, rogue)
    with pytest.raises(qr.QrError, match="does not publish"):
        qr.verify(token, keys())


@pytest.mark.parametrize("text", [
    "", "A", "not base32 at all!", "MFRGG", "2KCE" * 300,
    base64.b32encode(cbor2.dumps([1, 2, 3])).decode(),
    base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, ["a", {}, b"", b""]))).decode(),
    base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, [b"\xff", {}, b"", b""]))).decode(),
    base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -7}), {}, b"",
                                                    b""]))).decode(),
])
def test_garbage_is_refused_as_not_a_registry_code_never_a_crash(text):
    with pytest.raises(qr.QrError):
        qr.verify(text, keys())


def test_codes_signed_before_a_key_rotation_still_verify(keys_dir):
    old = CertificateFactory()
    signing.create_key(keys_dir)
    new = CertificateFactory()
    assert new.signing_key_id != old.signing_key_id
    assert qr.verify(old.qr_token, keys()).folio == old.folio
    assert qr.verify(new.qr_token, keys()).folio == new.folio


def test_the_registry_publishes_its_keys_as_jwks(client):
    certificate = CertificateFactory()
    document = client.get("/.well-known/registry-keys.json").json()
    assert any(k["kid"] == certificate.signing_key_id and k["crv"] == "Ed25519"
               for k in document["keys"])


# The offline command: no database.

def run_offline(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_credential", *args, stdout=out)
    return out.getvalue()


def test_the_offline_command_verifies_the_qr_text(tmp_path, django_db_blocker):
    certificate = CertificateFactory()
    keys_file = tmp_path / "registry-keys.json"
    keys_file.write_text(json.dumps(signing.jwks()))
    with django_db_blocker.block():
        output = run_offline(certificate.qr_text, "--keys", str(keys_file))
    assert "AUTHENTIC" in output and certificate.folio in output


def test_the_offline_command_reads_a_file_and_rejects_a_forgery(tmp_path, django_db_blocker):
    rogue = signing.SigningKey(kid="intruso", private=Ed25519PrivateKey.generate())
    qr_file = tmp_path / "qr.txt"
    qr_file.write_text(qr.sign(CertificateFactory().facts, rogue))
    with django_db_blocker.block(), pytest.raises(CommandError, match="NOT VERIFIED"):
        run_offline(str(qr_file))


def test_the_offline_command_verifies_a_credential_and_rejects_foreign_keys(
        tmp_path, django_db_blocker):
    from certification.trust import dataintegrity, did

    certificate = CertificateFactory()
    credential = tmp_path / "credential.json"
    credential.write_text(certificate.credential)
    with django_db_blocker.block():
        assert "AUTHENTIC" in run_offline(str(credential))
    rogue = signing.SigningKey(kid="k1", private=Ed25519PrivateKey.generate())
    unsigned = {k: v for k, v in json.loads(certificate.credential).items() if k != "proof"}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(dataintegrity.secure(
        unsigned, issuer="did:web:attacker.example", key=rogue,
        created="2026-01-01T00:00:00Z")))
    attacker = tmp_path / "attacker.json"
    attacker.write_text(json.dumps({
        "id": "did:web:attacker.example",
        "verificationMethod": [{"id": "did:web:attacker.example#k1", "type": "Multikey",
                                "controller": "did:web:attacker.example",
                                "publicKeyMultibase": did.multikey(
                                    rogue.private.public_key())}],
        "assertionMethod": ["did:web:attacker.example#k1"]}))
    with django_db_blocker.block():
        for keys_file in (None, attacker):
            args = [str(forged)] + (["--keys", str(keys_file)] if keys_file else [])
            with pytest.raises(CommandError, match="NOT VERIFIED"):
                run_offline(*args)
