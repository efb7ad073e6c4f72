"""The heart of the registry, in a real browser, on the demo data: the assessor
registers a candidate, records and submits a competent evaluation (judgements saved
as they are clicked), the awarding body approves it, the certificate appears with its
folio, its PDF is produced, and the public verifies it."""

import pytest

from certification.assessment.models import Judgement
from certification.issuance.models import Certificate
from conocer.demo.people import build_curp
from tests.e2e.conftest import in_db, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_assessor_to_certificate_journey(demo, live_server, page):
    import datetime

    base = live_server.url
    curp = build_curp(given_names="Xóchitl", first_surname="Ibáñez", second_surname="Muñoz",
                      birth_date=datetime.date(1992, 7, 9), sex="M", state="MEX")

    # The assessor registers the candidate at the centre.
    sign_in(page, base, "evaluador")
    page.goto(f"{base}/candidatos/nuevo/")
    page.fill("#id_curp", curp)
    page.fill("#id_given_names", "Xóchitl")
    page.fill("#id_first_surname", "Ibáñez")
    page.fill("#id_second_surname", "Muñoz")
    page.fill("#id_birth_date", "1992-07-09")
    page.check("#id_privacy_consent")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/evaluaciones/nueva/?candidacy=*")

    # ... starts an assessment (the candidate comes chosen) in a standard they are
    # accredited for.
    page.select_option("#id_standard", index=1)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/evaluaciones/*/")

    # ... judges every criterion as met; each click is saved by the page's script.
    radios = page.locator("input[type=radio][value='1']")
    for i in range(radios.count()):
        radios.nth(i).check()
        page.locator(".autosave-status").nth(i).filter(has_text="✔").wait_for()
    page.reload()
    assert in_db(lambda: Judgement.objects.filter(
        met=True, assessment__candidacy__person__curp=curp).count()) == radios.count()
    assert page.locator("input[type=radio][value='1']:checked").count() == radios.count()

    page.check("input[name=verdict][value=competent]")
    page.click("#verdict button[type=submit]")
    page.wait_for_url(f"{base}/evaluaciones/")
    sign_out(page)

    # The awarding body's reviewer approves the request.
    sign_in(page, base, "ece")
    page.goto(f"{base}/solicitudes/")
    page.click("text=Xóchitl Ibáñez Muñoz")
    page.click("text=Aprobar y emitir el certificado")
    page.click("#confirm-dialog [data-confirm-yes]")  # approving cannot be undone: it asks
    page.wait_for_url(f"{base}/solicitudes/")
    certificate = in_db(lambda: Certificate.objects.get(holder__curp=curp))
    assert certificate.folio in page.content()

    # The certificate page shows the folio; the PDF was produced and downloads.
    page.goto(f"{base}/certificados/{certificate.folio}/")
    assert "Certificado emitido" in page.content()
    with page.expect_download() as download:
        page.click("text=Descargar")
    assert download.value.suggested_filename == f"certificado-{certificate.folio}.pdf"
    assert len(in_db(lambda: Certificate.objects.get(pk=certificate.pk).pdf_sha256)) == 64

    # Anyone verifies it by folio, typed in lower case without dashes.
    sign_out(page)
    page.goto(f"{base}/verificar/")
    page.fill("#folio", certificate.folio.replace("-", "").lower())
    page.click("main form button[type=submit]")
    assert "Certificado vigente" in page.content()

    # ... or scans its QR code, and hears first that the paper matches the record.
    page.goto(f"{base}/Q/{certificate.qr_token}")
    assert "El documento impreso coincide con el registro" in page.content()
    assert "Xóchitl Ibáñez Muñoz" in page.content()
