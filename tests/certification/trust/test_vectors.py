"""Known answers: Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation, 2025),
Appendix B, and the W3C test vectors (w3c/vc-di-eddsa, TestVectors/): our proofs must
reproduce the specification's, byte for byte."""

import copy

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certification.trust import dataintegrity, jsonld, signing
from certification.trust.dataintegrity import JCS, RDFC, add_proof, hash_data, verify_proof
from certification.trust.did import multikey, multikey_to_public_key

SPEC_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SPEC_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
SPEC_CONTEXT = ["https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"]
# The examples context as the W3C publishes it at that address.
EXAMPLES_V2 = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}
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

# eddsa-jcs-2022: Appendix B.3, Examples 29-39.
JCS_METHOD = f"did:key:{SPEC_PUBLIC_KEY}#{SPEC_PUBLIC_KEY}"
JCS_HASH_DATA = (  # Example 36: SHA-256(proof config) || SHA-256(document)
    "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
    "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")
JCS_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": JCS_METHOD,
    "proofPurpose": "assertionMethod",
    "@context": SPEC_CONTEXT,
    "proofValue": ("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUf"
                   "joJdcnTMuVor51aX"),
}

# eddsa-rdfc-2022: TestVectors/eddsa-rdfc-2022 (signedDataInt.json, proofCanonDataInt.txt,
# combinedHashDataInt.txt).
RDFC_METHOD = f"https://vc.example/issuers/5678#{SPEC_PUBLIC_KEY}"
RDFC_PROOF_CANON = (
    '_:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"'
    "^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n"
    "_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/security#DataIntegrityProof> .\n"
    '_:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"'
    "^^<https://w3id.org/security#cryptosuiteString> .\n"
    "_:c14n0 <https://w3id.org/security#proofPurpose> "
    "<https://w3id.org/security#assertionMethod> .\n"
    "_:c14n0 <https://w3id.org/security#verificationMethod> "
    f"<{RDFC_METHOD}> .\n")
RDFC_HASH_DATA = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017")
RDFC_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": RDFC_METHOD,
    "proofPurpose": "assertionMethod",
    "proofValue": ("z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnH"
                   "w8V6dvy5pgWYCU5e9"),
}


@pytest.fixture(autouse=True)
def examples_context():
    jsonld.register_context(SPEC_CONTEXT[1], EXAMPLES_V2)


def spec_signing_key():
    decoded = base58.b58decode(SPEC_SECRET_KEY[1:])
    assert decoded[:2] == b"\x80\x26" and len(decoded) == 34  # ed25519-priv multicodec
    return signing.SigningKey(kid=SPEC_PUBLIC_KEY,
                              private=Ed25519PrivateKey.from_private_bytes(decoded[2:]))


def spec_keys(method):
    return {method: multikey_to_public_key(SPEC_PUBLIC_KEY)}.get


def options_of(proof):
    return {k: v for k, v in proof.items() if k != "proofValue"}


def test_the_spec_key_pair_maps_to_its_published_multikey():
    key = spec_signing_key()
    assert multikey(key.private.public_key()) == SPEC_PUBLIC_KEY
    assert multikey_to_public_key(SPEC_PUBLIC_KEY) == key.private.public_key()


def test_add_proof_reproduces_the_official_eddsa_jcs_2022_test_vector():
    assert hash_data(SPEC_UNSECURED, options_of(JCS_PROOF), JCS).hex() == JCS_HASH_DATA
    secured = add_proof(SPEC_UNSECURED, key=spec_signing_key(), cryptosuite=JCS,
                        created="2023-02-24T23:36:38Z", verification_method=JCS_METHOD)
    assert secured == {**SPEC_UNSECURED, "proof": JCS_PROOF}
    assert "proof" not in SPEC_UNSECURED  # the input is left untouched


def test_the_proof_configuration_is_canonicalized_as_the_rdfc_vector_says():
    config = {**options_of(RDFC_PROOF), "@context": SPEC_CONTEXT}
    assert jsonld.canonize(config) == RDFC_PROOF_CANON


def test_add_proof_reproduces_the_official_eddsa_rdfc_2022_test_vector():
    assert hash_data(SPEC_UNSECURED, options_of(RDFC_PROOF), RDFC).hex() == RDFC_HASH_DATA
    secured = add_proof(SPEC_UNSECURED, key=spec_signing_key(), cryptosuite=RDFC,
                        created="2023-02-24T23:36:38Z", verification_method=RDFC_METHOD)
    assert secured == {**SPEC_UNSECURED, "proof": RDFC_PROOF}


@pytest.mark.parametrize(("proof", "method"), [(JCS_PROOF, JCS_METHOD),
                                               (RDFC_PROOF, RDFC_METHOD)])
def test_the_official_signed_credentials_verify_and_tampered_copies_do_not(proof, method):
    signed = {**SPEC_UNSECURED, "proof": proof}
    assert verify_proof(signed, spec_keys(method)) is True
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    assert verify_proof(tampered, spec_keys(method)) is False


def test_a_proof_set_of_both_vectors_verifies_proof_by_proof():
    signed = {**SPEC_UNSECURED, "proof": [RDFC_PROOF, JCS_PROOF]}
    keys = {RDFC_METHOD: multikey_to_public_key(SPEC_PUBLIC_KEY),
            JCS_METHOD: multikey_to_public_key(SPEC_PUBLIC_KEY)}.get
    assert dataintegrity.verify_proofs(signed, keys) == [(RDFC, True), (JCS, True)]
    one_bad = {**SPEC_UNSECURED, "proof": [RDFC_PROOF, {**JCS_PROOF, "created": "2024-01-01"
                                                                            "T00:00:00Z"}]}
    assert dataintegrity.verify_proofs(one_bad, keys) == [(RDFC, True), (JCS, False)]
    assert verify_proof(one_bad, keys) is False  # every proof of the set must verify
