"""Lifecycle of competence standards: draft → submitted → approved by the lead body
→ approved by CONOCER → published → expired / superseded / withdrawn.

Every state change locks the row, checks who acts, refuses the wrong state with a
translatable message and writes an audit event. A published standard never
changes; a change is a new version that supersedes it when published.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conocer.core import clock
from conocer.core.audit import record_event, save_audited
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin

from . import permissions, qualifications, search, subscriptions, supersession
from .models import Criterion, LeadBody, LevelDescriptor, SearchSynonym, Sector, Standard, Unit

S = Standard.Status
DRAFT_FIELDS = ("code", "legacy_code", "title", "purpose", "level", "sector", "generation",
                "assessment_instrument", "fee", "certificate_validity_years", "scian_code")


def _ensure(allowed: bool, message=None):
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))


def _ensure_editable(standard: Standard):
    if not standard.is_editable:
        raise ServiceError(_(
            "%(code)s is %(status)s and can no longer change; changes to a published "
            "standard are made in a new version."
        ) % {"code": standard.code, "status": standard.get_status_display().lower()})


def _locked(standard: Standard) -> Standard:
    return Standard.objects.select_for_update(of=("self",)).select_related("lead_body").get(
        pk=standard.pk)


# Drafting -------------------------------------------------------------------------

@transaction.atomic
def create_draft(*, actor, lead_body: LeadBody, **fields) -> Standard:
    """A lead-body member (or a CONOCER admin) starts a new standard (or, with
    `kind=Standard.Kind.QUALIFICATION`, a qualification: standards/qualifications.py)."""
    _ensure(permissions.can_edit_drafts(actor, lead_body),
            _("Only members of %(body)s can draft its standards.") % {"body": lead_body})
    standard = Standard(lead_body=lead_body, status=S.DRAFT,
                        kind=fields.get("kind") or Standard.Kind.STANDARD,
                        **{k: v for k, v in fields.items() if k in DRAFT_FIELDS})
    standard.full_clean()
    standard.save()
    qualifications.apply_relations(standard, fields)
    record_event(actor=actor, action="standard.drafted", target=standard)
    return standard


@transaction.atomic
def update_draft(*, actor, standard: Standard, **fields) -> Standard:
    standard = _locked(standard)
    _ensure(permissions.can_edit_drafts(actor, standard.lead_body))
    _ensure_editable(standard)
    changed = {k: v for k, v in fields.items()
               if k in DRAFT_FIELDS and getattr(standard, k) != v}
    for name, value in changed.items():
        setattr(standard, name, value)
    standard.full_clean()
    standard.save()
    changed = [*changed, *qualifications.apply_relations(standard, fields)]
    if changed:
        record_event(actor=actor, action="standard.edited", target=standard,
                     fields=sorted(changed))
    return standard


def next_version_code(code: str) -> str:
    """EC0217 → EC0217.01 → EC0217.02, skipping codes already taken."""
    base, _sep, suffix = code.partition(".")
    number = int(suffix or 0) + 1
    taken = set(Standard.objects.filter(code__startswith=base).values_list("code", flat=True))
    while f"{base}.{number:02d}" in taken:
        number += 1
    if number > 99:
        raise ServiceError(_("%(code)s has no version numbers left.") % {"code": base})
    return f"{base}.{number:02d}"


@transaction.atomic
def create_new_version(*, actor, standard: Standard) -> Standard:
    """Copy a published standard, with its structure, into a draft that supersedes it."""
    standard = _locked(standard)
    _ensure(permissions.can_edit_drafts(actor, standard.lead_body))
    if standard.status not in (S.PUBLISHED, S.EXPIRED):
        raise ServiceError(_("Only a published or expired standard can get a new version."))
    if Standard.objects.filter(supersedes=standard).exists():
        raise ServiceError(_("%(code)s already has a newer version.") % {"code": standard.code})
    draft = Standard.objects.create(
        code=next_version_code(standard.code), legacy_code=standard.legacy_code,
        title=standard.title, purpose=standard.purpose, level=standard.level,
        sector=standard.sector, lead_body=standard.lead_body, generation=standard.generation,
        version=standard.version + 1, assessment_instrument=standard.assessment_instrument,
        fee=standard.fee, status=S.DRAFT, supersedes=standard,
        certificate_validity_years=standard.certificate_validity_years,
        kind=standard.kind, scian_code=standard.scian_code,
    )
    qualifications.copy_relations(standard, draft)
    for unit in standard.units.prefetch_related("criteria"):
        copy = Unit.objects.create(standard=draft, code=unit.code, title=unit.title,
                                   order=unit.order)
        Criterion.objects.bulk_create(
            Criterion(unit=copy, kind=c.kind, text=c.text, bloom_level=c.bloom_level,
                      order=c.order) for c in unit.criteria.all()
        )
    record_event(actor=actor, action="standard.version_drafted", target=draft,
                 supersedes=standard.code)
    return draft


@transaction.atomic
def save_unit(*, actor, standard: Standard, unit: Unit | None = None, code: str, title: str,
              criteria: list[dict]) -> Unit:
    """Create or replace a unit and its ordered criteria (kind, text, bloom_level)."""
    standard = _locked(standard)
    _ensure(permissions.can_edit_drafts(actor, standard.lead_body))
    _ensure_editable(standard)
    if not criteria:
        raise ValidationError({"criteria": _("A unit needs at least one criterion.")})
    if unit is None:
        order = (standard.units.order_by("-order").values_list("order", flat=True).first()
                 or 0) + 1
        unit = Unit(standard=standard, order=order)
    elif unit.standard_id != standard.pk:
        raise ServiceError(_("This unit belongs to another standard."))
    unit.code, unit.title = code, title
    unit.full_clean()
    unit.save()
    unit.criteria.all().delete()
    built = []
    for order, item in enumerate(criteria, start=1):
        criterion = Criterion(unit=unit, kind=item["kind"], text=item["text"], order=order,
                              bloom_level=item.get("bloom_level")
                              if item["kind"] == Criterion.Kind.KNOWLEDGE else None)
        criterion.full_clean(exclude=["unit"])
        built.append(criterion)
    Criterion.objects.bulk_create(built)
    record_event(actor=actor, action="standard.unit_saved", target=standard, unit=unit.code,
                 criteria=len(built))
    return unit


@transaction.atomic
def delete_unit(*, actor, unit: Unit) -> None:
    standard = _locked(unit.standard)
    _ensure(permissions.can_edit_drafts(actor, standard.lead_body))
    _ensure_editable(standard)
    code = unit.code
    unit.delete()
    record_event(actor=actor, action="standard.unit_deleted", target=standard, unit=code)


# Transitions ----------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    allowed: Callable
    label: str
    refused: str


def _lead_body_editor(user, standard):
    return permissions.can_edit_drafts(user, standard.lead_body)


def _lead_body_board(user, standard):
    return permissions.can_approve_for_lead_body(user, standard.lead_body)


def _conocer(user, standard):
    return is_conocer_admin(user)


TRANSITIONS = {t.name: t for t in [
    Transition("submit", (S.DRAFT,), S.SUBMITTED, _lead_body_editor,
               gettext_lazy("Submit to the lead body's board"),
               gettext_lazy("Only a draft can be submitted.")),
    Transition("approve_lead_body", (S.SUBMITTED,), S.LEAD_BODY_APPROVED, _lead_body_board,
               gettext_lazy("Record the lead body's approval"),
               gettext_lazy("Only a submitted standard can be approved by the lead body.")),
    Transition("approve_conocer", (S.LEAD_BODY_APPROVED,), S.APPROVED, _conocer,
               gettext_lazy("Approve for CONOCER"),
               gettext_lazy("CONOCER approves only standards the lead body has approved.")),
    Transition("publish", (S.APPROVED,), S.PUBLISHED, _conocer,
               gettext_lazy("Publish"),
               gettext_lazy("Only a standard approved by CONOCER can be published.")),
    Transition("return_to_draft", (S.SUBMITTED, S.LEAD_BODY_APPROVED, S.APPROVED), S.DRAFT,
               lambda user, st: _lead_body_board(user, st) or _conocer(user, st),
               gettext_lazy("Return to the lead body for changes"),
               gettext_lazy("Only a standard under review can be returned for changes.")),
    Transition("withdraw", (S.PUBLISHED, S.EXPIRED), S.WITHDRAWN, _conocer,
               gettext_lazy("Withdraw"),
               gettext_lazy("Only a published or expired standard can be withdrawn.")),
]}


def available_transitions(user, standard: Standard) -> list[Transition]:
    return [t for t in TRANSITIONS.values()
            if standard.status in t.sources and t.allowed(user, standard)]


@transaction.atomic
def transition(*, actor, standard: Standard, name: str, reason: str = "",
               dof_published_on: datetime.date | None = None,
               valid_until: datetime.date | None = None, equivalent: bool | None = None,
               transition_until: datetime.date | None = None) -> Standard:
    """Move a standard along its lifecycle; `publish` needs the DOF date and, for a new
    version, whether it is `equivalent` to the one it supersedes and the end of the
    transition period (standards/supersession.py)."""
    move = TRANSITIONS.get(name)
    if move is None:
        raise ServiceError(_("Unknown action."))
    standard = _locked(standard)
    _ensure(move.allowed(actor, standard))
    if standard.status not in move.sources:
        raise ServiceError(f"{move.refused} " + _("%(code)s is %(status)s.") % {
            "code": standard.code, "status": standard.get_status_display().lower()})
    details = {"from": standard.status, "to": move.target}
    if name in ("withdraw", "return_to_draft"):
        if not reason.strip():
            raise ValidationError({"reason": _("Please give the reason.")})
        details["reason"] = reason.strip()
    if name == "withdraw":
        standard.withdrawn_reason = reason.strip()
    qualifications.check_transition(standard, name)
    if name == "publish":
        _prepare_publication(standard, dof_published_on, valid_until)
        details.update(dof_published_on=str(dof_published_on),
                       valid_until=str(valid_until) if valid_until else None)
        if standard.supersedes_id:
            details.update(equivalent=equivalent, transition_until=str(
                transition_until) if transition_until else None)
    standard.status = move.target
    standard.status_changed_at = clock.now()
    standard.save()
    record_event(actor=actor, action=f"standard.{name}", target=standard, **details)
    if name == "publish":
        supersession.decide_on_publication(actor=actor, standard=standard,
                                           equivalent=equivalent,
                                           transition_until=transition_until)
    _announce_change(standard, name)
    if name == "publish":
        # Its words join the list that corrects misspelled searches.
        transaction.on_commit(search.refresh_words)
    return standard


def _announce_change(standard, name):
    """Subscribers hear of a withdrawal, and of a new version (those of the old one)."""
    if name == "withdraw":
        subscriptions.announce(standard=standard, kind=subscriptions.Kind.WITHDRAWN)
    elif name == "publish" and standard.supersedes_id:
        subscriptions.announce(standard=standard.supersedes,
                               kind=subscriptions.Kind.NEW_VERSION)


def _prepare_publication(standard, dof_published_on, valid_until):
    if dof_published_on is None:
        raise ValidationError({"dof_published_on": _(
            "Give the date of publication in the Diario Oficial de la Federación.")})
    if valid_until is not None and valid_until <= dof_published_on:
        raise ValidationError({"valid_until": _(
            "The validity must end after the publication date.")})
    standard.dof_published_on = dof_published_on
    standard.valid_from = dof_published_on
    standard.valid_until = valid_until
    previous = standard.supersedes
    if previous is not None and previous.status in (S.PUBLISHED, S.EXPIRED):
        previous.status = S.SUPERSEDED
        previous.status_changed_at = clock.now()
        previous.save(update_fields=["status", "status_changed_at"])
        record_event(actor=None, action="standard.superseded", target=previous,
                     by=standard.code)


# Periodic ---------------------------------------------------------------------------

def expire_standards(*, today: datetime.date | None = None) -> list[str]:
    """Published standards whose validity has ended become expired. Returns their codes."""
    today = today or clock.today()
    expired = []
    ids = Standard.objects.filter(status=S.PUBLISHED, valid_until__lt=today).values_list(
        "pk", flat=True)
    for pk in ids:
        with transaction.atomic():
            standard = Standard.objects.select_for_update().get(pk=pk)
            if standard.status != S.PUBLISHED or not standard.valid_until \
                    or standard.valid_until >= today:
                continue
            standard.status = S.EXPIRED
            standard.status_changed_at = clock.now()
            standard.save(update_fields=["status", "status_changed_at"])
            record_event(actor=None, action="standard.expired", target=standard,
                         valid_until=str(standard.valid_until))
            expired.append(standard.code)
    return expired


# Usage figures (kept by issuance, which counts certificates) ---------------------------

def record_usage(*, standard_id: int, certified_count: int,
                 last_certified_on: datetime.date | None) -> bool:
    """Store how many people hold a valid certificate in a standard and when the last
    one was issued; returns whether the figures changed. Called by the app that issues
    certificates, so the catalogue never counts them on the fly."""
    return bool(Standard.objects.filter(pk=standard_id).exclude(
        certified_count=certified_count, last_certified_on=last_certified_on).update(
        certified_count=certified_count, last_certified_on=last_certified_on))


def count_usage(*, standard_id: int, people: int = 0,
                issued_on: datetime.date | None = None) -> None:
    """Add `people` (+1, -1 or 0) to the people certified in a standard and move its last
    issue date on to `issued_on` if that is later, in one UPDATE that reads nothing
    first: issuances of one standard at the same moment add up instead of overwriting
    each other. The row stays locked until the caller's transaction commits, so issuance
    calls this last. The nightly recount (record_usage) repairs any drift."""
    changes = {}
    if people:
        changes["certified_count"] = Greatest(F("certified_count") + people, 0)
    if issued_on is not None:
        day = Value(issued_on, output_field=DateField())
        changes["last_certified_on"] = Greatest(Coalesce("last_certified_on", day), day)
    if changes:
        Standard.objects.filter(pk=standard_id).update(**changes)


# Reference data (CONOCER) ---------------------------------------------------------------

def _register(*, actor, obj, noun: str, refused: str):
    _ensure(is_conocer_admin(actor), refused)
    return save_audited(actor=actor, obj=obj, noun=noun)


@transaction.atomic
def register_lead_body(*, actor, lead_body: LeadBody) -> LeadBody:
    """CONOCER registers (or updates) a sector committee that may then write standards."""
    return _register(actor=actor, obj=lead_body, noun="lead_body",
                     refused=_("Only CONOCER administrators register lead bodies."))


@transaction.atomic
def save_sector(*, actor, sector: Sector) -> Sector:
    """CONOCER adds or renames a sector of the catalogue."""
    return _register(actor=actor, obj=sector, noun="sector",
                     refused=_("Only CONOCER administrators change the sectors."))


@transaction.atomic
def save_level_descriptor(*, actor, descriptor: LevelDescriptor) -> LevelDescriptor:
    """CONOCER words what a competence level means."""
    return _register(actor=actor, obj=descriptor, noun="level_descriptor",
                     refused=_("Only CONOCER administrators change the level descriptors."))


@transaction.atomic
def save_search_synonym(*, actor, synonym: SearchSynonym) -> SearchSynonym:
    """CONOCER adds or changes a word people use that the catalogue words otherwise."""
    return _register(actor=actor, obj=synonym, noun="search_synonym",
                     refused=_("Search synonyms are kept by CONOCER administrators only."))


@transaction.atomic
def delete_search_synonym(*, actor, synonym_id: int) -> None:
    """CONOCER removes a synonym; the audit log keeps what it said."""
    _ensure(is_conocer_admin(actor),
            _("Search synonyms are kept by CONOCER administrators only."))
    synonym = SearchSynonym.objects.select_for_update().get(pk=synonym_id)
    record_event(actor=actor, action="search_synonym.deleted", target=synonym,
                 term=synonym.term, means=synonym.means)
    synonym.delete()
