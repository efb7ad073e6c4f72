"""At phone width, on the demo: anyone asks for a standard's notices and confirms them from
the console e-mail; the awarding body's reviewer finds a holder's correction beside the
certificate requests and reissues the certificate; the verify page of a certificate of a
standard with a validity says until when it is valid."""

import re

import pytest
from django.core import mail

from certification.issuance.models import Certificate
from certification.issuance.services import corrections
from standards.models import StandardSubscription
from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_subscribes_to_a_standards_notices_and_confirms(demo, live_server, page,
                                                                 settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/estandares/EC0217.01/")
    page.fill("#id_email", "visitante@example.mx")
    look(page, "standard-notices-form")
    page.click("#notices button[type=submit]")
    assert mail.outbox[-1].to == ["visitante@example.mx"]
    link = re.search(r"http\S+/avisos/confirmar/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace(settings.SITE_URL, live_server.url))
    look(page, "standard-notices-confirmed")
    assert in_db(lambda: StandardSubscription.objects.get(
        email="visitante@example.mx").confirmed_at is not None)


def test_the_reviewer_reissues_a_holders_correction_from_the_queue(demo, live_server, page):
    def ask():
        certificate = Certificate.objects.filter(
            status="valid", awarding_body__memberships__user__username="ece",
            request__isnull=False).select_related("holder").order_by("pk").first()
        corrections.request_correction(
            person=certificate.holder, certificate_id=certificate.pk,
            changes={"given_names": certificate.holder.given_names + " María"},
            reason="Falta mi segundo nombre.")
        return certificate.folio

    folio = in_db(ask)
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "ece")
    page.goto(f"{base}/solicitudes/")
    page.click("a[href='/correcciones/']")
    look(page, "correction-queue")
    page.click(f"a:has-text('{folio}')")
    look(page, "correction-detail")
    page.click("form[action$='/reexpedir/'] button[type=submit]")
    page.click("#confirm-dialog [data-confirm-yes]")
    page.wait_for_url(f"{base}/correcciones/")
    assert in_db(lambda: Certificate.objects.get(folio=folio).status) == "replaced"


def test_the_verify_page_says_until_when_a_certificate_is_valid(demo, live_server, page):
    certificate = in_db(lambda: Certificate.objects.filter(
        status="valid", standard__code="EC0217.01", request__isnull=False).first())
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/verificar/{certificate.folio}/")
    assert "Vigente hasta" in page.locator("main").inner_text()
    look(page, "verify-valid-until")
