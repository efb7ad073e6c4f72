"""The accreditation chain: CONOCER registers and accredits awarding bodies for a scope
of standards; an awarding body registers and accredits its centres and assessors only
within its own scope; people get roles in bodies through memberships.

Each decision is a service: one transaction, the permission check
(bodies.permissions), a translatable refusal, an audit event. Whether an assessor is
eligible depends on the certificates they hold, which the apps above know: they answer
through `hooks.eligibility_checks`.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from conocer.core import clock
from conocer.core.audit import record_event, save_audited
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin
from standards.models import Standard

from . import hooks, permissions, selectors
from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership

A = Accreditation.Status
FOLIO_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ensure(allowed: bool, message=None):
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))


def _cedula_folio(kind: str, standard: Standard) -> str:
    """Folio of an accreditation credential (cédula), e.g. CED-CE-EC0076-7K3M2Q."""
    suffix = "".join(secrets.choice(FOLIO_ALPHABET) for _ in range(6))
    return f"CED-{kind}-{standard.code}-{suffix}"


def _check_period(valid_from: datetime.date, valid_until: datetime.date):
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The validity must end after it starts.")})


def _ensure_publishable(standard: Standard):
    if standard.status != Standard.Status.PUBLISHED:
        raise ValidationError({"standard": _(
            "%(code)s is not a published standard; only published standards can be in "
            "an accreditation.") % {"code": standard.code}})


@transaction.atomic
def accredit_awarding_body(*, actor, awarding_body: AwardingBody, standards,
                           valid_from: datetime.date, valid_until: datetime.date
                           ) -> list[Accreditation]:
    """CONOCER accredits an awarding body (ECE or OC) for a scope of standards."""
    _ensure(is_conocer_admin(actor),
            _("Only CONOCER administrators accredit awarding bodies."))
    _check_period(valid_from, valid_until)
    granted = []
    for standard in standards:
        _ensure_publishable(standard)
        if Accreditation.objects.filter(awarding_body=awarding_body, standard=standard,
                                        status=A.ACTIVE).exists():
            raise ValidationError({"standards": _(
                "%(body)s is already accredited for %(code)s.") % {
                "body": awarding_body, "code": standard.code}})
        accreditation = Accreditation.objects.create(
            folio=_cedula_folio("EC" if awarding_body.kind == "ECE" else "OC", standard),
            standard=standard, awarding_body=awarding_body, valid_from=valid_from,
            valid_until=valid_until)
        record_event(actor=actor, action="accreditation.granted", target=accreditation,
                     holder=str(awarding_body), standard=standard.code,
                     valid_until=str(valid_until))
        granted.append(accreditation)
    return granted


@transaction.atomic
def grant_accreditation(*, actor, standard: Standard, valid_from: datetime.date,
                        valid_until: datetime.date, centre: AssessmentCentre | None = None,
                        assessor: Assessor | None = None) -> Accreditation:
    """An awarding body accredits one of its centres or assessors for a standard of its
    own active scope, for no longer than its own accreditation lasts."""
    holder = centre or assessor
    if (centre is None) == (assessor is None):
        raise ValueError("accredit exactly one centre or one assessor")
    body = holder.awarding_body
    _ensure(permissions.can(actor, "accreditation.grant", body),
            _("Only administrators of %(body)s can accredit its centres and assessors.")
            % {"body": body})
    _check_period(valid_from, valid_until)
    _ensure_publishable(standard)
    own = selectors.accreditation_for(awarding_body=body, standard=standard, on=valid_from)
    if own is None:
        raise ValidationError({"standard": _(
            "%(code)s is outside the active scope of %(body)s, so it cannot accredit "
            "anyone for it.") % {"code": standard.code, "body": body}})
    if valid_until > own.valid_until:
        raise ValidationError({"valid_until": _(
            "The accreditation cannot outlast that of %(body)s for %(code)s, which ends "
            "on %(date)s.") % {"body": body, "code": standard.code, "date": own.valid_until}})
    field = "centre" if centre else "assessor"
    if Accreditation.objects.filter(standard=standard, status=A.ACTIVE,
                                    **{field: holder}).exists():
        raise ValidationError({"standard": _("%(holder)s is already accredited for %(code)s.")
                               % {"holder": holder, "code": standard.code}})
    accreditation = Accreditation.objects.create(
        folio=_cedula_folio("CE" if centre else "EV", standard), standard=standard,
        granted_by=body, valid_from=valid_from, valid_until=valid_until, **{field: holder})
    record_event(actor=actor, action="accreditation.granted", target=accreditation,
                 holder=str(holder), standard=standard.code, valid_until=str(valid_until))
    return accreditation


def _ensure_can_decide(actor, accreditation: Accreditation):
    _ensure(permissions.may_decide(actor, accreditation), _(
        "Only CONOCER administrators decide on awarding bodies' accreditations.")
        if accreditation.awarding_body_id else None)


def _decide(*, actor, accreditation_id: int, sources, target: str, reason: str, action: str,
            refused: str) -> Accreditation:
    accreditation = Accreditation.objects.select_for_update().get(pk=accreditation_id)
    _ensure_can_decide(actor, accreditation)
    if accreditation.status not in sources:
        raise ServiceError(refused % {"folio": accreditation.folio,
                                      "status": accreditation.get_status_display().lower()})
    if target != A.ACTIVE and not reason.strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    previous = accreditation.status
    accreditation.status = target
    accreditation.status_reason = reason.strip()
    accreditation.status_changed_at = clock.now()
    accreditation.save(update_fields=["status", "status_reason", "status_changed_at"])
    record_event(actor=actor, action=action, target=accreditation, reason=reason.strip(),
                 **{"from": previous, "to": target})
    return accreditation


@transaction.atomic
def suspend_accreditation(*, actor, accreditation: Accreditation, reason: str) -> Accreditation:
    """Suspend (reversibly): the holder starts no new work in this standard meanwhile."""
    return _decide(actor=actor, accreditation_id=accreditation.pk, sources=(A.ACTIVE,),
                   target=A.SUSPENDED, reason=reason, action="accreditation.suspended",
                   refused=_("Accreditation %(folio)s is %(status)s; only an active one can "
                             "be suspended."))


@transaction.atomic
def reinstate_accreditation(*, actor, accreditation: Accreditation,
                            reason: str = "") -> Accreditation:
    """Lift a suspension; work that waited can go on."""
    if Accreditation.objects.filter(
            standard=accreditation.standard, status=A.ACTIVE,
            awarding_body=accreditation.awarding_body, centre=accreditation.centre,
            assessor=accreditation.assessor).exists():
        raise ServiceError(_("The holder already has another active accreditation for "
                             "this standard."))
    return _decide(actor=actor, accreditation_id=accreditation.pk, sources=(A.SUSPENDED,),
                   target=A.ACTIVE, reason=reason, action="accreditation.reinstated",
                   refused=_("Accreditation %(folio)s is %(status)s; only a suspended one "
                             "can be reinstated."))


@transaction.atomic
def revoke_accreditation(*, actor, accreditation: Accreditation, reason: str) -> Accreditation:
    """Revoke for good."""
    return _decide(actor=actor, accreditation_id=accreditation.pk,
                   sources=(A.ACTIVE, A.SUSPENDED), target=A.REVOKED, reason=reason,
                   action="accreditation.revoked",
                   refused=_("Accreditation %(folio)s is %(status)s and cannot be revoked."))


def expire_accreditations(*, today: datetime.date | None = None) -> list[str]:
    """Active or suspended accreditations past their validity become expired."""
    today = today or clock.today()
    expired = []
    for pk in Accreditation.objects.filter(status__in=(A.ACTIVE, A.SUSPENDED),
                                           valid_until__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            accreditation = Accreditation.objects.select_for_update().get(pk=pk)
            if accreditation.status not in (A.ACTIVE, A.SUSPENDED) \
                    or accreditation.valid_until >= today:
                continue
            previous = accreditation.status
            accreditation.status = A.EXPIRED
            accreditation.status_changed_at = clock.now()
            accreditation.save(update_fields=["status", "status_changed_at"])
            record_event(actor=None, action="accreditation.expired", target=accreditation,
                         valid_until=str(accreditation.valid_until), **{"from": previous})
            expired.append(accreditation.folio)
    return expired


# Registration of bodies, centres and assessors ------------------------------------------

@transaction.atomic
def register_awarding_body(*, actor, awarding_body: AwardingBody) -> AwardingBody:
    """CONOCER registers an awarding body (ECE or OC); its scope comes with accreditation."""
    _ensure(is_conocer_admin(actor), _("Only CONOCER administrators register awarding "
                                       "bodies."))
    return save_audited(actor=actor, obj=awarding_body, noun="awarding_body",
                        kind=awarding_body.kind)


@transaction.atomic
def register_centre(*, actor, centre: AssessmentCentre) -> AssessmentCentre:
    """An awarding body (or CONOCER) registers one of its assessment centres, or updates
    its details; accreditation for standards comes separately."""
    _ensure(permissions.can(actor, "body.manage", centre.awarding_body),
            _("Only administrators of %(body)s register its centres.") % {
                "body": centre.awarding_body})
    return save_audited(actor=actor, obj=centre, noun="centre",
                        awarding_body=str(centre.awarding_body))


@transaction.atomic
def register_assessor(*, actor, assessor: Assessor) -> Assessor:
    """An awarding body (or CONOCER) registers an assessor: of one of its centres, or an
    independent assessor (no centre). Accreditation per standard comes separately."""
    _ensure(permissions.can(actor, "body.manage", assessor.awarding_body),
            _("Only administrators of %(body)s register its assessors.") % {
                "body": assessor.awarding_body})
    if assessor.centre_id and assessor.centre.awarding_body_id != assessor.awarding_body_id:
        raise ValidationError({"centre": _("The centre belongs to another awarding body.")})
    return save_audited(actor=actor, obj=assessor, noun="assessor",
                        awarding_body=str(assessor.awarding_body))


@transaction.atomic
def accredit_assessor(*, actor, assessor: Assessor, standard: Standard,
                      valid_from: datetime.date, valid_until: datetime.date) -> Accreditation:
    """Accredit an assessor for a standard once the registry shows they are eligible (the
    checks in hooks.eligibility_checks). Permission comes first: nobody learns what
    another body's assessor lacks."""
    _ensure(permissions.can(actor, "accreditation.grant", assessor.awarding_body),
            _("Only administrators of %(body)s can accredit its centres and assessors.")
            % {"body": assessor.awarding_body})
    problems = [problem for check in hooks.eligibility_checks
                for problem in check(assessor, standard)]
    if problems:
        raise ValidationError({"standard": problems})
    return grant_accreditation(actor=actor, assessor=assessor, standard=standard,
                               valid_from=valid_from, valid_until=valid_until)


