"""An outside verifier is the judge: Digital Bazaar's JavaScript libraries (@digitalbazaar/vc
with the eddsa-rdfc-2022 cryptosuite), run by Node with no network, verify the registry's
credentials, and reject tampered ones and ones signed by someone other than the issuer.

Needs `node` and the pinned packages: `npm ci --prefix tests/thirdparty`.
"""

import copy
import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certification.issuance.services import statuslist
from certification.trust import dataintegrity, jsonld, signing
from certification.trust.did import DID_CONTEXT, did_document, multikey, registry_did
from tests.factories import CertificateFactory, StandardFactory

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(not (HERE / "node_modules").is_dir(),
                       reason="the verifier's packages are not installed: run "
                              "`npm ci --prefix tests/thirdparty`"),
    pytest.mark.django_db,
]

ATTACKER = "did:web:attacker.example"


def local_contexts() -> dict:
    return {url: json.loads((jsonld.CONTEXTS_DIR / name).read_text(encoding="utf-8"))
            for url, name in jsonld.CONTEXT_FILES.items()}


def outside_verifier(credential: dict, did_documents: list[dict], tmp_path) -> dict:
    """What verify.mjs says of `credential`: {"verified": bool, "error": str | None}."""
    given = tmp_path / "input.json"
    given.write_text(json.dumps({"credential": credential, "didDocument": did_documents,
                                 "contexts": local_contexts()}), encoding="utf-8")
    run = subprocess.run([NODE, str(HERE / "verify.mjs"), str(given)], cwd=HERE,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def attacker_did_document(key: signing.SigningKey) -> dict:
    method = {"id": f"{ATTACKER}#{key.kid}", "type": "Multikey", "controller": ATTACKER,
              "publicKeyMultibase": multikey(key.private.public_key())}
    return {"@context": list(DID_CONTEXT), "id": ATTACKER, "verificationMethod": [method],
            "assertionMethod": [method["id"]]}


def test_a_genuine_certificate_credential_verifies(tmp_path):
    credential = json.loads(CertificateFactory().credential)
    assert credential["issuer"]["id"] == registry_did()

    result = outside_verifier(credential, [did_document()], tmp_path)

    assert result == {"verified": True, "error": None}


def test_a_credential_with_a_validity_end_verifies(tmp_path):
    credential = json.loads(CertificateFactory(
        standard=StandardFactory(certificate_validity_years=3),
        issued_on=datetime.date.today()).credential)
    assert "validUntil" in credential

    result = outside_verifier(credential, [did_document()], tmp_path)

    assert result == {"verified": True, "error": None}


def test_a_credential_whose_achievement_was_changed_does_not_verify(tmp_path):
    credential = json.loads(CertificateFactory().credential)
    credential["credentialSubject"]["achievement"]["name"] = "Dirección general de empresas"

    result = outside_verifier(credential, [did_document()], tmp_path)

    assert result["verified"] is False, result


def test_a_credential_naming_our_issuer_but_signed_by_another_did_is_rejected(tmp_path):
    genuine = json.loads(CertificateFactory().credential)
    unsigned = {name: value for name, value in genuine.items() if name != "proof"}
    rogue_key = signing.SigningKey(kid="k1", private=Ed25519PrivateKey.generate())
    forged = dataintegrity.secure(copy.deepcopy(unsigned), issuer=ATTACKER, key=rogue_key,
                                  created=datetime.datetime.now(datetime.UTC))
    assert forged["issuer"]["id"] == registry_did()

    result = outside_verifier(forged, [did_document(), attacker_did_document(rogue_key)],
                              tmp_path)

    assert result["verified"] is False, result
    assert "issuer must match the verification method controller" in (result["error"] or "")


def test_the_status_list_credential_verifies(tmp_path):
    CertificateFactory()
    status_list = json.loads(statuslist.current().document)

    result = outside_verifier(status_list, [did_document()], tmp_path)

    assert result == {"verified": True, "error": None}


def test_a_qualification_credential_listing_its_units_verifies(tmp_path):
    from standards.models import Standard

    units = [CertificateFactory(standard=StandardFactory(code=code)) for code in
             ("EC0108", "EC0305")]
    qualification = StandardFactory(kind=Standard.Kind.QUALIFICATION, code="CQ0001")
    qualification.components.set([unit.standard for unit in units])
    credential = json.loads(CertificateFactory(standard=qualification, units=[
        {"folio": u.folio, "standard_code": u.standard.code,
         "standard_title": u.standard.title, "issued_on": u.issued_on.isoformat()}
        for u in units]).credential)
    assert len(credential["evidence"]) == 2

    result = outside_verifier(credential, [did_document()], tmp_path)

    assert result == {"verified": True, "error": None}


def test_a_credential_issued_by_recognition_verifies(tmp_path):
    credential = json.loads(CertificateFactory(recognition={
        "system": "SENA", "country": "CO", "code": "SENA-9982311", "issued_on": "2023-05-12",
        "reference": "REC-2026-4HJ2-Q8WA"}).credential)
    assert credential["evidence"][0]["genre"] == "Reconocimiento de certificado extranjero"

    result = outside_verifier(credential, [did_document()], tmp_path)

    assert result == {"verified": True, "error": None}
