"""What the framework adds to a certificate: the SINCO occupations and the education level
frozen into its claims at issuance, the credential's alignment to them, the credential of
a qualification (its units as evidence) and of a certificate issued by recognition — all
still valid against the official OB 3.0 schema, with both proofs verifying."""

import datetime
import json

import jsonschema
import pytest

from certification.trust import dataintegrity
from certification.trust.dataintegrity import JCS, RDFC
from certification.trust.did import did_document, registry_did, resolver_for_issuer
from standards import framework
from standards.models import Occupation, Standard
from tests.certification.trust.test_ob_schema import achievement_credential_schema
from tests.factories import CertificateFactory, SectorFactory, StandardFactory, UserFactory

pytestmark = pytest.mark.django_db

RECOGNITION = {"system": "ChileValora", "country": "CL", "code": "CV-2024-118273",
               "issued_on": "2024-09-30", "reference": "REC-2026-7KQ3-M9TX"}


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True)


@pytest.fixture
def carers(db):
    return Occupation.objects.get_or_create(code="5221", defaults={
        "title": "Cuidadores de niños, personas con discapacidad y ancianos en "
                 "establecimientos"})[0]


@pytest.fixture
def childcare(carers):
    standard = StandardFactory(code="EC0435", level=2, scian_code="6244",
                               title="Atención en Centros de Atención Infantil",
                               sector=SectorFactory(name="Salud", scian_code="62"))
    standard.occupations.set([carers])
    return standard


def credential(certificate) -> dict:
    return json.loads(certificate.credential)


def alignment(certificate, framework_name) -> list[dict]:
    return [a for a in credential(certificate)["credentialSubject"]["achievement"]["alignment"]
            if a["targetFramework"].startswith(framework_name)]


def qualification_certificate() -> tuple:
    holder_units = [CertificateFactory(standard=StandardFactory(code=code)) for code in
                    ("EC0108", "EC0305")]
    qualification = StandardFactory(kind=Standard.Kind.QUALIFICATION, code="CQ0001",
                                    title="Auxiliar administrativo con atención a clientes")
    qualification.components.set([c.standard for c in holder_units])
    units = [{"folio": c.folio, "standard_code": c.standard.code,
              "standard_title": c.standard.title, "issued_on": c.issued_on.isoformat()}
             for c in holder_units]
    return CertificateFactory(standard=qualification, holder=holder_units[0].holder,
                              units=units), holder_units


