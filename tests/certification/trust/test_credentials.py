import copy
import hashlib
import json

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from certification.trust import credentials, signing
from certification.trust.claims import status_list_url
from certification.trust.credentials import (
    add_proof,
    did_document,
    issuer_id,
    multikey,
    multikey_to_public_key,
    resolver_from_did_document,
    verify_proof,
)
from certification.trust.statuslist import MIN_BITS, decode, encode, is_set, list_length
from certification.verification.statuslist import current_status_list as status_list_credential
from tests.certification.conftest import credential_of as certificate_credential
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def published_keys():
    return resolver_from_did_document(did_document())


@pytest.fixture
def certificate(db):
    return CertificateFactory(holder__given_names="Begoña", holder__first_surname="Núñez",
                              holder__second_surname="Peña", standard__code="EC0217",
                              standard__title="Impartición de cursos presenciales",
                              standard__level=3)


# Issuer identity -----------------------------------------------------------------------------

def test_the_issuer_is_the_did_web_of_the_site_host(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert issuer_id() == "did:web:127.0.0.1%3A8000"
    settings.SITE_URL = "https://certificacion.conocer.gob.mx"
    assert issuer_id() == "did:web:certificacion.conocer.gob.mx"


def test_the_did_document_publishes_every_registry_key_as_a_multikey():
    document = did_document()
    keys = signing.public_keys()
    assert document["id"] == issuer_id()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1",
                                     "https://w3id.org/security/multikey/v1"]
    assert [m["id"] for m in document["verificationMethod"]] == [
        f"{issuer_id()}#{kid}" for kid in keys]
    assert document["assertionMethod"] == [m["id"] for m in document["verificationMethod"]]
    for method, (kid, key) in zip(document["verificationMethod"], keys.items(), strict=True):
        assert method["type"] == "Multikey" and method["controller"] == issuer_id()
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


# Certificate credentials ------------------------------------------------------------------

def test_the_credential_of_a_certificate_verifies_against_its_proof(certificate, settings):
    credential = certificate_credential(certificate)

    assert verify_proof(credential, published_keys()) is True
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == (f"{settings.SITE_URL}/verificar/{certificate.folio}"
                                f"/credential.json")
    assert credential["name"] == "Certificado de competencia laboral EC0217"
    assert credential["issuer"]["id"] == issuer_id()
    assert credential["validFrom"] == "2026-05-04T00:00:00-06:00"
    subject = credential["credentialSubject"]
    assert subject["name"] == "Begoña Núñez Peña"
    assert subject["achievement"]["humanCode"] == "EC0217"
    assert subject["achievement"]["criteria"]["narrative"] == (
        "Evaluación conforme al Estándar de Competencia EC0217, nivel 3.")
    identity = subject["identifier"][0]
    assert identity["salt"] == certificate.folio and identity["hashed"] is True
    assert identity["identityHash"] == "sha256$" + hashlib.sha256(
        (certificate.holder.curp + certificate.folio).encode()).hexdigest()
    assert certificate.holder.curp not in json.dumps(credential)
    status = credential["credentialStatus"]
    assert status["statusListIndex"] == str(certificate.status_list_index)
    assert status["id"] == f"{status_list_url(settings.SITE_URL)}#{certificate.status_list_index}"
    proof = credential["proof"]
    assert (proof["type"], proof["cryptosuite"], proof["proofPurpose"]) == (
        "DataIntegrityProof", "eddsa-jcs-2022", "assertionMethod")
    assert proof["verificationMethod"] == f"{issuer_id()}#{signing.active_key().kid}"
    assert proof["created"].endswith("Z") and len(proof["created"]) == 20
    # Create Proof (eddsa-jcs-2022) step 2: the proof carries the document's @context.
    assert proof["@context"] == credential["@context"]


def _set_name(c):
    c["credentialSubject"]["name"] = "Begoña Núñez Peñas"


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
    c["proof"]["created"] = "2020-01-01T00:00:00Z"


def _drop_proof_context(c):
    del c["proof"]["@context"]


