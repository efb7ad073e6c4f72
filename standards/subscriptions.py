"""“Notify me when this standard changes”: subscriptions by e-mail with double opt-in,
one-click unsubscribe, and the notices (a new version published, an expiry upcoming, a
withdrawal).

Anyone may subscribe with an e-mail address: the registry stores the address unconfirmed
and sends a link; only once it is opened does the address receive notices. Asking again
gets the same answer whether the address was unknown, waiting for confirmation or
confirmed (a confirmed address is told so by e-mail, not on the page), so the form does
not reveal who is subscribed. Every notice carries an unsubscribe link, also in the
`List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058), which mail programs
open with one click.

Holders of valid certificates in a standard hear of it too, unless they turned it off:
the app that issues certificates answers `hooks.standard_notice_recipients`.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import ServiceError
from conocer.core.tasks import enqueue_after_commit
from conocer.core.tokens import new_token, token_hash

from . import hooks
from .models import Standard, StandardNotice, StandardSubscription

logger = logging.getLogger(__name__)

CONFIRMATION_DAYS = 7
EXPIRY_NOTICE_DAYS = 30
UNSUBSCRIBE_SALT = "standards.unsubscribe"
Kind = StandardNotice.Kind
SUBSCRIBABLE = (Standard.Status.PUBLISHED, Standard.Status.EXPIRED)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(subscription: StandardSubscription) -> str:
    token = signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("standards:unsubscribe", args=[token]))


def unsubscribable_message(*, to: str, subject: str, body: str,
                           unsubscribe: str) -> EmailMessage:
    """A message that says, in its last line and in its headers, how to stop them."""
    footer = _("To stop receiving these messages, open this link: %(url)s") % {
        "url": unsubscribe}
    return EmailMessage(subject=subject, body=f"{body}\n\n--\n{footer}\n", to=[to],
                                        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def _send(messages: list[EmailMessage]) -> int:
    """Send, logging (not raising) a mail server that refuses: what was committed stays."""
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except OSError as error:  # SMTP refused, unreachable, timed out
        logger.warning("Could not send %s message(s): %s", len(messages), error)
        return 0


# Subscribing --------------------------------------------------------------------------

@transaction.atomic
def subscribe(*, email: str, standard: Standard) -> None:
    """Ask for notices about a standard. The answer is the same whatever the registry
    knew of the address: a message goes to it either way (a link to confirm, or a note
    that it is subscribed already)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if standard.status not in SUBSCRIBABLE:
        raise ServiceError(_("Notices are sent only for standards in the public catalogue."))
    subscription = StandardSubscription.objects.select_for_update().filter(
        email=email, standard=standard).first()
    if subscription is not None and subscription.confirmed_at is not None:
        record_event(actor=None, action="standard.subscription_repeated", target=standard)
        transaction.on_commit(lambda: _send([_already_subscribed(subscription)]))
        return
    token, hashed = new_token()
    if subscription is None:
        subscription = StandardSubscription(email=email, standard=standard)
    subscription.token_hash, subscription.created_at = hashed, clock.now()
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError:  # the same address asked at the same moment: one row is enough
        return
    record_event(actor=None, action="standard.subscription_requested", target=standard)
    transaction.on_commit(lambda: _send([_confirmation(subscription, token)]))


def _confirmation(subscription, token) -> EmailMessage:
    standard = subscription.standard
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute(reverse("standards:confirm_subscription", args=[token]))
        return EmailMessage(
            subject=_("Confirm the notices about %(code)s") % {"code": standard.code},
            body=_("Someone, probably you, asked the National Registry of Competences to "
                   "tell this address when the standard %(code)s %(title)s changes (a new "
                   "version, an upcoming expiry or its withdrawal).\n\nTo confirm, open "
                   "this link within %(days)s days:\n%(link)s\n\nIf it was not you, ignore "
                   "this message: nothing will be sent.") % {
                "code": standard.code, "title": standard.title, "link": link,
                "days": CONFIRMATION_DAYS},
            to=[subscription.email])


def _already_subscribed(subscription) -> EmailMessage:
    standard = subscription.standard
    with translation.override(settings.LANGUAGE_CODE):
        return unsubscribable_message(
            to=subscription.email,
            subject=_("You already receive the notices about %(code)s") % {
                "code": standard.code},
            body=_("Someone, probably you, asked again for the notices about %(code)s "
                   "%(title)s. This address already receives them; nothing changed.") % {
                "code": standard.code, "title": standard.title},
            unsubscribe=unsubscribe_url(subscription))