def assert_valid_and_verified(document):
    schema = achievement_credential_schema()
    if schema is not None:
        validator = jsonschema.Draft201909Validator(
            schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
        assert [e.message for e in validator.iter_errors(document)] == []
    keys = resolver_for_issuer(did_document(), registry_did())
    assert dataintegrity.verify_proofs(document, keys) == [(RDFC, True), (JCS, True)]


# Claims --------------------------------------------------------------------------------------

def test_the_claims_freeze_the_occupations_and_the_education_level(admin, childcare):
    framework.save_education_mapping(actor=admin, level=2, education_level="secundaria")
    facts = CertificateFactory(standard=childcare).facts
    assert facts.occupations == ({"code": "5221", "title": childcare.occupations.get().title},)
    assert facts.education_level == "Educación secundaria"
    assert facts.scian_code == "6244"


def test_a_later_mapping_or_occupation_change_leaves_issued_certificates_as_they_were(
        admin, childcare, carers):
    framework.save_education_mapping(actor=admin, level=2, education_level="secundaria")
    issued = CertificateFactory(standard=childcare)
    signed = issued.credential
    framework.save_education_mapping(actor=admin, level=2, education_level="media_superior")
    childcare.occupations.clear()
    issued.refresh_from_db()
    assert issued.facts.education_level == "Educación secundaria"
    assert issued.facts.occupations[0]["code"] == "5221"
    assert issued.credential == signed
    later = CertificateFactory(standard=childcare).facts
    assert (later.education_level, later.occupations) == ("Educación media superior", ())


def test_an_unmapped_level_freezes_no_education_level(childcare):
    assert CertificateFactory(standard=childcare).facts.education_level == ""


def test_the_sector_scian_code_is_frozen_when_the_standard_has_none(db):
    standard = StandardFactory(sector=SectorFactory(scian_code="72"))
    assert CertificateFactory(standard=standard).facts.scian_code == "72"


# The credential's alignment ------------------------------------------------------------------

def test_the_credential_is_aligned_to_level_education_level_sinco_and_scian(admin,
                                                                          childcare):
    framework.save_education_mapping(actor=admin, level=2, education_level="secundaria")
    certificate = CertificateFactory(standard=childcare)
    [sinco] = alignment(certificate, "Sistema Nacional de Clasificación de Ocupaciones")
    assert (sinco["targetCode"], sinco["targetName"]) == ("5221", childcare.occupations.get()
                                                           .title)
    assert sinco["targetUrl"].startswith("https://www.inegi.org.mx/")
    [level] = alignment(certificate, "Niveles de competencia")
    assert (level["targetCode"], level["targetName"]) == ("2", "Nivel 2")
    assert level["targetUrl"].endswith("/cualificaciones/niveles/#level-2")
    [education] = alignment(certificate, "Sistema Educativo Nacional")
    assert education["targetName"] == "Educación secundaria"
    [scian] = alignment(certificate, "Sistema de Clasificación Industrial")
    assert scian["targetCode"] == "6244"
    assert_valid_and_verified(credential(certificate))


# A qualification's credential ----------------------------------------------------------------

def test_a_qualification_credential_says_it_is_a_qualification_and_lists_its_units(db):
    certificate, units = qualification_certificate()
    document = credential(certificate)
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["id"].endswith("/cualificaciones/CQ0001/")
    assert document["name"] == "Certificado de cualificación CQ0001"
    assert "EC0108, EC0305" in achievement["criteria"]["narrative"]
    assert [a["targetCode"] for a in alignment(certificate, "Registro Nacional")] == [
        "CQ0001", "EC0108", "EC0305"]
    assert [e["id"] for e in document["evidence"]] == [
        f"{certificate.facts.issuer}/verificar/{unit.folio}/" for unit in units]
    assert all(e["type"] == ["Evidence"] and unit.folio in e["name"]
               for e, unit in zip(document["evidence"], units, strict=True))


def test_a_qualification_credential_is_valid_and_both_proofs_verify(db):
    certificate, _units = qualification_certificate()
    assert_valid_and_verified(credential(certificate))


def test_a_standard_certificate_has_no_evidence_and_stays_a_certification(childcare):
    document = credential(CertificateFactory(standard=childcare))
    assert "evidence" not in document
    assert document["credentialSubject"]["achievement"]["achievementType"] == "Certification"


# Recognition ---------------------------------------------------------------------------------

def test_a_recognition_credential_says_which_foreign_certificate_it_recognises(childcare):
    certificate = CertificateFactory(standard=childcare, recognition=RECOGNITION,
                                     issued_on=datetime.date(2026, 11, 2))
    document = credential(certificate)
    assert "reconocimiento del certificado CV-2024-118273 de ChileValora (CL)" in (
        document["description"])
    [evidence] = document["evidence"]
    assert evidence["genre"] == "Reconocimiento de certificado extranjero"
    assert "ChileValora" in evidence["name"] and "REC-2026-7KQ3-M9TX" in (
        evidence["description"])
    assert "30/09/2024" in evidence["description"]


def test_a_recognition_credential_is_valid_and_both_proofs_verify(childcare):
    certificate = CertificateFactory(standard=childcare, recognition=RECOGNITION)
    assert_valid_and_verified(credential(certificate))


def test_altering_the_recognised_certificate_breaks_both_proofs(childcare):
    document = credential(CertificateFactory(standard=childcare, recognition=RECOGNITION))
    document["evidence"][0]["name"] = "Certificado extranjero CV-2024-000001 (ChileValora)"
    keys = resolver_for_issuer(did_document(), registry_did())
    assert dataintegrity.verify_proofs(document, keys) == [(RDFC, False), (JCS, False)]
