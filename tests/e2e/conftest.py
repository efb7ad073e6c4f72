"""Browser tests: headless Debian Chromium driven by Playwright (never a downloaded
browser). Skipped when /usr/bin/chromium is absent; CI installs it."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def sync_orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    make between browser steps are plain synchronous code."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """Per test: Playwright's event loop must not outlive the test (the ORM in later
    tests refuses to run beside a running loop)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings, demo_snapshot):
    """The demo data, as `make run` loads it: loaded once per run, then put back as it was
    for each test (tests/demo.py)."""
    from tests.demo import FAST_HASHER

    settings.PASSWORD_HASHERS = [FAST_HASHER]
    settings.MEDIA_ROOT = str(demo_snapshot.media_root)
    demo_snapshot.restore()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-MX", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def in_db(query):
    """Run an ORM query while Playwright's loop runs: in its own thread, whose connection
    is closed at once (in this thread Django would open a connection per async context
    and leave it open, blocking the test database's teardown)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def sign_in(page, base, username, password="conocer-demo"):
    page.goto(f"{base}/cuenta/entrar/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/cuenta/entrar/" not in url)


def sign_out(page):
    menu = page.locator("header details.site-menu > summary")
    if menu.is_visible() and not page.locator("header details.site-menu[open]").count():
        menu.click()  # at phone width the sign-out button is inside the menu
    page.click("header form[action$='/cuenta/salir/'] button")
