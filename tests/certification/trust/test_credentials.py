"""The Open Badges 3.0 credential of a certificate, its issuer binding, and the status
list: what they say, that they verify, that they are signed once and served as stored."""

import copy
import hashlib
import json

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from certification.issuance.models import Certificate
from certification.issuance.services import certificates, statuslist
from certification.trust import dataintegrity, signing
from certification.trust.claims import status_list_url
from certification.trust.dataintegrity import JCS, RDFC, verify_proof
from certification.trust.did import (
    did_document,
    issuer_did,
    multikey,
    multikey_to_public_key,
    registry_did,
    resolver_for_issuer,
)
from certification.trust.statuslist import MIN_BITS, decode, encode, is_set, list_length
from tests.factories import CertificateFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


def registry_keys():
    return resolver_for_issuer(did_document(), registry_did())


def stored(certificate) -> dict:
    return json.loads(certificate.credential)


@pytest.fixture
def certificate(db):
    return CertificateFactory(holder__given_names="Begoña", holder__first_surname="Núñez",
                              holder__second_surname="Peña", standard__code="EC0217",
                              standard__title="Impartición de cursos presenciales",
                              standard__level=3,
                              standard__sector=SectorFactory(name="Educación",
                                                             scian_code="611"))


# Issuer identity -----------------------------------------------------------------------------

def test_the_issuer_is_the_did_web_of_the_configured_issuer_not_of_the_server(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    settings.REGISTRY_ISSUER_URL = "https://registro.conocer.gob.mx"
    assert registry_did() == "did:web:registro.conocer.gob.mx"
    assert issuer_did("http://127.0.0.1:8000") == "did:web:127.0.0.1%3A8000"


def test_the_did_document_publishes_every_registry_key_as_a_multikey():
    document = did_document()
    keys = signing.public_keys()
    assert document["id"] == registry_did()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1",
                                     "https://w3id.org/security/multikey/v1"]
    assert [m["id"] for m in document["verificationMethod"]] == [
        f"{registry_did()}#{kid}" for kid in keys]
    assert document["assertionMethod"] == [m["id"] for m in document["verificationMethod"]]
    for method, (kid, key) in zip(document["verificationMethod"], keys.items(), strict=True):
        assert method["type"] == "Multikey" and method["controller"] == registry_did()
        assert method["publicKeyMultibase"].startswith("z6Mk")  # 0xed01 in base58btc
        assert multikey_to_public_key(method["publicKeyMultibase"]) == key, kid


@pytest.mark.parametrize("value", [
    "", "6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "zz", "z0OIl",
    # The spec's *private* key (multicodec 0x8026) must never pass as a public one.
    "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
])
def test_a_value_that_is_not_an_ed25519_multikey_is_refused(value):
    with pytest.raises(ValueError):
        multikey_to_public_key(value)


# The credential ---------------------------------------------------------------------------

def test_the_credential_says_what_the_certificate_does(certificate):
    credential = stored(certificate)
    site = settings.REGISTRY_ISSUER_URL
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{site}/verificar/{certificate.folio}/credential.json"
    assert credential["name"] == "Certificado de competencia laboral EC0217"
    assert "Begoña Núñez Peña" in credential["description"]
    assert credential["issuer"]["id"] == registry_did()
    assert credential["validFrom"] == "2026-05-04T00:00:00-06:00"
    subject = credential["credentialSubject"]
    assert subject["id"].startswith("urn:uuid:")
    achievement = subject["achievement"]
    assert achievement["humanCode"] == "EC0217"
    assert achievement["criteria"]["narrative"] == (
        "Evaluación conforme al Estándar de Competencia EC0217, nivel 3.")
    assert [a["targetUrl"] for a in achievement["alignment"]] == [
        f"{site}/estandares/EC0217/", f"{site}/cualificaciones/niveles/#level-3",
        "https://www.inegi.org.mx/app/scian/"]
    assert achievement["alignment"][1]["targetCode"] == "3"
    assert achievement["alignment"][2]["targetCode"] == "611"
    assert subject["source"]["name"] == certificate.awarding_body.name
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListIndex"] == str(certificate.status_list_index)
    assert status["statusListCredential"] == status_list_url(site)


