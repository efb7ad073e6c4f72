import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from conocer.core import clock
from conocer.core.roles import is_conocer_admin

from . import permissions, supersession
from .models import Criterion, EducationLevelMapping, LeadBody, LevelDescriptor, Standard, Unit

DORMANT_AFTER_DAYS = 730  # 24 months without a certificate


def public_standards() -> QuerySet[Standard]:
    """Standards the public catalogue shows: everything ever published, marked by status
    (qualifications have a catalogue of their own)."""
    return Standard.objects.competence_standards().filter(
        status__in=Standard.PUBLIC_STATUSES).select_related("sector", "lead_body")


def public_qualifications() -> QuerySet[Standard]:
    """Qualifications ever published, for the qualifications catalogue and API."""
    return Standard.objects.qualifications().filter(
        status__in=Standard.PUBLIC_STATUSES).select_related("sector", "lead_body")


def qualifications_of(standard: Standard) -> QuerySet[Standard]:
    """The public qualifications this standard is a unit of."""
    return public_qualifications().filter(components=standard).order_by("code")


def components_of(qualification: Standard) -> QuerySet[Standard]:
    return qualification.components.select_related("sector").order_by("code")


def education_level_for(level: int) -> EducationLevelMapping | None:
    """How CONOCER maps this competence level to the national education system, if it
    does."""
    return EducationLevelMapping.objects.filter(level=level).first()


def frozen_framework(standard: Standard) -> dict:
    """What a certificate in this standard freezes of the framework now: its SINCO
    occupations and the official name of the education level its level maps to."""
    mapping = education_level_for(standard.level)
    return {"occupations": tuple({"code": o.code, "title": o.title}
                                 for o in standard.occupations.order_by("code")),
            "education_level": mapping.official_name if mapping else ""}


def levels_table() -> list[dict]:
    """The five levels: each with its descriptor and its education level mapping."""
    descriptors = dict(LevelDescriptor.objects.values_list("level", "descriptor"))
    mappings = {m.level: m for m in EducationLevelMapping.objects.all()}
    return [{"level": n, "descriptor": descriptors.get(n, ""), "mapping": mappings.get(n)}
            for n in range(1, 6)]


def with_structure(qs: QuerySet[Standard]) -> QuerySet[Standard]:
    return qs.prefetch_related(
        Prefetch("units", queryset=Unit.objects.prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id"))
        ).order_by("order", "id"))
    )


def standard_for_page(code: str, user) -> Standard | None:
    """The standard with this code if the user may see it (drafts only for their editors)."""
    standard = with_structure(
        Standard.objects.select_related("sector", "lead_body", "supersedes")
        .prefetch_related("occupations")
    ).filter(code=code.upper()).first()
    if standard is None:
        return None
    if standard.status in Standard.PUBLIC_STATUSES or permissions.can_see_unpublished(
            user, standard):
        return standard
    return None


def superseded_by(standard: Standard) -> Standard | None:
    return Standard.objects.filter(supersedes=standard).first()


def level_descriptor(level: int) -> str:
    return LevelDescriptor.objects.filter(level=level).values_list(
        "descriptor", flat=True).first() or ""


def dormant_standards(*, today: datetime.date | None = None) -> QuerySet[Standard]:
    """Published for over 24 months with no certificate issued in the last 24 months."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=DORMANT_AFTER_DAYS)
    return (Standard.objects.competence_standards().filter(status=Standard.Status.PUBLISHED)
            .filter(Q(dof_published_on__lte=cutoff) | Q(dof_published_on__isnull=True))
            .filter(Q(last_certified_on__isnull=True) | Q(last_certified_on__lt=cutoff))
            .select_related("sector", "lead_body")
            .order_by("last_certified_on", "code"))


def work_in_progress(user) -> QuerySet[Standard]:
    """Unpublished standards this user may work on: their lead bodies' drafts, or all for
    CONOCER admins."""
    qs = Standard.objects.exclude(status__in=Standard.PUBLIC_STATUSES).select_related(
        "lead_body", "sector")
    if is_conocer_admin(user):
        return qs.order_by("status", "code")
    editable = permissions.editable_lead_bodies(user, LeadBody.objects.all())
    return qs.filter(lead_body__in=editable).order_by("status", "code")


def not_in_force(standard: Standard, *, on: datetime.date | None = None) -> str:
    """Why no one can be assessed or certified in this standard now, in plain words; ""
    when it is published and within its validity."""
    on = on or clock.today()
    if standard.status == Standard.Status.PUBLISHED and (
            standard.valid_until is None or standard.valid_until >= on):
        return ""
    if standard.status in (Standard.Status.PUBLISHED, Standard.Status.EXPIRED):
        return _("%(code)s expired on %(date)s; no new assessments or certificates are "
                 "made in it.") % {"code": standard.code, "date": standard.valid_until}
    if standard.status == Standard.Status.WITHDRAWN:
        return _("%(code)s was withdrawn (%(reason)s); no new assessments or certificates "
                 "are made in it.") % {"code": standard.code,
                                       "reason": standard.withdrawn_reason}
    if standard.status == Standard.Status.SUPERSEDED:
        if supersession.in_transition(standard, on=on):
            return ""  # both versions may be assessed until the transition ends
        return _("%(code)s was replaced by a new version; new assessments and certificates "
                 "are made in the new one.") % {"code": standard.code}
    return _("%(code)s is not a published standard.") % {"code": standard.code}


def lead_body_work(*, editing, board) -> dict[str, int]:
    """Drafts of the lead bodies the user edits for, and the standards submitted to the
    boards the user sits on. One query."""
    S = Standard.Status
    return Standard.objects.filter(lead_body__in=editing).aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        submitted=Count("pk", filter=Q(status=S.SUBMITTED, lead_body__in=board or [0])))


def conocer_work() -> dict[str, int]:
    """Standards waiting for CONOCER's approval and for publication. One query."""
    S = Standard.Status
    return Standard.objects.aggregate(
        to_approve=Count("pk", filter=Q(status=S.LEAD_BODY_APPROVED)),
        to_publish=Count("pk", filter=Q(status=S.APPROVED)))
