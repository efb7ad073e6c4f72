import json

import pytest
from django.core.management import CommandError, call_command

from certification import signing
from certification.services import sign_unsigned_certificates
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed():
    certificate = CertificateFactory()
    certificate.signing_key_id, certificate.signature = signing.sign(certificate)
    certificate.save()
    return certificate


def tamper(token, **changes):
    header, payload, signature = token.split(".")
    claims = json.loads(signing.b64url_decode(payload))
    claims.update(changes)
    import rfc8785

    return f"{header}.{signing.b64url(rfc8785.dumps(claims))}.{signature}"


def test_a_signed_certificate_verifies_with_the_published_keys(signed):
    claims = signing.verify_token(signing.token(signed), signing.keys_from_jwks(signing.jwks()))
    assert claims["folio"] == signed.folio
    assert claims["name"] == signed.holder.full_name
    assert claims["std"] == signed.standard.code


def test_an_altered_payload_is_rejected(signed):
    forged = tamper(signing.token(signed), name="Otra Persona")
    with pytest.raises(signing.BadSignature):
        signing.verify_token(forged, signing.public_keys())


def test_an_unknown_key_id_is_rejected(signed):
    header, payload, signature = signing.token(signed).split(".")
    other = signing.b64url(json.dumps({"alg": "EdDSA", "kid": "intruso",
                                       "typ": signing.TOKEN_TYPE}).encode())
    with pytest.raises(signing.UnknownKey):
        signing.verify_token(f"{other}.{payload}.{signature}", signing.public_keys())


def test_garbage_is_malformed_not_a_crash():
    for text in ["", "a.b", "a.b.c", "💥.💥.💥"]:
        with pytest.raises(signing.CredentialError):
            signing.verify_token(text, signing.public_keys())


def test_certificates_signed_before_a_key_rotation_still_verify(keys_dir):
    old = CertificateFactory()
    old.signing_key_id, old.signature = signing.sign(old)
    old.save()
    new_kid = signing.create_key(keys_dir)
    new = CertificateFactory()
    new.signing_key_id, new.signature = signing.sign(new)
    assert new.signing_key_id == new_kid != old.signing_key_id
    keys = signing.keys_from_jwks(signing.jwks())
    assert signing.verify_token(signing.token(old), keys)["folio"] == old.folio
    assert signing.verify_token(signing.token(new), keys)["folio"] == new.folio


def test_a_retired_private_key_is_not_needed_to_verify(keys_dir):
    old = CertificateFactory()
    old.signing_key_id, old.signature = signing.sign(old)
    signing.create_key(keys_dir)
    (keys_dir / f"{old.signing_key_id}.key.pem").unlink()
    assert signing.verify_certificate(old)


def test_the_registry_publishes_its_keys_as_jwks(client, signed):
    document = client.get("/.well-known/registry-keys.json").json()
    assert any(k["kid"] == signed.signing_key_id and k["crv"] == "Ed25519"
               for k in document["keys"])


def test_issued_certificates_are_signed_and_existing_ones_can_be_signed():
    unsigned = CertificateFactory()
    assert sign_unsigned_certificates() == 1
    unsigned.refresh_from_db()
    assert signing.verify_certificate(unsigned)


# The offline command: no database.

def run_offline(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_credential", *args, stdout=out)
    return out.getvalue()


def test_the_offline_command_verifies_the_qr_text(signed, tmp_path, django_db_blocker):
    keys = tmp_path / "registry-keys.json"
    keys.write_text(json.dumps(signing.jwks()))
    qr = f"https://registro.example/verificar/{signed.folio}/?c={signing.token(signed)}"
    with django_db_blocker.block():
        output = run_offline(qr, "--keys", str(keys))
    assert "AUTHENTIC" in output and signed.folio in output


def test_the_offline_command_reads_a_file_and_rejects_a_forgery(signed, tmp_path,
                                                                django_db_blocker):
    qr_file = tmp_path / "qr.txt"
    qr_file.write_text(tamper(signing.token(signed), lvl=5))
    with django_db_blocker.block(), pytest.raises(CommandError, match="NOT VERIFIED"):
        run_offline(str(qr_file))