def _extend_context(c):
    c["@context"] = [*c["@context"], "https://example.org/other"]
    c["proof"]["@context"] = c["@context"]


def _set_purpose(c):
    c["proof"]["proofPurpose"] = "authentication"


@pytest.mark.parametrize("alter", [
    _set_name, _set_standard, _set_valid_from, _set_status_index, _add_field, _set_created,
    _drop_proof_context, _extend_context, _set_purpose,
])
def test_altering_any_field_of_a_credential_breaks_its_proof(certificate, alter):
    credential = certificate_credential(certificate)
    altered = copy.deepcopy(credential)
    alter(altered)
    assert verify_proof(credential, published_keys()) is True
    assert verify_proof(altered, published_keys()) is False


def test_a_proof_naming_an_unknown_key_does_not_verify(certificate):
    credential = certificate_credential(certificate)
    renamed = copy.deepcopy(credential)
    renamed["proof"]["verificationMethod"] = f"{issuer_id()}#conocer-19990101-000000"
    assert verify_proof(renamed, published_keys()) is False
    # A well-formed proof by a key the registry never published is refused too.
    rogue = signing.SigningKey(kid="conocer-rogue", private=Ed25519PrivateKey.generate())
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    assert verify_proof(add_proof(unsigned, key=rogue), published_keys()) is False
    # And a genuine credential does not verify against keys that do not include its own.
    assert verify_proof(credential, lambda method_id: None) is False


def test_malformed_documents_and_proofs_are_refused_without_raising(certificate):
    good = certificate_credential(certificate)

    def variant(**proof):
        document = copy.deepcopy(good)
        document["proof"].update(proof)
        return document

    without_value = copy.deepcopy(good)
    del without_value["proof"]["proofValue"]
    as_proof_set = copy.deepcopy(good)
    as_proof_set["proof"] = [good["proof"]]
    for document in [
        None, [], "text", {}, {"proof": None}, without_value, as_proof_set,
        variant(proofValue="not-multibase"), variant(proofValue="z0OIl"),
        variant(proofValue="z" + base58.b58encode(b"\x00" * 63).decode()),
        variant(proofValue=12), variant(cryptosuite="eddsa-rdfc-2022"),
        variant(type="Ed25519Signature2020"), variant(created="yesterday"),
        variant(verificationMethod=None), variant(**{"@context": {"bad": {"nested"}}}),
        {**copy.deepcopy(good), "validFrom": float("nan")},
    ]:
        assert verify_proof(document, published_keys()) is False, document


