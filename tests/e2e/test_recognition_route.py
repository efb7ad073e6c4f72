"""A foreign worker walks the recognition route in English on a phone: the public page,
a request without CURP (passport), the reference shown, and its status found again with
the reference and the birth date. Every page fits 390 px and passes axe."""

import pytest

from tests.e2e.look import PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% ChileValora certificate\n%%EOF\n"


def test_a_passport_holder_applies_in_english_and_follows_the_request(demo, live_server,
                                                                       browser, tmp_path):
    certificate = tmp_path / "chilevalora.pdf"
    certificate.write_bytes(PDF)
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/reconocimiento/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Recognition of foreign certificates")
    assert page.get_by_text("You do not need a CURP").count() == 1
    look(page, "recognition-route-en")

    page.get_by_role("button", name="Apply for recognition").click()
    look(page, "recognition-apply-en")
    page.get_by_label("No: I will identify myself with a passport or another document").check()
    page.get_by_label("Identity document").select_option("passport")
    page.get_by_label("Document number").fill("HN5550123")
    page.get_by_label("Country that issued the document").select_option(label="Honduras")
    page.get_by_label("Given names").fill("Marvin Josué")
    page.get_by_label("First surname").fill("Fúnez")
    page.get_by_label("Birth date").fill("1993-08-21")
    page.get_by_label("Nationality").select_option(label="Honduras")
    page.get_by_label("System that issued your certificate").select_option(
        label="ChileValora (CL)")
    page.get_by_label("Certificate code or number").fill("CV-2024-31415")
    page.get_by_label("Date of the certificate").fill("2024-02-14")
    page.get_by_label("Equivalence of your certificate (if it is listed)").select_option(
        index=1)
    page.get_by_label("Your foreign certificate (PDF or photo)").set_input_files(
        str(certificate))
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my request").click()

    page.wait_for_url("**/solicitud-enviada/")
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("REC-")
    look(page, "recognition-submitted-en")

    page.get_by_role("button", name="Follow my request").click()
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Birth date").fill("1993-08-21")
    page.get_by_role("button", name="See the status").click()
    assert page.locator("#request-status").inner_text() == "Under review"
    look(page, "recognition-track-en")
    context.close()
