"""Signing in without a password.

By e-mail: the person types their address; if it is a confirmed address of someone in
the registry, a one-time link good for settings.HOLDER_LINK_MINUTES is e-mailed to it
(an unconfirmed one is sent a confirmation link instead). The page answers the same
whether or not the address is known, and the e-mail is made and sent after the answer
(a task, after commit), so neither the words nor the time say which.

Without e-mail: the centre prints a one-time access code (good for
settings.HOLDER_ACCESS_CODE_DAYS days); the person types it with their CURP or document
number. A wrong code counts against the person's code (five end it) and is audited.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bodies import permissions
from certification.assessment.models import Candidacy, Person
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.tasks import enqueue_after_commit

from .. import mail, selectors, tokens
from ..models import AccessCode, EmailConfirmation, SignInLink

VIA = "holder"  # who acted, in the audit log's data: the holder in their own space


def _link_refused():
    return ServiceError(_("This sign-in link has expired or has already been used. Ask "
                          "for a new one."))


# By e-mail ------------------------------------------------------------------------------

@transaction.atomic
def request_sign_in_link(*, email: str) -> None:
    """Ask for a sign-in link. Says nothing about whether the address is known."""
    for person in Person.objects.filter(email__iexact=email.strip()):
        if selectors.email_is_confirmed(person):
            enqueue_after_commit("holders.send_sign_in_link", person.pk)
        else:
            enqueue_after_commit("holders.send_email_confirmation", person.pk)
        record_event(actor=None, action="holder.sign_in_link_requested", target=person,
                     via=VIA, confirmed=selectors.email_is_confirmed(person))


@transaction.atomic
def send_sign_in_link(*, person_id: int) -> None:
    """Make a link and e-mail it (the task's work): only to a confirmed address."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not selectors.email_is_confirmed(person):
        return
    token, hashed = tokens.new_token()
    minutes = settings.HOLDER_LINK_MINUTES
    SignInLink.objects.create(person=person, token_hash=hashed,
                              expires_at=clock.now() + datetime.timedelta(minutes=minutes))
    mail.send("sign_in_link", to=person.email, person=person, minutes=minutes,
              url=mail.absolute("holders:open_link", token))


def link_is_open(token: str) -> bool:
    """Whether a sign-in link can still be used (the page that asks to press the button)."""
    return tokens.looks_like_token(token) and SignInLink.objects.filter(
        token_hash=tokens.token_hash(token), used_at__isnull=True,
        expires_at__gt=clock.now()).exists()


@transaction.atomic
def open_sign_in_link(*, token: str) -> Person:
    """Use a sign-in link: once, before it expires."""
    if not tokens.looks_like_token(token):
        raise _link_refused()
    link = SignInLink.objects.select_for_update().select_related("person").filter(
        token_hash=tokens.token_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= clock.now():
        raise _link_refused()
    link.used_at = clock.now()
    link.save(update_fields=["used_at"])
    record_event(actor=None, action="holder.signed_in", target=link.person, via=VIA,
                 method="link")
    return link.person


# Confirming an address --------------------------------------------------------------------

def confirm_new_address(person: Person) -> None:
    """assessment.hooks.email_changed: ask the person to confirm a new address."""
    enqueue_after_commit("holders.send_email_confirmation", person.pk)


def start_email_confirmation(*, person: Person) -> str:
    """A confirmation link for the person's current address; returns its token (sent by
    `send_email_confirmation`; the demo loader confirms its holder's address with it)."""
    token, hashed = tokens.new_token()
    EmailConfirmation.objects.create(
        person=person, email=person.email, token_hash=hashed,
        expires_at=clock.now() + datetime.timedelta(hours=settings.HOLDER_CONFIRMATION_HOURS))
    return token


@transaction.atomic
def send_email_confirmation(*, person_id: int) -> None:
    """Make a confirmation link for the person's current address and e-mail it (the
    task's work)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not person.email:
        return
    token = start_email_confirmation(person=person)
    mail.send("confirm_email", to=person.email, hours=settings.HOLDER_CONFIRMATION_HOURS,
              url=mail.absolute("holders:confirm_email", token))


def _open_confirmation(token: str, *, lock=False) -> EmailConfirmation | None:
    if not tokens.looks_like_token(token):
        return None
    found = EmailConfirmation.objects.select_related("person")
    if lock:
        found = found.select_for_update()
    confirmation = found.filter(token_hash=tokens.token_hash(token)).first()
    if (confirmation is None or confirmation.confirmed_at is not None
            or confirmation.expires_at <= clock.now()
            or confirmation.failures >= EmailConfirmation.MAX_FAILURES
            or confirmation.email.lower() != confirmation.person.email.lower()):
        return None
    return confirmation


def confirmation_is_open(token: str) -> bool:
    return _open_confirmation(token) is not None


def _identity_matches(person: Person, typed: str) -> bool:
    typed = typed.strip().upper()
    return bool(typed) and typed in {person.curp.upper(), person.id_document_number.upper()}


def confirm_email(*, token: str, identity: str) -> Person:
    """Confirm an address: the link sent to it, and the person's CURP or document number
    (which whoever got the e-mail by mistake does not know). Signs the person in."""
    with transaction.atomic():
        confirmation = _open_confirmation(token, lock=True)
        if confirmation is None:
            raise ServiceError(_("This confirmation link has expired or has already been "
                                 "used. Ask for a sign-in link again to get a new one."))
        person = confirmation.person
        if _identity_matches(person, identity):
            confirmation.confirmed_at = clock.now()
            confirmation.save(update_fields=["confirmed_at"])
            record_event(actor=None, action="holder.email_confirmed", target=person, via=VIA)
            record_event(actor=None, action="holder.signed_in", target=person, via=VIA,
                         method="email_confirmation")
            return person
        confirmation.failures += 1
        confirmation.save(update_fields=["failures"])
        record_event(actor=None, action="holder.email_confirmation_failed", target=person,
                     via=VIA, failures=confirmation.failures)
    raise ValidationError({"identity": _(
        "This is not the CURP or document number of the person this address was recorded "
        "for.")})


# Printed access codes --------------------------------------------------------------------

def _ensure_can_issue_code(actor, candidacy: Candidacy) -> None:
    if candidacy.centre_id:
        allowed = permissions.can(actor, "candidate.register", candidacy.centre)
    else:
        allowed = candidacy.assessor.user_id == getattr(actor, "pk", None)
    if not allowed:
        raise PermissionDenied(_("Only the centre that registered this person can print "
                                 "their access code."))


@transaction.atomic
def issue_access_code(*, actor, candidacy_id: int) -> tuple[str, datetime.datetime]:
    """A new access code for a centre's candidate, to print and hand over; any earlier
    code of theirs stops working. Returns the code (shown once) and when it expires."""
    candidacy = Candidacy.objects.select_related("centre", "assessor", "person").get(
        pk=candidacy_id)
    _ensure_can_issue_code(actor, candidacy)
    now = clock.now()
    AccessCode.objects.filter(person=candidacy.person, used_at__isnull=True,
                              expires_at__gt=now).update(expires_at=now)
    code, hashed = tokens.new_code()
    expires_at = now + datetime.timedelta(days=settings.HOLDER_ACCESS_CODE_DAYS)
    AccessCode.objects.create(person=candidacy.person, code_hash=hashed, issued_by=actor,
                              expires_at=expires_at)
    record_event(actor=actor, action="holder.access_code_issued", target=candidacy.person,
                 centre=candidacy.centre.code if candidacy.centre_id else "")
    return code, expires_at


class WrongCode(ValidationError):
    """The refusal of a code: the same whatever was wrong. `codes` are the active codes of
    the person(s) the identity named, for `count_wrong_code` to count against."""

    def __init__(self, codes):
        super().__init__({"code": _(
            "This code does not open a record with this CURP or document number, or it "
            "has expired. Check both, or ask your centre for a new code.")})
        self.codes = codes


def sign_in_with_code(*, identity: str, code: str) -> Person:
    """Sign in with a printed access code and the CURP or document number it was printed
    for. A refusal (WrongCode) must be counted with `count_wrong_code`: the page does it
    once its answer is sent, so that how long the answer takes does not say whether the
    identity has a code."""
    typed = identity.strip().upper()
    hashed = tokens.code_hash(code)
    with transaction.atomic():
        people = list(Person.objects.filter(Q(curp=typed) | Q(id_document_number__iexact=typed))
                      if typed else [])
        codes = list(AccessCode.objects.select_for_update().filter(
            person__in=people, used_at__isnull=True, expires_at__gt=clock.now(),
            failures__lt=AccessCode.MAX_FAILURES).select_related("person"))
        for access in codes:
            if access.code_hash == hashed:
                access.used_at = clock.now()
                access.save(update_fields=["used_at"])
                record_event(actor=None, action="holder.signed_in", target=access.person,
                             via=VIA, method="code")
                return access.person
    raise WrongCode([access.pk for access in codes])


@transaction.atomic
def count_wrong_code(refusal: WrongCode) -> None:
    """A wrong code counts against each code it was tried for (five end one), audited."""
    for access in AccessCode.objects.select_for_update().filter(
            pk__in=refusal.codes).select_related("person"):
        access.failures += 1
        access.save(update_fields=["failures"])
        record_event(actor=None, action="holder.access_code_failed", target=access.person,
                     via=VIA, failures=access.failures)


def sign_out(*, person: Person) -> None:
    record_event(actor=None, action="holder.signed_out", target=person, via=VIA)
