"""What holders hear by e-mail: notices about the standards they hold certificates in
(on by default; each holder may turn them off per standard), and renewal reminders
before a certificate's validity ends (90 and 30 days before, once each), with where to
be certified again.

The notices themselves are standards' (standards/subscriptions.py); this module answers
its hook with the holders who receive them.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bodies import selectors as bodies_selectors
from certification.assessment.models import Person
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import ServiceError
from standards.models import Standard
from standards.subscriptions import absolute, unsubscribable_message

from ..models import Certificate, HolderNoticeOptOut, RenewalReminder

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "issuance.holder_notices"
REMINDER_DAYS = (90, 30)  # before the last valid day; the nearest one due is sent
CENTRES_IN_REMINDER = 5


@transaction.atomic
def set_holder_subscription(*, person, standard_id: int, subscribed: bool) -> bool:
    """Turn on or off the notices about a standard the person holds a valid certificate
    in (the caller has signed the person in). Returns whether anything changed."""
    if not Certificate.objects.filter(holder=person, standard_id=standard_id,
                                      status=Certificate.Status.VALID).exists():
        raise ServiceError(_("You hold no valid certificate in this standard."))
    if subscribed:
        changed = bool(HolderNoticeOptOut.objects.filter(
            person=person, standard_id=standard_id).delete()[0])
    else:
        try:
            with transaction.atomic():
                _row, changed = HolderNoticeOptOut.objects.get_or_create(
                    person=person, standard_id=standard_id)
        except IntegrityError:  # turned off at the same moment elsewhere
            changed = False
    if changed:
        record_event(actor=None, action="holder.notices_turned_on" if subscribed
                     else "holder.notices_turned_off", target=person, standard=standard_id)
    return changed


def holder_unsubscribe_url(person_id: int, standard_id: int) -> str:
    token = signing.dumps([person_id, standard_id], salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("issuance:holder_unsubscribe", args=[token]))


def unsubscribe_holder(*, token: str) -> Standard:
    """The link in a holder's notice: turn off the notices about that standard."""
    try:
        person_id, standard_id = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise ServiceError(_("This unsubscribe link is not valid.")) from None
    person = Person.objects.get(pk=person_id)
    standard = Standard.objects.get(pk=standard_id)
    with transaction.atomic():
        _row, created = HolderNoticeOptOut.objects.get_or_create(person=person,
                                                                 standard=standard)
        if created:
            record_event(actor=None, action="holder.notices_turned_off", target=person,
                         standard=standard.pk, by="unsubscribe link")
    return standard


def holder_notice_recipients(standard) -> list[tuple[str, str]]:
    """standards' hook: holders of a valid certificate in the standard who have an e-mail
    address and did not turn its notices off, each with their unsubscribe link."""
    people = Person.objects.filter(
        certificates__standard=standard, certificates__status=Certificate.Status.VALID,
    ).exclude(email="").exclude(notice_opt_outs__standard=standard).distinct().order_by(
        "pk").values_list("pk", "email")
    return [(email, holder_unsubscribe_url(pk, standard.pk)) for pk, email in people]


# Renewal reminders ------------------------------------------------------------------------

def _threshold(days_left: int) -> int | None:
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due else None


def reminders_due(*, today: datetime.date) -> list[tuple[Certificate, int]]:
    """Valid certificates ending within the largest threshold whose reminder for the
    nearest threshold due was not sent yet, of holders with an e-mail address who did not
    turn off the notices about the standard (a certificate first seen 20 days before its
    end gets the 30-day reminder only)."""
    window = [(today + datetime.timedelta(days=d)).isoformat()
              for d in range(0, max(REMINDER_DAYS) + 1)]
    due = []
    for certificate in Certificate.objects.filter(
            status=Certificate.Status.VALID, claims__valid_until__in=window,
    ).exclude(holder__email="").exclude(
            holder__notice_opt_outs__standard=F("standard")).select_related(
            "holder", "standard").prefetch_related("reminders").order_by("pk"):
        days_left = (certificate.facts.valid_until - today).days
        threshold = _threshold(days_left)
        if threshold is not None and threshold not in {
                r.days_before for r in certificate.reminders.all()}:
            due.append((certificate, threshold))
    return due


def _where_to_certify(standard) -> tuple[Standard, list]:
    """The standard to be certified in again (its newest version in force) and some of
    the centres accredited for it."""
    target = standard
    while (newer := Standard.objects.filter(supersedes=target).first()) is not None \
            and newer.status == Standard.Status.PUBLISHED:
        target = newer
    return target, list(bodies_selectors.directory_centres(standard=target)[
        :CENTRES_IN_REMINDER])


def _reminder(certificate: Certificate, days_before: int):
    claims = certificate.facts
    target, centres = _where_to_certify(certificate.standard)
    names = {"folio": claims.folio, "code": claims.standard_code,
             "title": claims.standard_title, "date": claims.valid_until.strftime("%d/%m/%Y"),
             "target": target.code,
             "page": absolute(reverse("standards:detail", args=[target.code]))}
    places = "\n".join(f"- {c.name} ({c.municipality}, {c.get_state_display()})"
                       for c in centres)
    body = _("Your certificate %(folio)s in %(code)s %(title)s is valid until %(date)s. To "
             "stay certified, be assessed again in %(target)s before then.") % names
    body += "\n\n" + (_("Some of the centres accredited for %(target)s:") % names + "\n"
                      + places if places else _("No centre is accredited for %(target)s "
                                                "at the moment.") % names)
    body += "\n\n" + _("Every centre and assessor, with their contact details:") % names \
        + f"\n{names['page']}"
    return unsubscribable_message(
        to=certificate.holder.email,
        subject=_("Your certificate %(folio)s is valid until %(date)s") % names, body=body,
        unsubscribe=holder_unsubscribe_url(certificate.holder_id, certificate.standard_id))


def send_renewal_reminders(*, today: datetime.date | None = None) -> int:
    """Daily: remind holders 90 and 30 days before their certificate's validity ends,
    once per threshold (the sent log is written before the message goes, so a rerun, or
    two beats at once, never send it twice). Returns how many were sent."""
    today = today or clock.today()
    sent = 0
    for certificate, days_before in reminders_due(today=today):
        try:
            with transaction.atomic():
                RenewalReminder.objects.create(certificate=certificate,
                                               days_before=days_before)
        except IntegrityError:
            continue  # another run took it
        with translation.override(settings.LANGUAGE_CODE):
            message = _reminder(certificate, days_before)
        try:
            message.send()
        except OSError as error:
            logger.warning("Could not send the renewal reminder of certificate %s: %s",
                           certificate.pk, error)
            continue
        record_event(actor=None, action="certificate.renewal_reminder_sent",
                     target=certificate, days_before=days_before)
        sent += 1
    return sent
