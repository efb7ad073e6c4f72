"""Each demo role reaches its dashboard from its landing page (/panel/), which fits a
390 px phone and passes axe, in Spanish and in English; its CSV downloads."""

import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.look import DESKTOP, PHONE, look, require_axe

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = [("ece", "/tableros/organismo/"), ("evaluador", "/tableros/centro/"),
         ("comite", "/tableros/comite/"), ("presidencia", "/tableros/comite/"),
         ("admin", "/tableros/conocer/")]


@pytest.mark.parametrize(("username", "path"), ROLES)
def test_each_role_opens_its_dashboard_from_the_panel(demo, live_server, browser, username,
                                                      path):
    require_axe()
    context = browser.new_context(locale="es-MX", viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, username)
    page.goto(f"{live_server.url}/panel/")
    page.locator(f"a[href^='{path}']").first.click()
    page.wait_for_url(f"**{path}**")
    for width in (DESKTOP, PHONE):
        page.set_viewport_size(width)
        look(page, f"dashboard-{username}")
    with page.expect_download() as download:
        page.locator("a[download]").first.click()
    assert download.value.suggested_filename.endswith(".csv")
    page.goto(page.url.split("?")[0] + "?start=2026-02-30")
    assert page.locator(".field-error").count() == 1
    look(page, f"dashboard-{username}-bad-period")
    context.close()


def test_a_dashboard_in_english_fits_a_phone(demo, live_server, browser):
    require_axe()
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/tableros/conocer/?start=2015-01-01")
    assert page.locator("html").get_attribute("lang") == "en"
    look(page, "dashboard-conocer-english")
    context.close()
