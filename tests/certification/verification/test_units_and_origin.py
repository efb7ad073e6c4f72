"""What a qualification's units, a recognised origin and the validity look like wherever
a certificate is read: the verify page and API, the QR landing, the document check, the
holder's pages and the staff page. All of it from the frozen claims."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.issuance.services.pdfs import store_certificate_pdf
from conocer.core import clock
from tests.certification.holders.conftest import sign_in_as
from tests.certification.verification.certificates import (
    loaded,
    qualification_certificate,
    recognised_certificate,
)
from tests.factories import CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    """Every page here is rate limited per client: each test starts with the limits
    unspent (and no answer kept by another test)."""
    cache.clear()


def english(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.fixture
def qualification():
    return qualification_certificate(units=3)


@pytest.fixture
def conocer_admin(db):
    user = UserFactory(username="conocer")
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


def test_the_verify_page_lists_the_units_each_linked_to_its_own_verification(
        client, qualification):
    body = english(client, f"/verificar/{qualification.folio}/")
    assert "Qualification" in body and "Competence standard" not in body
    assert "Units of this qualification" in body
    for unit in qualification.facts.units:
        assert f'href="/verificar/{unit["folio"]}/"' in body
        assert unit["standard_title"] in body


def test_the_verify_page_of_a_standard_has_no_units_section(client):
    body = english(client, f"/verificar/{CertificateFactory().folio}/")
    assert "Units of this qualification" not in body
    assert "Competence standard" in body


def test_the_verify_page_shows_the_recognised_origin(client):
    certificate = recognised_certificate()
    body = english(client, f"/verificar/{certificate.folio}/")
    assert "By recognition of ChileValora certificate 123456 (Chile)" in body
    assert "The foreign certificate was issued on Jan. 10, 2025." in body
    assert "REC-2026" not in body  # the applicant's own reference stays theirs


def test_a_certificate_not_recognised_shows_no_origin(client):
    body = english(client, f"/verificar/{CertificateFactory().folio}/")
    assert "By recognition of" not in body and "Origin" not in body


def test_the_api_gives_the_kind_the_units_the_origin_and_the_validity(client):
    qualification = qualification_certificate(units=2, certificate_validity_years=3)
    data = client.get(f"/api/v1/verify/{qualification.folio}/").json()
    assert data["kind"] == "qualification"
    assert data["valid_until"] == "2029-05-03"
    assert data["recognition"] is None
    first = qualification.facts.units[0]
    assert data["units"][0] == {
        "folio": first["folio"], "standard_code": first["standard_code"],
        "standard_title": first["standard_title"], "issued_on": first["issued_on"],
        "verify_url": f"{qualification.facts.issuer}/verificar/{first['folio']}/"}
    assert len(data["units"]) == 2


def test_the_api_gives_the_recognised_origin_without_the_requests_reference(client):
    data = client.get(f"/api/v1/verify/{recognised_certificate().folio}/").json()
    assert data["kind"] == "standard"
    assert data["units"] == []
    assert data["valid_until"] is None
    assert data["recognition"] == {"system": "ChileValora", "country": "CL",
                                   "country_name": "Chile", "code": "123456",
                                   "issued_on": "2025-01-10"}


def test_the_schema_documents_the_new_fields(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    fields = schema["components"]["schemas"]["Verification"]["properties"]
    assert {"kind", "valid_until", "units", "recognition"} <= set(fields)
    assert "verify_url" in schema["components"]["schemas"]["QualificationUnit"]["properties"]
    origin = schema["components"]["schemas"]["RecognitionOrigin"]["properties"]
    assert "reference" not in origin and "system" in origin


def test_the_qr_landing_shows_the_validity_the_units_and_the_origin(client):
    qualification = qualification_certificate(units=2, certificate_validity_years=3)
    body = english(client, f"/Q/{qualification.qr_token}")
    assert "The printed document matches the registry" in body
    assert "Valid until" in body and "May 3, 2029" in body
    assert f'href="/verificar/{qualification.facts.units[1]["folio"]}/"' in body
    recognised = recognised_certificate()
    assert "By recognition of ChileValora certificate 123456 (Chile)" in english(
        client, f"/Q/{recognised.qr_token}")


def test_the_document_check_shows_what_an_authentic_pdf_certifies(client):
    certificate = store_certificate_pdf(certificate_id=recognised_certificate().pk)
    with certificate.pdf.open("rb") as stored:
        upload = SimpleUploadedFile("c.pdf", stored.read(), content_type="application/pdf")
    body = client.post("/verificar/documento/", {"document": upload},
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Authentic registry document" in body
    assert "By recognition of ChileValora certificate 123456 (Chile)" in body


def test_the_document_check_says_an_expired_certificate_has_expired(client):
    certificate = store_certificate_pdf(certificate_id=CertificateFactory(
        standard__certificate_validity_years=3).pk)
    with certificate.pdf.open("rb") as stored:
        content = stored.read()
    with clock.travel_to(clock.now() + datetime.timedelta(days=365 * 4)):
        body = client.post("/verificar/documento/", {"document": SimpleUploadedFile(
            "c.pdf", content, content_type="application/pdf")},
            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The certificate EXPIRED on May 3, 2029" in body
    assert "VALID today" not in body


def test_the_holders_page_lists_the_units_and_the_validity(client):
    qualification = qualification_certificate(units=2, certificate_validity_years=3)
    sign_in_as(client, qualification.holder)
    body = english(client, f"/mi-registro/certificados/{qualification.folio}/")
    assert "Units of this qualification" in body
    assert f'href="/verificar/{qualification.facts.units[0]["folio"]}/"' in body
    assert "Valid until" in body


def test_the_holders_page_shows_the_recognised_origin(client):
    certificate = recognised_certificate()
    sign_in_as(client, certificate.holder)
    body = english(client, f"/mi-registro/certificados/{certificate.folio}/")
    assert "By recognition of ChileValora certificate 123456 (Chile)" in body


def test_a_shared_page_shows_the_units_and_the_origin(client):
    from certification.holders.services import sharing

    qualification = qualification_certificate(units=2)
    _link, token = sharing.create_share_link(person=qualification.holder,
                                             folio=qualification.folio, days=7)
    body = english(client, reverse("holders:shared", args=[token]))
    assert "Units of this qualification" in body
    assert qualification.facts.units[0]["folio"] in body


def test_the_staff_page_links_each_unit_to_its_staff_page_and_shows_the_origin(
        client, conocer_admin):
    qualification = qualification_certificate(units=2, certificate_validity_years=3)
    client.force_login(conocer_admin)
    body = english(client, f"/certificados/{qualification.folio}/")
    assert "Units of this qualification" in body
    assert f'href="/certificados/{qualification.facts.units[0]["folio"]}/"' in body
    assert "Valid until" in body
    recognised = recognised_certificate()
    assert "By recognition of ChileValora certificate 123456 (Chile)" in english(
        client, f"/certificados/{recognised.folio}/")


def test_the_pages_read_the_frozen_claims_not_the_live_rows(client, qualification):
    unit_standard = loaded(qualification).standard.components.get(
        code=qualification.facts.units[0]["standard_code"])
    unit_standard.title = "Un título cambiado después"
    unit_standard.save()
    body = english(client, f"/verificar/{qualification.folio}/")
    assert "Un título cambiado después" not in body
    assert qualification.facts.units[0]["standard_title"] in body