def test_the_credential_names_the_accreditation_of_the_awarding_body(db):
    import datetime

    from tests.factories import AccreditationFactory, AwardingBodyFactory, StandardFactory

    body, standard = AwardingBodyFactory(), StandardFactory(code="EC0435")
    AccreditationFactory(folio="CED-EC-EC0435-7K3M2Q", awarding_body=body, standard=standard,
                         valid_from=datetime.date(2025, 1, 1),
                         valid_until=datetime.date(2027, 12, 31))
    certificate = CertificateFactory(awarding_body=body, standard=standard, centre=None)
    assert certificate.facts.accreditation_folio == "CED-EC-EC0435-7K3M2Q"
    description = stored(certificate)["credentialSubject"]["source"]["description"]
    assert "CED-EC-EC0435-7K3M2Q" in description and "31/12/2027" in description


def test_the_credential_carries_a_proof_set_with_both_eddsa_cryptosuites(certificate):
    credential = stored(certificate)
    proofs = credential["proof"]
    assert isinstance(proofs, list)
    assert [p["cryptosuite"] for p in proofs] == [RDFC, JCS]
    for proof in proofs:
        assert (proof["type"], proof["proofPurpose"]) == ("DataIntegrityProof",
                                                          "assertionMethod")
        assert proof["verificationMethod"] == f"{registry_did()}#{signing.active_key().kid}"
    assert "@context" not in proofs[0]  # rdfc: the document's context covers the proof
    assert proofs[1]["@context"] == credential["@context"]  # jcs, Create Proof step 2
    assert dataintegrity.verify_proofs(credential, registry_keys()) == [(RDFC, True),
                                                                        (JCS, True)]


def test_the_holders_identity_cannot_be_tested_against_the_credential(certificate):
    credential = certificate.credential
    curp = certificate.holder.curp
    assert curp not in credential and certificate.identity_salt not in credential
    [identity] = json.loads(credential)["credentialSubject"]["identifier"]
    assert "salt" not in identity and identity["hashed"] is True
    assert identity["identityType"] == "nationalIdentityNumber"
    assert len(certificate.identity_salt) >= 32  # 128 bits, as hex
    for guess_salt in ("", certificate.folio, certificate.folio.replace("-", "")):
        guessed = "sha256$" + hashlib.sha256((curp + guess_salt).encode()).hexdigest()
        assert identity["identityHash"] != guessed
    assert identity["identityHash"] == "sha256$" + hashlib.sha256(
        (curp + certificate.identity_salt).encode()).hexdigest()  # what the holder can show


def _set_description(c):
    c["description"] = c["description"].replace("Begoña", "Begonia")


def _set_standard(c):
    c["credentialSubject"]["achievement"]["humanCode"] = "EC0218"


def _set_valid_from(c):
    c["validFrom"] = "2026-05-03T00:00:00-06:00"


def _set_status_index(c):
    entry = c["credentialStatus"]
    entry["statusListIndex"] = str(int(entry["statusListIndex"]) + 1)


def _add_field(c):
    c["validUntil"] = "2099-01-01T00:00:00Z"


def _set_created(c):
    for proof in c["proof"]:
        proof["created"] = "2020-01-01T00:00:00Z"


def _set_purpose(c):
    for proof in c["proof"]:
        proof["proofPurpose"] = "authentication"


@pytest.mark.parametrize("alter", [_set_description, _set_standard, _set_valid_from,
                                   _set_status_index, _add_field, _set_created, _set_purpose])
def test_altering_any_field_of_a_credential_breaks_both_proofs(certificate, alter):
    credential = stored(certificate)
    altered = copy.deepcopy(credential)
    alter(altered)
    assert verify_proof(credential, registry_keys()) is True
    assert dataintegrity.verify_proofs(altered, registry_keys()) == [(RDFC, False),
                                                                     (JCS, False)]


def test_a_credential_of_conocer_signed_with_another_did_web_key_is_rejected(certificate):
    credential = stored(certificate)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    rogue = signing.SigningKey(kid="k1", private=Ed25519PrivateKey.generate())
    forged = dataintegrity.secure(unsigned, issuer="did:web:attacker.example", key=rogue,
                                  created="2026-01-01T00:00:00Z")
    attacker = {"id": "did:web:attacker.example",
                "verificationMethod": [{"id": "did:web:attacker.example#k1",
                                        "type": "Multikey",
                                        "controller": "did:web:attacker.example",
                                        "publicKeyMultibase": multikey(
                                            rogue.private.public_key())}],
                "assertionMethod": ["did:web:attacker.example#k1"]}
    assert verify_proof(forged, registry_keys()) is False
    # The attacker's own DID document is not the issuer's: it resolves nothing.
    assert verify_proof(forged, resolver_for_issuer(attacker, registry_did())) is False
    # Nor does a document claiming the issuer's DID list keys controlled by someone else.
    posing = {**attacker, "id": registry_did()}
    assert verify_proof(forged, resolver_for_issuer(posing, registry_did())) is False


