"""Registering candidates. A person is national; a candidacy belongs to a centre.

Registering someone the registry already knows (same CURP, or same identity document)
is never refused: once the registering user confirms the name and birth date they typed,
the national person is linked to their centre as a new candidacy. Nothing about where
else the person was registered, or what the registry holds about them, is shown.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.mx import curp as stdnum_curp

from bodies import permissions
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.identity import normalize_curp
from conocer.core.text import fold

from .. import hooks, selectors
from ..models import Candidacy, Person

DOCUMENT_FIELDS = ("id_document_type", "id_document_number", "id_document_country")
CONTACT_FIELDS = ("email", "phone")


class PossibleDuplicate(ServiceError):
    """Someone with the same name and birth date is already in the national registry.
    `matches` lists only the people the registering user may already see."""

    def __init__(self, message, *, matches):
        super().__init__(message)
        self.matches = matches


class KnownPerson(ServiceError):
    """This CURP or identity document is already in the national registry: confirm the
    typed name and birth date, then the person is linked to the centre."""


def probable_duplicates(*, given_names, first_surname, second_surname, birth_date):
    wanted = fold(" ".join(p for p in (given_names, first_surname, second_surname) if p))
    return [p for p in Person.objects.filter(birth_date=birth_date)
            if fold(p.full_name) == wanted]


def _ensure_can_register(actor, centre, assessor):
    if centre is None:
        if assessor is None or not assessor.is_independent:
            raise PermissionDenied(
                _("Candidates are registered at a centre or by an independent assessor."))
    elif not permissions.can(actor, "candidate.register", centre):
        raise PermissionDenied(
            _("Only staff of %(centre)s can register its candidates.") % {"centre": centre})


def _typed_person(data) -> Person:
    """The person as typed, checked field by field (CURP, dates, lengths)."""
    person = Person(**data)
    person.curp = normalize_curp(person.curp)
    if person.curp:
        for name in DOCUMENT_FIELDS:
            setattr(person, name, "")
    person.full_clean(validate_unique=False, validate_constraints=False)
    if not person.curp and not all(getattr(person, name) for name in DOCUMENT_FIELDS):
        raise ValidationError({"curp": _(
            "Give the person's CURP or, if they have none, an identity document with its "
            "number and issuing country.")})
    if person.curp:
        born = stdnum_curp.get_birth_date(person.curp)
        if born != person.birth_date:
            raise ValidationError({"birth_date": _(
                "The CURP says the person was born on %(date)s.") % {"date": born}})
    return person


def check_person(**data) -> Person:
    """The person as typed, checked as registering them would check them (CURP and its
    birth date, document, names), not saved: raises ValidationError by field."""
    return _typed_person(data)


def _known(person: Person) -> Person | None:
    """The national person with the same CURP or identity document, locked."""
    if person.curp:
        return Person.objects.select_for_update().filter(curp=person.curp).first()
    return Person.objects.select_for_update().filter(
        **{name: getattr(person, name) for name in DOCUMENT_FIELDS}).first()


@transaction.atomic
def register_candidate(*, actor, centre=None, privacy_consent: bool, confirm_duplicate=False,
                       confirm_known=False, **data) -> Candidacy:
    """Register a person as a candidate at a centre (or with an independent assessor,
    centre=None), by CURP or by another identity document.

    Raises ValidationError for field problems; KnownPerson when the identity is already
    in the national registry (call again with confirm_known=True to link the person);
    PossibleDuplicate when someone with the same name and birth date exists (call again
    with confirm_duplicate=True to register a different person).
    """
    assessor = selectors.assessor_for(actor)
    _ensure_can_register(actor, centre, assessor)
    if not privacy_consent:
        raise ValidationError({"privacy_consent": _(
            "The person must accept the privacy notice before being registered.")})
    typed = _typed_person(data)
    place = {"centre": centre} if centre is not None else {"assessor": assessor}
    known = _known(typed)
    if known is not None:
        return _link(actor=actor, person=known, typed=typed, place=place,
                     confirmed=confirm_known)
    if not confirm_duplicate:
        matches = probable_duplicates(
            given_names=typed.given_names, first_surname=typed.first_surname,
            second_surname=typed.second_surname, birth_date=typed.birth_date)
        if matches:
            raise PossibleDuplicate(
                _("%(name)s, born on %(date)s, may already be in the national registry "
                  "under another identity document. Register anyway only if it is another "
                  "person.") % {"name": typed.full_name, "date": typed.birth_date},
                matches=selectors.visible_people(actor, matches))
    typed.save()
    record_event(actor=actor, action="person.registered", target=typed,
                 identity="curp" if typed.curp else "document")
    return _new_candidacy(actor=actor, person=typed, place=place, linked=False)


def _link(*, actor, person: Person, typed: Person, place: dict, confirmed: bool) -> Candidacy:
    if Candidacy.objects.filter(person=person, **place).exists():
        field = "curp" if typed.curp else "id_document_number"
        raise ValidationError({field: _(
            "This person is already one of your candidates; find them in the list.")})
    if not confirmed:
        raise KnownPerson(_(
            "This person is already in the national registry. Check that the name and "
            "birth date you typed are theirs — %(name)s, born on %(date)s — and confirm to "
            "register them as your candidate.") % {
            "name": typed.full_name, "date": typed.birth_date})
    filled = [name for name in CONTACT_FIELDS
              if getattr(typed, name) and not getattr(person, name)]
    for name in filled:
        setattr(person, name, getattr(typed, name))
    if filled:
        person.save(update_fields=filled)
    record_event(actor=actor, action="person.linked", target=person,
                 typed_name_matches=fold(typed.full_name) == fold(person.full_name),
                 contact_filled=filled)
    return _new_candidacy(actor=actor, person=person, place=place, linked=True)


def _new_candidacy(*, actor, person, place, linked) -> Candidacy:
    candidacy = Candidacy.objects.create(person=person, registered_by=actor,
                                         privacy_consent_at=clock.now(), **place)
    record_event(actor=actor, action="candidacy.registered", target=candidacy,
                 centre=candidacy.centre.code if candidacy.centre_id else "",
                 linked_existing_person=linked)
    return candidacy


def enrol_person(*, actor, person: Person, assessor, consent_at) -> Candidacy:
    """The person's candidacy where `assessor` assesses (their centre, or themselves when
    independent), made if there is none: for a service above that registers the person
    on their behalf (a partial recognition), inside its transaction and after its
    permission check. `consent_at`: when the person accepted the privacy notice."""
    place = {"centre": assessor.centre} if assessor.centre_id else {"assessor": assessor}
    candidacy = Candidacy.objects.filter(person=person, **place).first()
    if candidacy is not None:
        return candidacy
    candidacy = Candidacy.objects.create(person=person, registered_by=actor,
                                         privacy_consent_at=consent_at, **place)
    record_event(actor=actor, action="candidacy.registered", target=candidacy,
                 centre=candidacy.centre.code if candidacy.centre_id else "",
                 linked_existing_person=True)
    return candidacy


@transaction.atomic
def register_person(*, actor, **data) -> Person:
    """The national person with this identity, registered if the registry does not know
    them yet (no candidacy: e.g. a holder of a certificate imported from the previous
    registry). Field problems raise ValidationError."""
    typed = _typed_person(data)
    known = _known(typed)
    if known is not None:
        return known
    typed.save()
    record_event(actor=actor, action="person.registered", target=typed,
                 identity="curp" if typed.curp else "document")
    return typed


NAME_FIELDS = ("given_names", "first_surname", "second_surname")


def correct_name(*, actor, person_id: int, reason: str, **names) -> list[str]:
    """Correct how a person's name is written in the national registry, for the
    certificates issued from now on (issued ones keep their frozen claims). Runs inside
    the transaction of the service that decided it (a corrected reissue), which has
    checked that the actor may. Returns the fields that changed."""
    person = Person.objects.select_for_update().get(pk=person_id)
    changed = [name for name in NAME_FIELDS
               if name in names and names[name].strip() != getattr(person, name)]
    for name in changed:
        setattr(person, name, names[name].strip())
    if changed:
        person.full_clean(validate_unique=False, validate_constraints=False)
        person.save(update_fields=changed)
        record_event(actor=actor, action="person.name_corrected", target=person,
                     fields=changed, reason=reason)
    return changed


def _ensure_can_change_contact(actor, candidacy: Candidacy) -> None:
    """The centre's staff who register candidates, or the independent assessor who
    registered this one, keep the person's contact details."""
    if candidacy.centre_id:
        allowed = permissions.can(actor, "candidate.register", candidacy.centre)
    else:
        allowed = candidacy.assessor.user_id is not None and (
            candidacy.assessor.user_id == getattr(actor, "pk", None))
    if not allowed:
        raise PermissionDenied(_("Only the centre that registered this person can change "
                                 "their contact details."))


