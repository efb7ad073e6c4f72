"""The awarding body's reviewer at the scale of a real queue, in a real browser, on the
demo data, at desktop and phone widths: the queue with its counts, a search by CURP,
select all, bulk approval confirmed in the dialog and its report, "approve and open the
next" from a request's page, a rejection confirmed on the page a browser without
JavaScript gets, and the staff certificate search with its CSV."""

from pathlib import Path

import pytest

from certification.issuance import selectors
from certification.issuance.models import Certificate, CertificateRequest
from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import DESKTOP, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_for_ece():
    """Requests of ece's awarding body awaiting review and not on hold, oldest first."""
    waiting = list(CertificateRequest.objects.filter(
        status="submitted", awarding_body__memberships__user__username="ece").select_related(
        "assessment__candidacy__person", "assessment__standard", "assessment__centre",
        "assessment__assessor", "awarding_body").order_by("requested_at", "pk").distinct())
    blockers = selectors.blockers_of(waiting)
    return [(r.pk, r.assessment.person.curp, r.assessment.person.full_name)
            for r in waiting if not blockers[r]]


def confirm_in_dialog(page):
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    return dialog


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reviewer_works_through_the_queue(demo, live_server, page, browser, viewport):
    base = live_server.url
    page.set_viewport_size(viewport)
    waiting = in_db(waiting_for_ece)
    assert len(waiting) >= 3
    (first_id, first_curp, first_name), *_ = waiting

    sign_in(page, base, "ece")
    page.goto(f"{base}/solicitudes/")
    tabs = page.locator(".status-tabs a")
    assert tabs.first.get_attribute("aria-current") == "page"
    assert "En espera de revisión" in tabs.first.inner_text()
    look(page, "reviewer-queue")

    # Search by CURP, select all on the page, approve with the dialog's confirmation.
    page.fill("#id_query", first_curp)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**query=*")
    assert page.locator("table.request-queue tbody tr").count() == 1
    assert first_name in page.locator("table.request-queue").inner_text()
    look(page, "reviewer-queue-search")
    page.check(".select-all input[data-select-all]")
    assert page.locator("input[name=request]:checked").count() == 1
    page.click("#bulk-approval button[type=submit]")
    dialog = confirm_in_dialog(page)
    assert "No se puede deshacer" in dialog.inner_text()
    look(page, "reviewer-bulk-dialog")
    dialog.locator("button[value=yes]").click()
    page.wait_for_url(f"{base}/solicitudes/")
    issued = in_db(lambda: Certificate.objects.get(request_id=first_id))
    report = page.locator(".messages").inner_text()
    assert issued.folio in report and first_name in report
    look(page, "reviewer-bulk-report")

    # Open the oldest waiting request; approve it and open the next.
    second_id, _curp, second_name = in_db(waiting_for_ece)[0]
    page.goto(f"{base}/solicitudes/{second_id}/")
    look(page, "reviewer-request")
    page.click("text=Aprobar y abrir la siguiente")
    confirm_in_dialog(page).locator("button[value=yes]").click()
    page.wait_for_url(lambda url: f"/solicitudes/{second_id}/" not in url
                      and "/solicitudes/" in url and url.rstrip("/")[-1].isdigit())
    assert in_db(lambda: CertificateRequest.objects.get(pk=second_id).status) == "approved"
    following = page.url
    look(page, "reviewer-next-request")

    # Without JavaScript: reject with a reason through the confirmation page.
    context = browser.new_context(locale="es-MX", java_script_enabled=False,
                                  viewport=viewport)
    plain = context.new_page()
    sign_in(plain, base, "ece")
    plain.goto(following)
    plain.fill("#id_reason", "Falta la guía de observación firmada.")
    plain.click("text=Rechazar y devolver al centro")
    plain.wait_for_url("**/rechazar/")
    assert "vuelve al centro" in plain.locator("#consequence").inner_text()
    assert plain.input_value("#id_reason") == "Falta la guía de observación firmada."
    # look() evaluates scripts in the page, which a page without JavaScript never runs:
    # the same confirmation page, opened by its address, is checked in the other browser.
    page.goto(plain.url)
    look(page, "reviewer-reject-confirmation")
    plain.click("main form button[type=submit]")
    plain.wait_for_url(f"{base}/solicitudes/")
    rejected_id = int(following.rstrip("/").rsplit("/", 1)[1])
    assert in_db(lambda: CertificateRequest.objects.get(pk=rejected_id).rejection_reason) \
        == "Falta la guía de observación firmada."
    context.close()

    # The certificate search finds what was issued, and exports the search as CSV.
    page.goto(f"{base}/certificados/")
    look(page, "certificate-search")
    page.fill("#id_query", first_curp)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**query=*")
    assert issued.folio in page.locator("table").inner_text()
    look(page, "certificate-search-result")
    with page.expect_download() as download:
        page.click("text=Descargar los certificados encontrados (CSV)")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert issued.folio in text and text.startswith("folio,holder,curp")