# Memberships: roles of people in bodies ------------------------------------------------

R = Membership.Role
ROLES_BY_BODY = {
    "lead_body": {R.MEMBER, R.ADMINISTRATOR},
    "awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER},
    "centre": {R.ADMINISTRATOR, R.ASSESSOR, R.VERIFIER},
}


def _ensure_can_manage_members(actor, field: str, body):
    if field == "lead_body":
        allowed = is_conocer_admin(actor)
    else:
        allowed = permissions.can(actor, "body.manage", body)
    _ensure(allowed, _("Only CONOCER administrators and the administrators of %(body)s "
                       "give or take roles in it.") % {"body": body})


@transaction.atomic
def grant_membership(*, actor, user, role: str, lead_body=None, awarding_body=None,
                     centre=None) -> Membership:
    """Give a person a role in one body (a lead body, an awarding body or a centre)."""
    bodies = {name: body for name, body in (("lead_body", lead_body),
                                            ("awarding_body", awarding_body),
                                            ("centre", centre)) if body is not None}
    if len(bodies) != 1:
        raise ValidationError(_("Choose exactly one body: a lead body, an awarding body or "
                                "an assessment centre."))
    (field, body), = bodies.items()
    _ensure_can_manage_members(actor, field, body)
    if role not in ROLES_BY_BODY[field]:
        raise ValidationError({"role": _("%(role)s is not a role in %(body)s.") % {
            "role": Membership.Role(role).label, "body": body}})
    if Membership.objects.filter(user=user, role=role, **{field: body}).exists():
        raise ValidationError({"role": _("%(user)s already has this role in %(body)s.") % {
            "user": user, "body": body}})
    membership = Membership.objects.create(user=user, role=role, **{field: body})
    record_event(actor=actor, action="membership.granted", target=membership,
                 user=user.get_username(), role=role, body=str(body))
    return membership


@transaction.atomic
def revoke_membership(*, actor, membership_id: int, reason: str = "") -> None:
    """Take a role away; the audit log keeps who had it, where, and why it ended."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related(
        "user", "lead_body", "awarding_body", "centre").get(pk=membership_id)
    field = next(name for name in ("lead_body", "awarding_body", "centre")
                 if getattr(membership, f"{name}_id"))
    _ensure_can_manage_members(actor, field, membership.body)
    record_event(actor=actor, action="membership.revoked", target=membership,
                 user=membership.user.get_username(), role=membership.role,
                 body=str(membership.body), reason=reason.strip())
    membership.delete()
