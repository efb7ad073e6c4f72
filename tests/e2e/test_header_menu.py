"""The header at phone width with JavaScript turned off: the menu is a disclosure that
opens on its own, and in it a signed-in person reaches the language switcher and signs
out; a visitor sees "Iniciar sesión" without opening anything. With JavaScript the menu
also closes with Escape (static/js/menu.js)."""

import pytest

from tests.e2e.conftest import in_db
from tests.e2e.look import PHONE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_without_scripts(browser):
    context = browser.new_context(locale="es-MX", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_signed_in_person_opens_the_menu_and_signs_out_without_javascript(
        transactional_db, live_server, phone_without_scripts):
    page, base = phone_without_scripts, live_server.url
    in_db(lambda: UserFactory(username="lucia"))
    page.goto(f"{base}/cuenta/entrar/")
    page.fill("#id_username", "lucia")
    page.fill("#id_password", "una-clave-larga-1")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/cuenta/entrar/" not in url)

    sign_out = page.get_by_role("button", name="Cerrar sesión (lucia)")
    assert not sign_out.is_visible()
    page.click("header summary")
    assert page.locator("#language").is_visible()
    sign_out.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Iniciar sesión").is_visible()


def test_the_language_switcher_in_the_menu_works_without_javascript(
        transactional_db, live_server, phone_without_scripts):
    page, base = phone_without_scripts, live_server.url
    page.goto(f"{base}/")
    page.click("header summary")
    page.select_option("#language", "en")
    page.click("form.lang-form button[type=submit]")
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_a_visitor_sees_sign_in_on_a_phone_without_opening_the_menu(
        transactional_db, live_server, phone_without_scripts):
    page = phone_without_scripts
    page.goto(f"{live_server.url}/")
    sign_in = page.get_by_role("link", name="Iniciar sesión")
    assert sign_in.is_visible()
    box = sign_in.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 24
    assert not page.get_by_role("link", name="Estándares", exact=True).is_visible()


def test_with_javascript_the_menu_closes_with_escape_and_gives_focus_back(
        transactional_db, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.click("header summary")
    assert page.locator("#language").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#language").is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
