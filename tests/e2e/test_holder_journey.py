"""The holder's own space in a real browser, on the demo data, at phone width: the demo
holder asks for a sign-in link, opens it from the e-mail (the test server's e-mail
backend), sees their certificates from two awarding bodies, adds one to LinkedIn (the
address and its fields checked), creates and ends a share link, opts out of the public
registry (the RENAP lookup no longer lists them) and requests a correction; the awarding
body's reviewer reissues the certificate; the holder sees the new folio. And a centre
prints an access code for a person without e-mail, who signs in with it and their CURP."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from bodies.models import Assessor
from certification.assessment.models import Candidacy, Person
from certification.issuance.models import Certificate
from conocer.demo.holders import HOLDER_EMAIL
from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://\S+(/mi-registro/entrar/[A-Za-z0-9_-]+/)")


def the_holder():
    person = Person.objects.get(email=HOLDER_EMAIL)
    certificates = list(Certificate.objects.filter(holder=person, status="valid").select_related(
        "awarding_body").order_by("pk"))
    reviewed = next(c for c in certificates
                    if c.awarding_body.memberships.filter(user__username="ece").exists())
    return (person.full_name, person.curp, [(c.folio, c.awarding_body.name) for c in certificates],
            reviewed.folio)


def test_a_holder_finds_shares_and_corrects_their_certificates(demo, live_server, page,
                                                                browser):
    base = live_server.url
    page.set_viewport_size(PHONE)
    name, curp, held, folio = in_db(the_holder)
    assert len({body for _folio, body in held}) >= 2
    mail.outbox.clear()

    # Ask for a link; the answer says nothing of whether the address is known.
    page.goto(f"{base}/mi-registro/")
    page.wait_for_url("**/mi-registro/entrar/**")
    look(page, "holder-sign-in")
    page.fill("#email-email", HOLDER_EMAIL)
    page.click("form[action$='/mi-registro/entrar/'] button[type=submit]")
    page.wait_for_selector("main [role=status]")
    look(page, "holder-link-sent")
    link = LINK.search(mail.outbox[-1].body).group(1)

    page.goto(base + link)
    look(page, "holder-open-link")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/mi-registro/")
    text = page.locator("main").inner_text()
    assert name in text
    for certificate_folio, body in held:
        assert certificate_folio in text and body in text
    look(page, "holder-home")

    # LinkedIn's add-to-profile, filled from the frozen claims (LinkedIn itself is not
    # reached: the browser's request is answered here).
    page.goto(f"{base}/mi-registro/certificados/{folio}/")
    look(page, "holder-certificate")
    asked = []

    def linkedin(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>LinkedIn</title>")

    page.route("https://www.linkedin.com/**", linkedin)
    page.click("#linkedin")
    page.wait_for_url("https://www.linkedin.com/**")
    url = urlsplit(asked[0])
    fields = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert url.path == "/profile/add"
    assert fields["startTask"] == "CERTIFICATION_NAME" and fields["certId"] == folio
    assert fields["certUrl"].endswith(f"/verificar/{folio}/")
    claims = in_db(lambda: Certificate.objects.get(folio=folio).facts)
    assert fields["name"] == f"{claims.standard_code} {claims.standard_title}"
    assert fields["organizationName"] == claims.awarding_body_name
    assert (fields["issueYear"], fields["issueMonth"]) == (
        str(claims.issued_on.year), str(claims.issued_on.month))

    # A share link for 7 days: whoever opens it sees the full name; ended, it says so.
    page.goto(f"{base}/mi-registro/certificados/{folio}/")
    page.select_option("#id_days", "7")
    page.click("form[action$='/compartir/'] button[type=submit]")
    shared = page.input_value("#new-share-link")
    look(page, "holder-share-link")
    stranger = browser.new_context(locale="es-MX").new_page()
    stranger.set_viewport_size(PHONE)
    stranger.goto(shared)
    assert name in stranger.locator("main").inner_text()
    look(stranger, "holder-shared")
    page.click("ul.share-links form button[type=submit]")
    page.wait_for_selector(".messages")
    assert stranger.goto(shared).status == 404

    # RENAP: appear first (the lookup lists them), then opt out (it no longer does).
    def lookup():
        stranger.goto(f"{base}/verificar/persona/")
        stranger.fill("#id_curp", curp)
        stranger.click("main form button[type=submit]")
        stranger.wait_for_load_state()
        return stranger.locator("main").inner_text()

    for choice in ("yes", "no"):
        page.goto(f"{base}/mi-registro/")
        page.check(f"input[name=appear][value={choice}]")
        page.click("form[action$='/mi-registro/renap/'] button[type=submit]")
        page.wait_for_selector(".messages")
        if choice == "yes":
            assert folio in lookup()
    look(page, "holder-renap")
    assert folio not in lookup()

    # A correction of the given names, with the reason.
    page.goto(f"{base}/mi-registro/certificados/{folio}/correccion/")
    corrected = in_db(lambda: Person.objects.get(curp=curp).given_names) + " Guadalupe"
    page.fill("#id_given_names", corrected)
    page.fill("#id_reason", "Mi segundo nombre no aparece.")
    look(page, "holder-correction")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/mi-registro/certificados/{folio}/")

    # The awarding body's reviewer reissues it.
    reviewer = browser.new_context(locale="es-MX").new_page()
    sign_in(reviewer, base, "ece")
    reviewer.goto(f"{base}/correcciones/")
    reviewer.click(f"a[href*='/correcciones/']:has-text('{folio}')")
    reviewer.click("form[action$='/reexpedir/'] button[type=submit]")
    reviewer.locator("#confirm-dialog").wait_for(state="visible")
    reviewer.locator("#confirm-dialog button[value=yes]").click()
    reviewer.wait_for_url(f"{base}/correcciones/")
    new_folio = in_db(lambda: Certificate.objects.get(folio=folio).replaced_by.folio)

    # The holder sees the outcome and the new folio.
    page.goto(f"{base}/mi-registro/")
    assert new_folio in page.locator("main").inner_text()
    look(page, "holder-corrected")
    page.goto(f"{base}/mi-registro/certificados/{new_folio}/")
    assert new_folio in page.locator("main").inner_text()
    assert corrected in in_db(lambda: Certificate.objects.get(folio=new_folio).facts.holder_name)


def a_candidate_without_email():
    """A certified person without e-mail registered at evaluador's centre."""
    centre = Assessor.objects.get(user__username="evaluador").centre
    candidacy = Candidacy.objects.filter(
        centre=centre, person__email="", person__curp__gt="",
        person__certificates__status="valid").select_related("person").order_by("pk").first()
    return candidacy.pk, candidacy.person.curp, candidacy.person.full_name


def test_a_centre_prints_an_access_code_and_the_person_signs_in_with_it(demo, live_server,
                                                                          page, browser):
    base = live_server.url
    page.set_viewport_size(PHONE)
    pk, curp, name = in_db(a_candidate_without_email)

    sign_in(page, base, "evaluador")
    page.goto(f"{base}/candidatos/?q={curp}")
    page.click(f"a[href='/candidatos/{pk}/acceso/']")
    look(page, "centre-holder-access")
    page.click("form:has(input[value=code]) button[type=submit]")
    code = page.inner_text("#access-code")
    look(page, "centre-access-code")

    person = browser.new_context(locale="es-MX").new_page()
    person.set_viewport_size(PHONE)
    person.goto(f"{base}/mi-registro/entrar/")
    person.fill("#code-identity", curp)
    person.fill("#code-code", code)
    person.click("form[action$='/entrar/codigo/'] button[type=submit]")
    person.wait_for_url(f"{base}/mi-registro/")
    assert name in person.locator("main").inner_text()
    look(person, "holder-home-by-code")
