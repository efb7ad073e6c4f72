"""A standard from the committee's draft to the public catalogue, with the demo users
alone: `comite` drafts it and writes a unit with one criterion (using "add a row", the
other rows left empty), submits it; `presidencia`, the lead body's administrator, records
the board's approval; `admin` (CONOCER) approves and publishes it; anyone finds it in
the catalogue."""

import pytest

from standards.models import Standard
from tests.e2e.conftest import in_db, sign_in, sign_out
from tests.e2e.look import DESKTOP, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)

CODE, TITLE = "EC9901", "Atención de huéspedes en hoteles boutique"


def act(page, name, *, confirm=False):
    """Press a lifecycle button of the standard's page, and confirm in the dialog an
    irreversible one opens."""
    with page.expect_navigation():
        page.click(f"form[action$='/acciones/{name}/'] button[type=submit]")
        if confirm:
            page.click("#confirm-dialog [data-confirm-yes]")


def test_a_draft_goes_from_the_committee_to_the_catalogue_with_the_demo_users(
        demo, live_server, page):
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    # The committee member drafts the standard.
    sign_in(page, base, "comite")
    look(page, "dashboard-committee")
    page.goto(f"{base}/estandares/nuevo/")
    page.select_option("#id_lead_body", index=1)
    page.fill("#id_code", CODE)
    page.fill("#id_title", TITLE)
    page.fill("#id_purpose", "Referente para quienes reciben a los huéspedes.")
    page.fill("#id_level", "2")
    page.select_option("#id_sector", index=1)
    look(page, "standard-draft-form")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/estandares/{CODE}/")

    # ... writes a unit: one criterion, one row added with the button, empty rows left.
    page.click("text=Agregar una unidad")
    page.set_viewport_size(PHONE)
    page.fill("#id_code", "E9901")
    page.fill("#id_title", "Recibir al huésped")
    page.fill("#id_criteria-0-text", "Saluda al huésped por su nombre.")
    rows = page.locator("#criteria-rows fieldset.criterion")
    before = rows.count()
    page.click("button[name=add_row]")
    assert rows.count() == before + 1
    assert page.input_value("#id_criteria-0-text") == "Saluda al huésped por su nombre."
    assert page.locator(f"#id_criteria-{before}-text").is_visible()
    look(page, "unit-editor")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(f"{base}/estandares/{CODE}/#structure")
    assert in_db(lambda: list(Standard.objects.get(code=CODE).units.get().criteria
                              .values_list("text", flat=True))) == [
        "Saluda al huésped por su nombre."]
    page.set_viewport_size(DESKTOP)
    look(page, "standard-draft")
    act(page, "submit")
    assert in_db(lambda: Standard.objects.get(code=CODE).status) == "submitted"
    sign_out(page)

    # The lead body's administrator sees it waiting and records the board's approval.
    sign_in(page, base, "presidencia")
    assert "en espera de la aprobación del consejo" in page.locator("main").inner_text()
    look(page, "dashboard-lead-body-board")
    page.goto(f"{base}/estandares/{CODE}/")
    act(page, "approve_lead_body")
    assert in_db(lambda: Standard.objects.get(code=CODE).status) == "lead_body_approved"
    sign_out(page)

    # CONOCER approves and publishes it.
    sign_in(page, base, "admin")
    look(page, "dashboard-conocer")
    page.goto(f"{base}/estandares/{CODE}/")
    act(page, "approve_conocer")
    page.reload()
    page.fill("input[name=dof_published_on]", "2026-11-30")
    look(page, "standard-approved")
    act(page, "publish", confirm=True)
    assert in_db(lambda: Standard.objects.get(code=CODE).status) == "published"
    sign_out(page)

    # Anyone finds it in the catalogue.
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/estandares/?q=hoteles+boutique")
    assert TITLE in page.locator("main").inner_text()
    look(page, "catalogue-new-standard")
