"""The key pages in a real browser under the Content-Security-Policy, on the demo data:
the browser refuses nothing on any of them (no "violates the following Content Security
Policy directive" in the console, no securitypolicyviolation event), and what runs on
them still works: the language switcher, the judgements' autosave, Swagger UI trying an
operation, the admin's search and sidebar."""

import pytest

from certification.assessment.models import Assessment
from certification.issuance.models import Certificate
from tests.e2e.conftest import in_db, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, and every refusal the browser reports on it, across navigations."""
    refused = []
    page.context.expose_binding(
        "reportViolation", lambda source, text: refused.append(f"{source['frame'].url}: {text}"))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None)
    return page, refused


def visit(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["permissions-policy"]


def test_key_pages_run_under_the_policy_with_nothing_refused(demo, live_server, watched):
    page, refused = watched
    base = live_server.url
    certificate = in_db(lambda: Certificate.objects.filter(
        status="valid", awarding_body__acronym="CONALEP").first())
    draft = in_db(lambda: Assessment.objects.filter(
        status="draft", assessor__user__username="evaluador").first())

    for path in ("/", "/estandares/", "/estandares/EC0076/", "/organismos/", "/verificar/",
                 f"/verificar/{certificate.folio}/", "/cuenta/entrar/"):
        visit(page, base + path)

    # The language switcher turns the site to English.
    visit(page, base + "/")
    page.select_option("#language", "en")
    page.click("form.lang-form button[type=submit]")
    page.wait_for_selector("html[lang=en]")
    page.select_option("#language", "es")
    page.click("form.lang-form button[type=submit]")
    page.wait_for_selector("html[lang=es]")

    # Swagger UI starts from its own script and tries an operation against the API.
    visit(page, base + "/api/v1/docs/")
    page.click("#operations-standards-standards_list .opblock-summary")
    page.click("#operations-standards-standards_list .try-out__btn")
    page.click("#operations-standards-standards_list .execute")
    page.locator("#operations-standards-standards_list .live-responses-table "
                 ".response-col_status").filter(has_text="200").wait_for()

    # The assessor's judgements are saved by the page's script as they are clicked.
    sign_in(page, base, "evaluador")
    visit(page, f"{base}/evaluaciones/{draft.pk}/")
    criterion = page.locator("fieldset[data-autosave]").first
    criterion.locator("input[type=radio]:not(:checked)").first.check()
    criterion.locator(".autosave-status").filter(has_text="✔").wait_for()
    sign_out(page)

    sign_in(page, base, "ece")
    visit(page, f"{base}/certificados/{certificate.folio}/")
    visit(page, f"{base}/solicitudes/")
    sign_out(page)

    # The admin: a change list searched, a record, the sidebar folded by its script.
    sign_in(page, base, "admin")
    visit(page, base + "/admin/standards/standard/")
    page.fill("#searchbar", "EC0076")
    page.click("#changelist-search input[type=submit]")
    page.wait_for_url("**q=EC0076**")
    page.click("#result_list tbody a >> nth=0")
    page.wait_for_url(lambda url: "/change/" in url)
    assert "EC0076" in page.content()
    visit(page, base + "/admin/core/auditevent/")
    sidebar = page.locator("#main")
    shifted = "shifted" in (sidebar.get_attribute("class") or "")
    page.click("#toggle-nav-sidebar")
    page.wait_for_function("(was) => document.querySelector('#main').classList"
                           ".contains('shifted') !== was", arg=shifted)

    assert refused == []


def test_the_watch_catches_what_the_policy_refuses(live_server, watched):
    """The site's own policy on a page with inline code: the refusals are seen."""
    page, refused = watched
    policy = {}
    page.route(f"{live_server.url}/inline/", lambda route: route.fulfill(
        status=200, content_type="text/html", headers={"Content-Security-Policy": policy["csp"]},
        body="<p style='color:red'>x</p><script>document.title = 'ran'</script>"))
    policy["csp"] = page.request.get(live_server.url + "/").headers["content-security-policy"]
    page.goto(f"{live_server.url}/inline/")
    page.wait_for_timeout(300)
    assert page.title() != "ran"
    assert len(refused) >= 2