@transaction.atomic
def confirm(*, token: str) -> StandardSubscription:
    """Open the confirmation link: from now on the address receives the notices."""
    subscription = StandardSubscription.objects.select_for_update().select_related(
        "standard").filter(token_hash=token_hash(token or "")).first()
    if subscription is None:
        raise ServiceError(_("This confirmation link is not valid (it may have been "
                             "replaced by a newer one). Ask for the notices again."))
    if subscription.confirmed_at is None:
        if subscription.created_at < clock.now() - datetime.timedelta(days=CONFIRMATION_DAYS):
            raise ServiceError(_("This confirmation link has expired. Ask for the notices "
                                 "again."))
        subscription.confirmed_at = clock.now()
        subscription.save(update_fields=["confirmed_at"])
        record_event(actor=None, action="standard.subscription_confirmed",
                     target=subscription.standard)
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> Standard | None:
    """Stop the notices (the link in every notice). Opening it twice is harmless; returns
    the standard, or None when the subscription was already gone."""
    try:
        pk = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ServiceError(_("This unsubscribe link is not valid.")) from None
    subscription = StandardSubscription.objects.select_for_update().select_related(
        "standard").filter(pk=pk).first()
    if subscription is None:
        return None
    standard = subscription.standard
    subscription.delete()
    record_event(actor=None, action="standard.unsubscribed", target=standard)
    return standard


# Notices ------------------------------------------------------------------------------

def announce(*, standard: Standard, kind: str) -> StandardNotice | None:
    """Record that subscribers must hear of this change and send it after commit (once per
    standard and kind: a second call does nothing). Runs inside the change's transaction."""
    with transaction.atomic():
        notice, created = StandardNotice.objects.get_or_create(
            standard=standard, kind=kind, defaults={"created_at": clock.now()})
    if not created:
        return None
    enqueue_after_commit("standards.send_standard_notice", notice.pk)
    return notice


def announce_upcoming_expiries(*, today: datetime.date | None = None) -> list[str]:
    """Daily: published standards whose validity ends within EXPIRY_NOTICE_DAYS are
    announced (once). Returns their codes."""
    today = today or clock.today()
    announced = []
    for standard in Standard.objects.filter(
            status=Standard.Status.PUBLISHED, valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    ).exclude(notices__kind=StandardNotice.Kind.EXPIRING):
        with transaction.atomic():
            if announce(standard=standard, kind=StandardNotice.Kind.EXPIRING):
                announced.append(standard.code)
    return announced


def recipients(standard: Standard) -> dict[str, str]:
    """{address: its unsubscribe link}: confirmed subscribers, then whoever the apps above
    add (holders of the standard's certificates); one message per address."""
    found = {s.email.lower(): unsubscribe_url(s) for s in StandardSubscription.objects.filter(
        standard=standard, confirmed_at__isnull=False).order_by("pk")}
    for provider in hooks.standard_notice_recipients:
        for email, link in provider(standard):
            found.setdefault(email.lower(), link)
    return found


def _notice_text(notice: StandardNotice) -> tuple[str, str]:
    standard = notice.standard
    names = {"code": standard.code, "title": standard.title,
             "url": absolute(reverse("standards:detail", args=[standard.code]))}
    if notice.kind == StandardNotice.Kind.NEW_VERSION:
        newer = Standard.objects.filter(supersedes=standard).first()
        names |= {"new": newer.code if newer else "",
                  "new_url": absolute(reverse("standards:detail", args=[newer.code]))
                  if newer else names["url"]}
        return (_("%(code)s has a new version: %(new)s") % names,
                _("The standard %(code)s %(title)s has been replaced by its new version "
                  "%(new)s:\n%(new_url)s\n\nCertificates already issued in %(code)s stay "
                  "as they are.") % names)
    if notice.kind == StandardNotice.Kind.EXPIRING:
        names["date"] = standard.valid_until.strftime("%d/%m/%Y")
        return (_("%(code)s expires on %(date)s") % names,
                _("The standard %(code)s %(title)s expires on %(date)s; after that date "
                  "no one can be assessed or certified in it. Certificates already issued "
                  "stay as they are.\n\n%(url)s") % names)
    names["reason"] = standard.withdrawn_reason
    return (_("%(code)s was withdrawn") % names,
            _("The standard %(code)s %(title)s was withdrawn: no one can be assessed or "
              "certified in it any more. Reason: %(reason)s\n\nCertificates already issued "
              "stay valid.\n\n%(url)s") % names)


def send_notice(*, notice_id: int) -> int:
    """Send a notice to every recipient (the task's work). Safe to run again: a notice
    already sent is not sent twice. Returns how many messages went out."""
    with transaction.atomic():
        notice = StandardNotice.objects.select_for_update().select_related("standard").get(
            pk=notice_id)
        if notice.sent_at is not None:
            return 0
        notice.sent_at = clock.now()
        notice.save(update_fields=["sent_at"])
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _notice_text(notice)
        messages = [unsubscribable_message(to=email, subject=subject, body=body,
                                           unsubscribe=link)
                    for email, link in recipients(notice.standard).items()]
    sent = _send(messages)
    StandardNotice.objects.filter(pk=notice.pk).update(recipients=sent)
    record_event(actor=None, action="standard.notice_sent", target=notice.standard,
                 kind=notice.kind, recipients=sent)
    return sent