def test_malformed_documents_and_proofs_are_refused_without_raising(certificate):
    good = stored(certificate)

    def variant(**proof):
        document = copy.deepcopy(good)
        document["proof"][1].update(proof)
        return document

    for document in [
        None, [], "text", {}, {"proof": None}, {"proof": []}, {**good, "proof": "x"},
        variant(proofValue="not-multibase"), variant(proofValue="z0OIl"),
        variant(proofValue="z" + base58.b58encode(b"\x00" * 63).decode()),
        variant(proofValue=12), variant(cryptosuite="eddsa-2022"),
        variant(type="Ed25519Signature2020"), variant(created="yesterday"),
        variant(verificationMethod=None), variant(**{"@context": {"bad": {"nested"}}}),
        {**copy.deepcopy(good), "validFrom": float("nan")},
        {**copy.deepcopy(good), "@context": ["https://example.org/unknown-context"]},
    ]:
        assert verify_proof(document, registry_keys()) is False, document


def test_verification_does_not_depend_on_the_order_of_keys_in_the_json(certificate):
    credential = stored(certificate)

    def reversed_keys(value):
        if isinstance(value, dict):
            return {k: reversed_keys(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reversed_keys(item) for item in value]
        return value

    text = json.dumps(reversed_keys(credential), indent=3, ensure_ascii=True)
    assert text != json.dumps(credential)
    assert verify_proof(json.loads(text), registry_keys()) is True


def test_a_credential_signed_before_a_key_rotation_still_verifies(keys_dir, certificate):
    old_kid = signing.active_key().kid
    new_kid = signing.create_key(keys_dir)
    after = CertificateFactory()
    assert new_kid != old_kid
    assert stored(certificate)["proof"][0]["verificationMethod"].endswith(f"#{old_kid}")
    assert stored(after)["proof"][0]["verificationMethod"].endswith(f"#{new_kid}")
    assert verify_proof(stored(certificate), registry_keys()) is True
    assert verify_proof(stored(after), registry_keys()) is True


def test_the_credential_is_signed_once_and_served_as_stored(client, certificate):
    first = client.get(f"/verificar/{certificate.folio}/credential.json")
    second = client.get(f"/verificar/{certificate.folio}/credential.json")
    assert first.content == second.content == certificate.credential.encode("utf-8")
    assert first["Content-Type"].startswith("application/vc+ld+json")


def test_renaming_bodies_and_moving_the_server_changes_no_issued_credential(
        client, certificate, settings):
    before, issuers_document = certificate.credential, did_document()
    certificate.awarding_body.name = "Otro nombre"
    certificate.awarding_body.save()
    certificate.standard.title = "Otro título"
    certificate.standard.save()
    settings.SITE_URL = settings.REGISTRY_ISSUER_URL = "https://otra.example"
    served = client.get(f"/verificar/{certificate.folio}/credential.json").content
    assert served.decode() == before
    issuer = json.loads(served)["issuer"]["id"]
    assert verify_proof(json.loads(served), resolver_for_issuer(issuers_document, issuer))


# Status list ------------------------------------------------------------------------------

def listed_bits():
    return json.loads(statuslist.current().document)["credentialSubject"]["encodedList"]


@pytest.mark.parametrize("status", ["revoked", "cancelled"])
def test_the_status_bit_of_a_certificate_flips_when_it_is_withdrawn(certificate, status):
    other = CertificateFactory()
    assert is_set(listed_bits(), certificate.status_list_index) is False
    certificates.withdraw_certificate(actor=UserFactory(is_superuser=True),
                                      certificate_id=certificate.pk, status=status,
                                      reason="Suplantación de identidad.")
    listed = listed_bits()
    assert is_set(listed, certificate.status_list_index) is True
    assert is_set(listed, other.status_list_index) is False
    assert sum(bin(byte).count("1") for byte in decode(listed)) == 1


def test_a_replaced_certificate_is_set_in_the_list(certificate):
    certificates.reissue_certificate(actor=UserFactory(is_superuser=True),
                                     certificate_id=certificate.pk, reason="Corrección.")
    assert is_set(listed_bits(), certificate.status_list_index) is True


def test_the_status_list_credential_is_signed_and_verifies(certificate):
    credential = json.loads(statuslist.current().document)
    site = settings.REGISTRY_ISSUER_URL
    assert verify_proof(credential, registry_keys()) is True
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["id"] == status_list_url(site)
    assert credential["issuer"] == registry_did()
    subject = credential["credentialSubject"]
    assert subject["id"] == status_list_url(site) + "#list"
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    assert len(decode(subject["encodedList"])) * 8 >= MIN_BITS
    assert stored(certificate)["credentialStatus"]["statusListCredential"] == credential["id"]
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["encodedList"] = encode({certificate.status_list_index},
                                                          MIN_BITS)
    assert verify_proof(tampered, registry_keys()) is False


def test_the_status_list_is_served_as_stored_with_an_etag(client, certificate):
    response = client.get("/verificar/estado/revocacion.json")
    assert response.content == statuslist.current().document.encode("utf-8")
    assert "max-age=60" in response["Cache-Control"]
    again = client.get("/verificar/estado/revocacion.json",
                       HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_serving_the_status_list_costs_the_same_with_10_or_10000_certificates(
        client, django_assert_num_queries, certificate, counters_in_memory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(9):
        CertificateFactory()
    # Once first, so that both counts are of a process that has served the list before
    # (the stored document is kept in memory while its ETag stays the same).
    client.get("/verificar/estado/revocacion.json")
    with CaptureQueriesContext(connection) as ten:
        client.get("/verificar/estado/revocacion.json")
    many = [Certificate(folio=f"D-{n:010d}", holder=certificate.holder,
                        standard=certificate.standard, awarding_body=certificate.awarding_body,
                        issued_on=certificate.issued_on, claims={}, signing_key_id="k",
                        qr_token="", credential="{}", identity_salt="",
                        status_list_index=1_000_000 + n) for n in range(9990)]
    Certificate.objects.bulk_create(many, batch_size=2000)
    with django_assert_num_queries(len(ten)):
        client.get("/verificar/estado/revocacion.json")


def test_positions_are_drawn_without_scanning_and_reveal_neither_order_nor_count():
    indexes = [CertificateFactory().status_list_index for _ in range(30)]
    assert len(set(indexes)) == 30
    assert indexes != sorted(indexes)
    assert max(indexes) > 1000


def test_the_list_grows_when_certificates_fill_it(db):
    status = statuslist.current()
    assert status.length == MIN_BITS
    CertificateFactory()
    from django.db.models import F

    Certificate.objects.update(id=F("id") + MIN_BITS)  # as if MIN_BITS certificates existed
    CertificateFactory()
    assert statuslist.current().length > MIN_BITS


def test_the_bitstring_round_trips_with_the_left_most_bit_as_index_zero():
    assert decode(encode({0}, 16)) == b"\x80\x00"
    assert decode(encode({7, 8}, 16)) == b"\x01\x80"
    encoded = encode({0, 9, MIN_BITS - 1}, MIN_BITS)
    assert encoded.startswith("u") and "=" not in encoded
    assert "+" not in encoded and "/" not in encoded
    bits = decode(encoded)
    assert len(bits) == MIN_BITS // 8
    assert (bits[0], bits[1], bits[-1]) == (0x80, 0x40, 0x01)
    assert not any(bits[2:-1])
    assert [i for i in (0, 1, 8, 9, 10, MIN_BITS - 2, MIN_BITS - 1) if is_set(encoded, i)] == [
        0, 9, MIN_BITS - 1]
    assert encode(set(), MIN_BITS) == encode(set(), MIN_BITS)  # deterministic (no mtime)
    with pytest.raises(IndexError):
        is_set(encoded, MIN_BITS)


def test_the_list_is_at_least_the_spec_minimum_and_whole_bytes():
    assert list_length(None) == MIN_BITS == 131072
    assert list_length(5) == MIN_BITS
    assert list_length(MIN_BITS - 1) == MIN_BITS
    assert list_length(MIN_BITS) == MIN_BITS + 8
    assert list_length(MIN_BITS + 7) == MIN_BITS + 8
    assert list_length(MIN_BITS + 8) == MIN_BITS + 16


@pytest.mark.parametrize("indexes, length", [({16}, 16), ({-1}, 16), (set(), 12), (set(), 0)])
def test_encoding_refuses_indexes_outside_the_list_or_a_partial_byte(indexes, length):
    with pytest.raises(ValueError):
        encode(indexes, length)


@pytest.mark.parametrize("encoded", ["", "zabc", "u***", "u" + "A" * 20])
def test_decoding_refuses_what_is_not_a_gzip_base64url_list(encoded):
    with pytest.raises(ValueError):
        decode(encoded)