def test_verification_does_not_depend_on_the_order_of_keys_in_the_json(certificate):
    credential = certificate_credential(certificate)

    def reversed_keys(value):
        if isinstance(value, dict):
            return {k: reversed_keys(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reversed_keys(item) for item in value]
        return value

    text = json.dumps(reversed_keys(credential), indent=3, ensure_ascii=True)
    assert text != json.dumps(credential)
    assert verify_proof(json.loads(text), published_keys()) is True


def test_a_credential_signed_before_a_key_rotation_still_verifies(keys_dir, certificate):
    old_kid = signing.active_key().kid
    before = certificate_credential(certificate)

    new_kid = signing.create_key(keys_dir)

    assert new_kid != old_kid
    after = certificate_credential(certificate)
    assert before["proof"]["verificationMethod"] == f"{issuer_id()}#{old_kid}"
    assert after["proof"]["verificationMethod"] == f"{issuer_id()}#{new_kid}"
    listed = [m["id"] for m in did_document()["verificationMethod"]]
    assert f"{issuer_id()}#{old_kid}" in listed and f"{issuer_id()}#{new_kid}" in listed
    assert verify_proof(before, published_keys()) is True
    assert verify_proof(after, published_keys()) is True


# Status list ------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["revoked", "cancelled", "replaced"])
def test_the_status_bit_of_a_certificate_flips_when_it_is_withdrawn(certificate, status):
    other = CertificateFactory()
    listed = status_list_credential()["credentialSubject"]["encodedList"]
    assert is_set(listed, certificate.status_list_index) is False

    certificate.status, certificate.status_reason = status, "Suplantación de identidad."
    certificate.save()

    listed = status_list_credential()["credentialSubject"]["encodedList"]
    assert is_set(listed, certificate.status_list_index) is True
    assert is_set(listed, other.status_list_index) is False
    assert sum(bin(byte).count("1") for byte in decode(listed)) == 1


def test_the_status_list_credential_is_signed_and_verifies(certificate):
    credential = status_list_credential()
    assert verify_proof(credential, published_keys()) is True
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["id"] == status_list_url(settings.SITE_URL)
    assert credential["issuer"] == issuer_id()
    subject = credential["credentialSubject"]
    assert subject["id"] == status_list_url(settings.SITE_URL) + "#list"
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    assert len(decode(subject["encodedList"])) * 8 == MIN_BITS
    entry = certificate_credential(certificate)["credentialStatus"]
    assert entry["statusListCredential"] == credential["id"]
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["encodedList"] = encode({certificate.status_list_index}, MIN_BITS)
    assert verify_proof(tampered, published_keys()) is False


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


# Known answer: Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation, 15 May 2025),
# Appendix B.3 "Representation: eddsa-jcs-2022", Examples 29-39.

SPEC_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SPEC_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
SPEC_METHOD = f"did:key:{SPEC_PUBLIC_KEY}#{SPEC_PUBLIC_KEY}"
SPEC_CONTEXT = ["https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"]
SPEC_UNSECURED = {
    "@context": SPEC_CONTEXT,
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
SPEC_HASH_DATA = (  # Example 36: SHA-256(proof config) || SHA-256(document)
    "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
    "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")
SPEC_PROOF = {  # Example 39
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": SPEC_METHOD,
    "proofPurpose": "assertionMethod",
    "@context": SPEC_CONTEXT,
    "proofValue": ("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUf"
                   "joJdcnTMuVor51aX"),
}


def spec_signing_key():
    decoded = base58.b58decode(SPEC_SECRET_KEY[1:])
    assert decoded[:2] == b"\x80\x26" and len(decoded) == 34  # ed25519-priv multicodec
    return signing.SigningKey(kid=SPEC_PUBLIC_KEY,
                              private=Ed25519PrivateKey.from_private_bytes(decoded[2:]))


def test_the_spec_key_pair_maps_to_its_published_multikey():
    key = spec_signing_key()
    assert multikey(key.private.public_key()) == SPEC_PUBLIC_KEY
    assert multikey_to_public_key(SPEC_PUBLIC_KEY) == key.private.public_key()


def test_add_proof_reproduces_the_official_eddsa_jcs_2022_test_vector():
    proof_options = {k: v for k, v in SPEC_PROOF.items() if k != "proofValue"}
    hash_data = credentials._hash_data(SPEC_UNSECURED,
                                       credentials._proof_configuration(proof_options))
    assert hash_data.hex() == SPEC_HASH_DATA

    secured = add_proof(SPEC_UNSECURED, key=spec_signing_key(),
                        created="2023-02-24T23:36:38Z", verification_method=SPEC_METHOD)

    assert secured == {**SPEC_UNSECURED, "proof": SPEC_PROOF}
    assert "proof" not in SPEC_UNSECURED  # the input is left untouched


def test_the_official_signed_credential_verifies_and_a_tampered_copy_does_not():
    spec_keys = {SPEC_METHOD: multikey_to_public_key(SPEC_PUBLIC_KEY)}.get
    signed = {**SPEC_UNSECURED, "proof": SPEC_PROOF}
    assert verify_proof(signed, spec_keys) is True
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    assert verify_proof(tampered, spec_keys) is False


def test_status_list_positions_reveal_neither_order_nor_count():
    from tests.factories import CertificateFactory

    indexes = [CertificateFactory().status_list_index for _ in range(30)]
    assert len(set(indexes)) == 30
    assert indexes != sorted(indexes)
    assert max(indexes) > 1000
