import json

import pytest
from django.core.management import CommandError, call_command

from certification.issuance.services import requests
from certification.trust import signing
from tests.certification.conftest import token_of
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed():
    return CertificateFactory()


def tamper(token, **changes):
    header, payload, signature = token.split(".")
    claims = json.loads(signing.b64url_decode(payload))
    claims.update(changes)
    import rfc8785

    return f"{header}.{signing.b64url(rfc8785.dumps(claims))}.{signature}"


def test_a_signed_certificate_verifies_with_the_published_keys(signed):
    claims = signing.verify_token(token_of(signed), signing.keys_from_jwks(signing.jwks()))
    assert claims["folio"] == signed.folio
    assert claims["name"] == signed.holder.full_name
    assert claims["std"] == signed.standard.code


def test_an_altered_payload_is_rejected(signed):
    forged = tamper(token_of(signed), name="Otra Persona")
    with pytest.raises(signing.BadSignature):
        signing.verify_token(forged, signing.public_keys())


def test_an_unknown_key_id_is_rejected(signed):
    header, payload, signature = token_of(signed).split(".")
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
    new_kid = signing.create_key(keys_dir)
    new = CertificateFactory()
    assert new.signing_key_id == new_kid != old.signing_key_id
    keys = signing.keys_from_jwks(signing.jwks())
    assert signing.verify_token(token_of(old), keys)["folio"] == old.folio
    assert signing.verify_token(token_of(new), keys)["folio"] == new.folio


def test_a_retired_private_key_is_not_needed_to_verify(keys_dir):
    old = CertificateFactory()
    signing.create_key(keys_dir)
    (keys_dir / f"{old.signing_key_id}.key.pem").unlink()
    assert signing.verify_claims(old.facts, old.signing_key_id, old.signature)


def test_the_registry_publishes_its_keys_as_jwks(client, signed):
    document = client.get("/.well-known/registry-keys.json").json()
    assert any(k["kid"] == signed.signing_key_id and k["crv"] == "Ed25519"
               for k in document["keys"])


def test_a_certificate_is_signed_when_it_is_issued(submitted_request, reviewer):
    issued = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    assert issued.signing_key_id == signing.active_key().kid
    assert signing.verify_claims(issued.facts, issued.signing_key_id, issued.signature)


def test_the_token_is_made_from_the_frozen_claims_not_the_live_rows(signed, settings):
    before = token_of(signed)
    signed.centre.name = "Otro nombre del centro"
    signed.centre.save()
    settings.SITE_URL = "https://otra-direccion.example"
    assert token_of(type(signed).objects.get(pk=signed.pk)) == before


# The offline command: no database.

def run_offline(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_credential", *args, stdout=out)
    return out.getvalue()


def test_the_offline_command_verifies_the_qr_text(signed, tmp_path, django_db_blocker):
    keys = tmp_path / "registry-keys.json"
    keys.write_text(json.dumps(signing.jwks()))
    qr = f"https://registro.example/verificar/{signed.folio}/?c={token_of(signed)}"
    with django_db_blocker.block():
        output = run_offline(qr, "--keys", str(keys))
    assert "AUTHENTIC" in output and signed.folio in output


def test_the_offline_command_reads_a_file_and_rejects_a_forgery(signed, tmp_path,
                                                                django_db_blocker):
    qr_file = tmp_path / "qr.txt"
    qr_file.write_text(tamper(token_of(signed), lvl=5))
    with django_db_blocker.block(), pytest.raises(CommandError, match="NOT VERIFIED"):
        run_offline(str(qr_file))