@transaction.atomic
def set_person_email(*, actor, candidacy_id: int, email: str) -> Person:
    """Add, change or remove (blank) the e-mail address of a centre's candidate. A new
    address is confirmed by the person before anything is sent to it for signing in
    (`hooks.email_changed`); the audit log records that it changed, not the address."""
    candidacy = Candidacy.objects.select_related("centre", "assessor").get(pk=candidacy_id)
    _ensure_can_change_contact(actor, candidacy)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from error
    person = Person.objects.select_for_update().get(pk=candidacy.person_id)
    if email.lower() == person.email.lower():
        return person
    had_email = bool(person.email)
    person.email = email
    person.save(update_fields=["email"])
    record_event(actor=actor, action="person.email_changed", target=person,
                 had_email=had_email, has_email=bool(email),
                 centre=candidacy.centre.code if candidacy.centre_id else "")
    if email:
        for provider in hooks.email_changed:
            provider(person)
    return person


@transaction.atomic
def set_public_registry_choice(*, person_id: int, appear: bool, actor_label: str) -> Person:
    """The person's own choice (RENAP): whether their valid certificates appear in the
    public registry of certified persons, and anyone may download their PDFs. Changeable
    at any time; `actor_label` says who chose (the holder in their space). The caller
    (the holder's space) has signed the person in."""
    person = Person.objects.select_for_update().get(pk=person_id)
    if person.public_registry_opt_in == appear:
        return person
    person.public_registry_opt_in = appear
    person.save(update_fields=["public_registry_opt_in"])
    record_event(actor=None, action="person.registry_choice_changed", target=person,
                 appears=appear, chosen_by=actor_label)
    return person
