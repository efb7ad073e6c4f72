import datetime
import hashlib

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


# The page beside Credly's and Accredible's: check time, link to copy, print view, PDF.

def public_certificate():
    return CertificateFactory(holder__public_registry_opt_in=True)


def test_the_check_time_is_shown_in_the_registrys_time_zone(client):
    from conocer.core import clock

    certificate = CertificateFactory()
    moment = datetime.datetime(2026, 12, 1, 18, 5, tzinfo=datetime.UTC)  # 12:05 in CDMX
    with clock.travel_to(moment):
        body = client.get(f"/verificar/{certificate.folio}/").text
    assert "Verificado contra el registro el 1 de diciembre de 2026 a las 12:05" in body


def test_the_link_to_copy_is_the_verification_address_frozen_at_issuance(client, settings):
    certificate = CertificateFactory()
    settings.SITE_URL = "http://127.0.0.1:8999"
    body = client.get(f"/verificar/{certificate.folio}/").text
    assert (f'id="verify-link" type="text" readonly value="'
            f'{certificate.facts.verification_url}"') in body
    assert "8999" not in certificate.facts.verification_url


def test_the_page_brings_its_print_stylesheet_and_its_script_as_static_files(client):
    body = client.get(f"/verificar/{CertificateFactory().folio}/").text
    assert "/static/css/verify.css" in body and "/static/js/verify.js" in body
    assert 'class="print-only"' in body


def test_a_public_valid_certificate_without_its_pdf_yet_offers_it(client):
    certificate = public_certificate()
    assert not certificate.pdf_sha256
    body = client.get(f"/verificar/{certificate.folio}/").text
    assert f'href="/verificar/{certificate.folio}/pdf/"' in body


def test_the_first_download_renders_and_stores_the_pdf(client):
    certificate = public_certificate()
    response = client.get(f"/verificar/{certificate.folio}/pdf/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()


def test_the_download_works_with_the_broker_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("celery.app.base.Celery.send_task", refuse)
    response = client.get(f"/verificar/{public_certificate().folio}/pdf/")
    assert response.status_code == 200


def test_a_second_download_serves_the_stored_pdf_without_rendering_again(client, monkeypatch):
    from certification.issuance import pdf

    certificate = public_certificate()
    first = b"".join(client.get(f"/verificar/{certificate.folio}/pdf/").streaming_content)
    monkeypatch.setattr(pdf, "render_certificate_pdf", lambda c: pytest.fail("rendered"))
    second = b"".join(client.get(f"/verificar/{certificate.folio}/pdf/").streaming_content)
    assert first == second
