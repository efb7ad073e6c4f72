"""A signed-in session ends after 30 minutes without a request and 12 hours after signing
in; the person is sent to sign in again and comes back to the same page, and a form
posted into an ended session is not acted on but is offered again."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from conocer.accounts import sessions
from conocer.core.clock import travel_to

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/solicitudes/"


@pytest.fixture
def signed_in(client, reviewer):
    client.post(reverse("login"), {"username": reviewer.username, "password": PASSWORD})
    assert SESSION_KEY in client.session
    return client


def later(**delta):
    return travel_to(timezone.now() + datetime.timedelta(**delta))


def test_the_limits_in_force_are_30_minutes_idle_and_12_hours(settings):
    assert settings.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    assert settings.SESSION_ABSOLUTE_LIMIT.total_seconds() == 12 * 3600
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_29_minutes_without_a_request_keep_the_session(signed_in):
    with later(minutes=29):
        assert signed_in.get(PAGE).status_code == 200


def test_31_minutes_without_a_request_end_it_and_keep_the_way_back(signed_in):
    with later(minutes=31):
        response = signed_in.get(PAGE + "?status=submitted")

    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/solicitudes/%3Fstatus%3Dsubmitted"
    assert SESSION_KEY not in signed_in.session


def test_the_sign_in_page_says_why(signed_in):
    with later(minutes=31):
        response = signed_in.get(PAGE, follow=True)

    assert "after 30 minutes without activity" in response.content.decode()


def test_activity_keeps_the_session_past_30_minutes(signed_in):
    for minutes in (20, 40, 60):
        with later(minutes=minutes):
            assert signed_in.get(PAGE).status_code == 200


def test_the_session_ends_12_hours_after_signing_in_however_active(signed_in):
    for minutes in range(20, 12 * 60, 20):
        with later(minutes=minutes):
            assert signed_in.get(PAGE).status_code == 200, minutes

    with later(hours=12, minutes=1):
        response = signed_in.get(PAGE)

    assert response.status_code == 302
    assert SESSION_KEY not in signed_in.session


def test_a_form_posted_after_the_end_is_not_acted_on_and_is_offered_again(signed_in, reviewer):
    with later(minutes=31):
        response = signed_in.post("/solicitudes/aprobar/", {"requests": ["1"]},
                                  HTTP_REFERER="http://testserver/solicitudes/")

    assert response.url == reverse("login") + "?next=/solicitudes/"
    assert signed_in.session[sessions.RESTORE_DRAFTS] == "/solicitudes/"
    with later(minutes=32):
        signed_in.post(reverse("login"), {"username": reviewer.username, "password": PASSWORD})
        page = signed_in.get("/solicitudes/").content.decode()
    assert "data-restore-drafts" in page
    assert 'id="drafts-restored"' in page


def test_a_script_is_told_in_json_that_the_session_ended(signed_in):
    with later(minutes=31):
        response = signed_in.post(PAGE, HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert "Sign in again" in response.json()["error"]


def test_the_page_carries_the_countdown_for_its_warning(signed_in):
    page = signed_in.get(PAGE).content.decode()

    assert 'data-session-idle="1800"' in page
    assert 'id="session-warning"' in page


def test_stay_signed_in_renews_the_session(signed_in):
    with later(minutes=25):
        assert signed_in.post(reverse("accounts:keepalive"),
                              HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 204
    with later(minutes=50):
        assert signed_in.get(PAGE).status_code == 200


def test_signing_out_of_an_ended_session_just_signs_out(signed_in):
    with later(minutes=31):
        response = signed_in.post(reverse("logout"))

    assert response.status_code == 302 and not response.url.startswith(reverse("login"))
    assert sessions.RESTORE_DRAFTS not in signed_in.session
