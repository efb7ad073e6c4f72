"""The accreditation chain: CONOCER accredits awarding bodies for a scope of standards;
an awarding body accredits centres and assessors only within its own scope.

Each decision is a service: one transaction, the permission check
(bodies.permissions), a translatable refusal, an audit event. Assessor eligibility
depends on certificates, so it lives in certification.services.accredit_assessor,
which then calls grant_accreditation here.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conocer.audit import record_event
from conocer.errors import ServiceError
from standards.models import LeadBody, Standard

from . import permissions, selectors
from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody

A = Accreditation.Status
FOLIO_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class PermissionDenied(ServiceError):
    pass


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
    _ensure(permissions.is_conocer_admin(actor),
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
    if accreditation.awarding_body_id:
        _ensure(permissions.is_conocer_admin(actor),
                _("Only CONOCER administrators decide on awarding bodies' accreditations."))
    else:
        _ensure(permissions.can(actor, "accreditation.suspend", accreditation))


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
    accreditation.status_changed_at = timezone.now()
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
    today = today or timezone.localdate()
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
            accreditation.status_changed_at = timezone.now()
            accreditation.save(update_fields=["status", "status_changed_at"])
            record_event(actor=None, action="accreditation.expired", target=accreditation,
                         valid_until=str(accreditation.valid_until), **{"from": previous})
            expired.append(accreditation.folio)
    return expired


# Registration of bodies (CONOCER) ------------------------------------------------------

def _register(*, actor, obj, noun: str, refused: str, **details):
    _ensure(permissions.is_conocer_admin(actor), refused)
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    record_event(actor=actor, action=f"{noun}.registered" if created else f"{noun}.updated",
                 target=obj, **details)
    return obj


@transaction.atomic
def register_lead_body(*, actor, lead_body: LeadBody) -> LeadBody:
    """CONOCER registers a sector committee (lead body) that may then write standards."""
    return _register(actor=actor, obj=lead_body, noun="lead_body",
                     refused=_("Only CONOCER administrators register lead bodies."))


@transaction.atomic
def register_awarding_body(*, actor, awarding_body: AwardingBody) -> AwardingBody:
    """CONOCER registers an awarding body (ECE or OC); its scope comes with accreditation."""
    return _register(actor=actor, obj=awarding_body, noun="awarding_body",
                     refused=_("Only CONOCER administrators register awarding bodies."),
                     kind=awarding_body.kind)
