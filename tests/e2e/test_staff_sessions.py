"""Staff sessions in a real browser: a form sent after the session ended for inactivity
is not lost (the person signs in again and finds what they typed), and two-step
verification can be enrolled from the page with the app's code."""

import pytest
from django.contrib.sessions.models import Session

from bodies.models import Membership
from conocer.accounts import sessions
from tests.e2e.conftest import in_db, sign_in
from tests.factories import AssessmentCentreFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "una-clave-larga-1"


@pytest.fixture
def assessor(transactional_db):
    return member_of(Membership.Role.ASSESSOR, username="evaluadora",
                     centre=AssessmentCentreFactory())


def end_every_session_for_inactivity():
    for row in Session.objects.all():
        data = row.get_decoded()
        data[sessions.ACTIVE_AT] -= 31 * 60
        Session.objects.save(row.session_key, data, row.expire_date)


def test_a_form_sent_after_the_session_ended_comes_back_filled_in(assessor, live_server, page):
    base = live_server.url
    sign_in(page, base, "evaluadora", PASSWORD)
    page.goto(f"{base}/candidatos/nuevo/")
    page.fill("#id_given_names", "Xóchitl")
    page.fill("#id_first_surname", "Ibáñez")
    page.check("#id_privacy_consent")

    in_db(end_every_session_for_inactivity)
    page.click("main form button[type=submit]")

    page.wait_for_url("**/cuenta/entrar/?next=/candidatos/nuevo/")
    page.fill("#id_username", "evaluadora")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/candidatos/nuevo/")
    assert page.input_value("#id_given_names") == "Xóchitl"
    assert page.input_value("#id_first_surname") == "Ibáñez"
    assert page.is_checked("#id_privacy_consent")
    assert page.locator("#drafts-restored").is_visible()


def test_a_form_sent_in_a_live_session_leaves_nothing_behind(assessor, live_server, page):
    base = live_server.url
    sign_in(page, base, "evaluadora", PASSWORD)
    page.goto(f"{base}/candidatos/nuevo/")
    page.fill("#id_given_names", "Xóchitl")
    page.click("main form button[type=submit]")  # refused: fields missing

    page.goto(f"{base}/")

    assert page.evaluate("sessionStorage.length") == 0


def test_two_step_verification_is_enrolled_from_the_page(assessor, live_server, page):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    base = live_server.url
    sign_in(page, base, "evaluadora", PASSWORD)
    page.goto(f"{base}/cuenta/dos-pasos/")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cuenta/dos-pasos/confirmar/**")
    assert page.locator("main figure svg").is_visible()

    key = in_db(lambda: TOTPDevice.objects.get(user__username="evaluadora").bin_key)
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("main form button[type=submit]")

    assert page.locator("ol.recovery-codes li").count() == 10
    assert in_db(lambda: TOTPDevice.objects.get(user__username="evaluadora").confirmed)


def test_the_page_warns_before_the_session_ends_and_can_renew_it(assessor, live_server, page,
                                                                 settings):
    import datetime

    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(seconds=125)  # warns at 120 s left
    base = live_server.url
    sign_in(page, base, "evaluadora", PASSWORD)
    page.goto(f"{base}/candidatos/nuevo/")
    warning = page.locator("#session-warning")
    warning.wait_for(state="visible", timeout=20_000)

    warning.locator("button").click()

    warning.wait_for(state="hidden", timeout=10_000)
