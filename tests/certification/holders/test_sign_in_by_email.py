"""Signing in with a one-time link e-mailed to a confirmed address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from certification.holders.models import EmailConfirmation, SignInLink
from conocer.core.models import AuditEvent

from .conftest import later

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/mi-registro/entrar/([A-Za-z0-9_-]+)/")


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a link as the page does; the e-mail goes once the request has committed."""
    def asking(_client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("holders:sign_in"), {"email": email})
    return asking


def page(response, typed) -> str:
    """The page as a person reads it: without the address they typed and the per-page
    CSRF token."""
    text = response.content.decode().replace(typed, "@")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def link_in(message) -> str:
    return LINK.search(message.body).group(0).split("/", 3)[3]


def test_a_confirmed_address_is_sent_a_link_that_signs_in(client, ask, holder):
    ask(client, "XOCHITL@example.mx")
    assert [m.to for m in mail.outbox] == [["xochitl@example.mx"]]
    path = "/" + link_in(mail.outbox[0])
    assert client.get(path).status_code == 200
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("holders:home")
    assert "Ibáñez" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(client, ask, holder):
    known = ask(client, "xochitl@example.mx")
    unknown = ask(client, "nadie@example.mx")
    assert known.status_code == unknown.status_code == 200
    assert page(known, "xochitl@example.mx") == page(unknown, "nadie@example.mx")
    assert len(mail.outbox) == 1


def test_a_link_works_only_once(client, ask, holder):
    ask(client, "xochitl@example.mx")
    path = "/" + link_in(mail.outbox[0])
    client.post(path)
    client.post(reverse("holders:sign_out"))
    assert client.get(path).status_code == 410
    response = client.post(path, follow=True)
    assert reverse("holders:home") not in [url for url, _status in response.redirect_chain]
    assert client.get(reverse("holders:home")).status_code == 302


def test_a_link_expires_after_the_minutes_it_was_given(client, ask, holder, settings):
    ask(client, "xochitl@example.mx")
    path = "/" + link_in(mail.outbox[0])
    with later(minutes=settings.HOLDER_LINK_MINUTES, seconds=1):
        assert client.get(path).status_code == 410
        client.post(path)
    assert client.get(reverse("holders:home")).status_code == 302
    assert SignInLink.objects.get().used_at is None


def test_only_the_hash_of_a_link_is_stored(client, ask, holder):
    ask(client, "xochitl@example.mx")
    token = LINK.search(mail.outbox[0].body).group(1)
    stored = SignInLink.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_an_unconfirmed_address_is_asked_to_confirm_instead_of_getting_a_link(client, ask, holder):
    EmailConfirmation.objects.all().delete()
    ask(client, "xochitl@example.mx")
    assert SignInLink.objects.count() == 0
    assert "/mi-registro/confirmar-correo/" in mail.outbox[0].body
    assert "Xóchitl" not in mail.outbox[0].body  # a mistyped address learns no name


def test_a_malformed_address_is_a_field_error(client, ask, db):
    response = ask(client, "no es un correo")
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()


def test_asking_for_links_is_rate_limited(client, ask, holder, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "holder_sign_in": "3/min"}}
    statuses = [ask(client, "nadie@example.mx").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_signing_in_by_link_is_audited(client, ask, holder):
    ask(client, "xochitl@example.mx")
    client.post("/" + link_in(mail.outbox[0]))
    events = AuditEvent.objects.filter(target_id=str(holder.pk))
    assert {"holder.sign_in_link_requested", "holder.signed_in"} <= set(
        events.values_list("action", flat=True))
    assert events.get(action="holder.signed_in").data["method"] == "link"


def test_the_session_ends_after_the_idle_minutes(client, ask, holder, settings):
    ask(client, "xochitl@example.mx")
    client.post("/" + link_in(mail.outbox[0]))
    assert client.get(reverse("holders:home")).status_code == 200
    with later(minutes=settings.HOLDER_SESSION_MINUTES, seconds=5):
        assert client.get(reverse("holders:home")).status_code == 302


def test_signing_out_ends_the_session(client, ask, holder):
    ask(client, "xochitl@example.mx")
    client.post("/" + link_in(mail.outbox[0]))
    client.post(reverse("holders:sign_out"))
    assert client.get(reverse("holders:home")).status_code == 302
    assert AuditEvent.objects.filter(action="holder.signed_out").count() == 1


@pytest.mark.parametrize("token", ["x", "ñ" * 30, "a" * 500, "..%2F..", "<script>"])
def test_a_malformed_link_is_answered_as_an_expired_one(client, db, token):
    assert client.get(reverse("holders:open_link", args=[token])).status_code == 410
    assert client.post(reverse("holders:open_link", args=[token])).status_code == 410
    assert client.get(reverse("holders:confirm_email", args=[token])).status_code == 410
    assert client.get(reverse("holders:shared", args=[token])).status_code == 404


def test_an_address_longer_than_any_is_a_field_error(client, ask, db):
    response = ask(client, "a" * 300 + "@example.mx")
    assert response.status_code == 400
