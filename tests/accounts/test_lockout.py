"""Signing in is refused after repeated failures, per username and per address, on each
way in: the site's sign-in page, the admin's and the API's basic auth."""

import base64
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # settings.AXES_FAILURE_LIMIT
MESSAGE = "Too many failed sign-in attempts"


def sign_in(client, username, password, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def fail(client, username, times, url=None):
    return [sign_in(client, username, "not-the-password", url) for _ in range(times)]


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_the_limit_in_force_is_five_failures(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT


def test_the_fifth_wrong_password_on_the_sign_in_page_locks_the_account(client, user):
    responses = fail(client, user.username, LIMIT)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    assert MESSAGE in responses[-1].content.decode()


def test_a_locked_account_is_refused_even_with_the_right_password(client, user):
    fail(client, user.username, LIMIT)

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_still_let_the_right_password_in(client, user):
    fail(client, user.username, LIMIT - 1)

    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lockout_page_is_the_same_whether_the_account_exists_or_not(user):
    def lockout_page(username, address):
        client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
        page = fail(client, username, LIMIT)[-1].content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    existing, missing = lockout_page(user.username, "10.0.0.1"), lockout_page("nobody", "10.0.0.2")

    assert existing == missing
    assert user.username not in existing


def test_failures_from_one_address_lock_it_for_every_username(client, user):
    for n in range(LIMIT):
        sign_in(client, f"guess{n}", "not-the-password")

    assert sign_in(client, user.username, PASSWORD).status_code == 429
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.9.8.7")
    assert sign_in(elsewhere, user.username, PASSWORD).status_code == 302


def test_failures_for_one_username_lock_it_from_every_address(user):
    for n in range(LIMIT):
        sign_in(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), user.username, "not-the-password")

    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.0.1.1")
    assert sign_in(elsewhere, user.username, PASSWORD).status_code == 429


def test_the_admin_sign_in_locks_after_five_failures(client, user):
    user.is_staff = True
    user.save()
    url = reverse("admin:login")

    responses = fail(client, user.username, LIMIT, url)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    assert MESSAGE in responses[-1].content.decode()
    assert sign_in(client, user.username, PASSWORD, url).status_code == 429


def test_api_basic_auth_locks_after_five_failures(client, user):
    # The public endpoints do not read an Authorization header at all; the API root does.
    url = reverse("api:api-root")

    responses = [client.get(url, **basic(user.username, "wrong")) for _ in range(LIMIT)]

    assert all(r.status_code in (401, 403) for r in responses[:-1])
    assert responses[-1].status_code == 429
    assert MESSAGE in responses[-1].json()["detail"]
    assert responses[-1]["Retry-After"] == "900"
    assert client.get(url, **basic(user.username, PASSWORD)).status_code == 429


def test_api_basic_auth_failures_count_towards_the_sign_in_page(client, user):
    url = reverse("api:api-root")
    for _ in range(LIMIT - 1):
        client.get(url, **basic(user.username, "wrong"))

    assert sign_in(client, user.username, "wrong").status_code == 429


def test_an_administrator_unlocks_an_account_with_the_reset_command(client, user):
    fail(client, user.username, LIMIT)

    call_command("axes_reset_username", user.username)

    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, user, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    fail(client, user.username, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 1.1)

    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_count(client, user):
    for n in range(LIMIT):
        client.post(reverse("login"), {"username": f"guess{n}", "password": "x"},
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert sign_in(client, user.username, PASSWORD).status_code == 429
