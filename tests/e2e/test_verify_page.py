"""The public verify page as an employer meets it, anonymous, at phone and desktop
width, on the demo data: the folio typed, the standard linked to its public page, the
time of the check, the PDF downloaded (a demo certificate: rendered on this first
download), the link to copy, and the page printed on one sheet."""

import shutil
import subprocess

import pytest

from certification.issuance.models import Certificate
from tests.e2e.conftest import in_db
from tests.e2e.look import DESKTOP, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def pages_of(path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run([pdfinfo, str(path)], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def public_demo_certificates(n):
    return list(Certificate.objects.filter(
        status="valid", holder__public_registry_opt_in=True, request__isnull=False,
        pdf_sha256="").order_by("pk")[:n])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_employer_verifies_a_demo_folio_downloads_its_pdf_and_prints_the_page(
        demo, live_server, page, viewport, tmp_path):
    base = live_server.url
    certificate = in_db(lambda: public_demo_certificates(2)[viewport == DESKTOP])
    claims = certificate.facts
    page.set_viewport_size(viewport)

    page.goto(f"{base}/verificar/")
    look(page, "verify-form")
    page.fill("#folio", certificate.folio.replace("-", "").lower())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/verificar/{certificate.folio}/")
    main = page.locator("main")
    assert "Certificado vigente" in main.inner_text()
    assert "Verificado contra el registro el" in main.inner_text()
    standard_link = page.locator(f"main a[href='/estandares/{claims.standard_code}/']")
    assert standard_link.inner_text() == claims.standard_code
    assert page.input_value("#verify-link") == claims.verification_url
    assert page.locator("button[data-copy]").is_visible()
    look(page, "verify-result")

    # The PDF: this demo certificate had none; the first download renders it.
    with page.expect_download() as download:
        page.click("text=Descargar el PDF")
    saved = tmp_path / "certificado.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"certificado-{certificate.folio}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert in_db(lambda: Certificate.objects.get(pk=certificate.pk).pdf_sha256)

    # Printed: the facts, the check time and the address to verify again; no menus.
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator(".verify-actions").is_visible()
    assert page.locator(".print-brand").is_visible()
    assert page.locator(".print-only", has_text=claims.verification_url).is_visible()
    for fact in (certificate.folio, claims.holder_name, claims.standard_title,
                 "Certificado vigente", "Verificado contra el registro el"):
        assert fact in main.inner_text(), fact
    look(page, "verify-print")
    printout = tmp_path / "printout.pdf"
    page.pdf(path=str(printout), format="A4")
    assert pages_of(printout) == 1
    page.emulate_media(media="screen")


def test_without_javascript_the_link_stays_in_a_read_only_field(demo, live_server, browser):
    context = browser.new_context(locale="es-MX", java_script_enabled=False)
    page = context.new_page()
    certificate = in_db(lambda: public_demo_certificates(3)[2])
    page.goto(f"{live_server.url}/verificar/{certificate.folio}/")
    assert page.locator("#verify-link").get_attribute("readonly") is not None
    assert not page.locator("button[data-copy]").is_visible()
    assert page.locator("text=Descargar el PDF").is_visible()
    context.close()


def test_a_foreign_employer_reads_a_qualification_and_a_recognised_certificate_in_english(
        transactional_db, live_server, page):
    """At phone width, the site switched to English with its own language switcher: the
    qualification's units each lead to their own verification, and a certificate issued
    by recognition says of which foreign certificate."""
    from tests.certification.verification.certificates import (
        qualification_certificate,
        recognised_certificate,
    )

    base = live_server.url
    qualification = in_db(lambda: qualification_certificate(units=3,
                                                            certificate_validity_years=3))
    recognised = in_db(recognised_certificate)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/verificar/{qualification.folio}/")
    page.click("header summary")
    page.select_option("#language", "en")
    page.click("form.lang-form button[type=submit]")
    page.wait_for_selector("html[lang=en]")

    main = page.locator("main")
    assert "Valid certificate" in main.inner_text()
    assert "Units of this qualification" in main.inner_text()
    assert "Valid until" in main.inner_text()
    look(page, "verify-qualification-en")
    unit = qualification.facts.units[1]
    page.click(f"main a[href='/verificar/{unit['folio']}/']")
    page.wait_for_url(f"{base}/verificar/{unit['folio']}/")
    assert unit["standard_title"] in page.locator("main").inner_text()

    page.goto(f"{base}/verificar/{recognised.folio}/")
    assert ("By recognition of ChileValora certificate 123456 (Chile)"
            in page.locator("main").inner_text())
    look(page, "verify-recognised-en")
