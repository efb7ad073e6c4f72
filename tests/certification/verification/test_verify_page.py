import pytest

from certification.issuance.folio import new_folio
from certification.issuance.models import Certificate
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def mistype(folio):
    last = folio[-1]
    return folio[:-1] + ("2" if last != "2" else "3")


def test_a_valid_certificate_shows_its_status_and_holder(client):
    certificate = CertificateFactory()
    response = client.get(f"/verificar/{certificate.folio}/")
    assert response.status_code == 200
    assert "Certificado vigente" in response.text
    assert certificate.holder.full_name in response.text
    assert certificate.standard.code in response.text


def test_the_holders_curp_is_partly_masked(client):
    certificate = CertificateFactory()
    body = client.get(f"/verificar/{certificate.folio}/").text
    curp = certificate.holder.curp
    assert curp not in body
    assert curp[:4] + "•" * 12 + curp[-2:] in body  # a third of it: never the birth date


def test_the_form_accepts_a_folio_in_lower_case_without_dashes(client):
    certificate = CertificateFactory()
    response = client.get("/verificar/", {"folio": certificate.folio.replace("-", "").lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/verificar/{certificate.folio}/"


def test_a_mistyped_folio_is_reported_as_mistyped_not_unknown(client):
    response = client.get("/verificar/", {"folio": mistype(new_folio())})
    assert response.status_code == 400
    assert "mal escrito" in response.text


def test_an_unknown_well_formed_folio_is_not_in_the_registry(client):
    response = client.get(f"/verificar/{new_folio()}/")
    assert response.status_code == 404
    assert "no está en el registro" in response.text


def test_a_revoked_certificate_says_so_with_its_reason(client):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED,
                                     status_reason="Evaluación irregular.")
    body = client.get(f"/verificar/{certificate.folio}/").text
    assert "Certificado revocado" in body
    assert "Evaluación irregular." in body


def test_a_replaced_certificate_points_to_its_replacement(client):
    old = CertificateFactory(status=Certificate.Status.REPLACED)
    new = CertificateFactory(holder=old.holder, standard=old.standard, replaces=old)
    body = client.get(f"/verificar/{old.folio}/").text
    assert new.folio in body
