"""“Notify me when this standard changes”: double opt-in, one-click unsubscribe, the same
answer for any address, and the notices (withdrawal, new version, upcoming expiry) to
subscribers and holders."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from certification.issuance.services import notifications
from conocer.core.roles import ensure_conocer_group
from standards import services, subscriptions
from standards.models import Standard, StandardNotice, StandardSubscription
from tests.factories import CertificateFactory, PersonFactory, StandardFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard():
    return StandardFactory(code="EC0435", title="Prestación de servicios de cuidado")


@pytest.fixture
def conocer():
    user = UserFactory(username="conocer")
    user.groups.add(ensure_conocer_group())
    return user


def link_in(message, name):
    path = reverse(name, args=["TOKEN"]).replace("TOKEN/", "")
    return re.search(re.escape(path) + r"[^/\s]+/", message.body).group(0)


def ask(client, standard, email="ana@example.mx"):
    return client.post(reverse("standards:subscribe", args=[standard.code]), {"email": email})


def subscribed(client, standard, email="ana@example.mx", *, capture):
    with capture(execute=True):
        ask(client, standard, email)
    client.get(link_in(mail.outbox[-1], "standards:confirm_subscription"))
    return StandardSubscription.objects.get(email=email)


def withdraw(standard, conocer, capture):
    with capture(execute=True):
        services.transition(actor=conocer, standard=standard, name="withdraw",
                            reason="Ya no responde al sector.")


def test_a_subscription_needs_its_confirmation_link(client, standard,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, standard)
    subscription = StandardSubscription.objects.get()
    assert subscription.confirmed_at is None
    assert mail.outbox[0].to == ["ana@example.mx"]
    client.get(link_in(mail.outbox[0], "standards:confirm_subscription"))
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_an_unconfirmed_address_receives_no_notice(client, standard, conocer,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, standard)
    mail.outbox.clear()
    withdraw(standard, conocer, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_stored_token_is_a_hash_not_the_link(client, standard,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, standard)
    token = link_in(mail.outbox[0], "standards:confirm_subscription").rstrip("/").rsplit(
        "/", 1)[-1]
    assert StandardSubscription.objects.get().token_hash not in (token, "")
    assert token not in StandardSubscription.objects.get().token_hash


def test_a_known_and_an_unknown_address_get_the_same_answer(client, standard,
                                                            django_capture_on_commit_callbacks):
    subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    client.get(reverse("standards:catalogue"))  # shows what was pending
    known = client.post(reverse("standards:subscribe", args=[standard.code]),
                        {"email": "ana@example.mx"}, follow=True)
    unknown = client.post(reverse("standards:subscribe", args=[standard.code]),
                          {"email": "otra@example.mx"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [
        str(m) for m in unknown.context["messages"]]
    assert len(list(unknown.context["messages"])) == 1


def test_a_bad_address_gets_a_field_error(client, standard):
    response = ask(client, standard, "no-es-correo")
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not StandardSubscription.objects.exists()


def test_the_subscribe_form_is_throttled(client, standard, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "standard_subscribe": "2/hour"}}
    answers = [ask(client, standard, f"p{n}@example.mx").status_code for n in range(3)]
    assert answers == [302, 302, 429]


def test_the_standard_page_offers_the_form(client, standard):
    page = client.get(reverse("standards:detail", args=[standard.code])).content.decode()
    assert reverse("standards:subscribe", args=[standard.code]) in page


def test_a_withdrawal_reaches_confirmed_subscribers_with_unsubscribe_headers(
        client, standard, conocer, django_capture_on_commit_callbacks):
    subscription = subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    withdraw(standard, conocer, django_capture_on_commit_callbacks)
    [notice] = mail.outbox
    # The link carries a timestamped signature: made again here a second later, it would
    # differ; the notice's own link must be in its body and unsubscribe this subscriber.
    link = notice.extra_headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")
    assert "Ya no responde al sector." in notice.body
    assert link in notice.body
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.get(urlsplit(link).path)
    assert not StandardSubscription.objects.filter(pk=subscription.pk).exists()


def test_one_click_unsubscribes(client, standard, django_capture_on_commit_callbacks):
    subscription = subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    response = client.get(subscriptions.unsubscribe_url(subscription))
    assert response.status_code == 200
    assert not StandardSubscription.objects.exists()


def test_a_mail_programs_one_click_post_unsubscribes_without_a_csrf_token(
        client, standard, django_capture_on_commit_callbacks):
    subscription = subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(subscriptions.unsubscribe_url(subscription),
                                 {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not StandardSubscription.objects.exists()


def test_a_forged_unsubscribe_link_changes_nothing(client, standard,
                                                   django_capture_on_commit_callbacks):
    subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    response = client.get(reverse("standards:unsubscribe", args=["1:forged"]))
    assert response.status_code == 400
    assert StandardSubscription.objects.exists()


def test_holders_of_the_standard_hear_of_it_unless_they_turned_it_off(
        standard, conocer, django_capture_on_commit_callbacks):
    kept = PersonFactory(email="sigue@example.mx")
    left = PersonFactory(email="baja@example.mx")
    CertificateFactory(holder=kept, standard=standard)
    CertificateFactory(holder=left, standard=standard)
    CertificateFactory(holder=PersonFactory(email=""), standard=standard)
    notifications.set_holder_subscription(person=left, standard_id=standard.pk,
                                          subscribed=False)
    withdraw(standard, conocer, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["sigue@example.mx"]]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_a_holders_unsubscribe_link_turns_their_notices_off(client, standard):
    holder = PersonFactory(email="sigue@example.mx")
    CertificateFactory(holder=holder, standard=standard)
    client.get(notifications.holder_unsubscribe_url(holder.pk, standard.pk))
    assert notifications.holder_notice_recipients(standard) == []


def test_a_new_version_is_announced_to_the_old_ones_subscribers(
        client, standard, conocer, django_capture_on_commit_callbacks):
    subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    newer = StandardFactory(code="EC0435.01", status=Standard.Status.APPROVED,
                            supersedes=standard, dof_published_on=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=conocer, standard=newer, name="publish",
                            dof_published_on=datetime.date(2026, 6, 1), equivalent=False)
    [notice] = mail.outbox
    assert "EC0435.01" in notice.subject


def test_an_upcoming_expiry_is_announced_once(client, standard,
                                              django_capture_on_commit_callbacks):
    subscribed(client, standard, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    today = standard.valid_until - datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert subscriptions.announce_upcoming_expiries(today=today) == [standard.code]
        assert subscriptions.announce_upcoming_expiries(today=today) == []
    assert len(mail.outbox) == 1
    assert StandardNotice.objects.get().kind == "expiring"
