import datetime
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from conocer.core import clock
from standards.models import Standard

from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody

EXPIRY_WARNING_DAYS = 60


def in_force(*, on: datetime.date | None = None) -> QuerySet[Accreditation]:
    """Accreditations active and within their validity on a date (today by default)."""
    on = on or clock.today()
    return Accreditation.objects.filter(status=Accreditation.Status.ACTIVE,
                                        valid_from__lte=on, valid_until__gte=on)


def scope_of(awarding_body: AwardingBody, *, on=None) -> QuerySet[Standard]:
    """Standards an awarding body is accredited for today."""
    return Standard.objects.filter(
        accreditations__in=in_force(on=on).filter(awarding_body=awarding_body)).distinct()


def accreditation_for(*, standard, on=None, **holder) -> Accreditation | None:
    """The accreditation in force of one holder (awarding_body=, centre= or assessor=)."""
    return in_force(on=on).filter(standard=standard, **holder).first()


_HOLDER_MESSAGES = {
    "awarding_body": {
        "suspended": _("The awarding body %(name)s is suspended for %(code)s."),
        "revoked": _("The awarding body %(name)s has had its accreditation for %(code)s "
                     "revoked."),
        "expired": _("The accreditation of the awarding body %(name)s for %(code)s has "
                     "expired."),
        None: _("The awarding body %(name)s is not accredited for %(code)s."),
    },
    "centre": {
        "suspended": _("The assessment centre %(name)s is suspended for %(code)s."),
        "revoked": _("The assessment centre %(name)s has had its accreditation for %(code)s "
                     "revoked."),
        "expired": _("The accreditation of the assessment centre %(name)s for %(code)s has "
                     "expired."),
        None: _("The assessment centre %(name)s is not accredited for %(code)s."),
    },
    "assessor": {
        "suspended": _("The assessor %(name)s is suspended for %(code)s."),
        "revoked": _("The assessor %(name)s has had the accreditation for %(code)s revoked."),
        "expired": _("The accreditation of the assessor %(name)s for %(code)s has expired."),
        None: _("The assessor %(name)s is not accredited for %(code)s."),
    },
}


def blocking_accreditations(*, standard, awarding_body, centre=None, assessor=None,
                            on=None) -> list[str]:
    """What stops new work (an assessment or a request) in `standard`, in plain words.

    Empty when the awarding body, the centre (if any) and the assessor (if any) are all
    accredited for the standard today.
    """
    return blocking_accreditations_of_many([(standard, awarding_body, centre, assessor)],
                                           on=on)[0]


def blocking_accreditations_of_many(cases, *, on=None) -> list[list[str]]:
    """`blocking_accreditations` for many `(standard, awarding_body, centre, assessor)` at
    once, in one query whatever their number (a queue page of requests)."""
    on = on or clock.today()
    holders = {field: set() for field in HOLDER_FIELDS}
    for _standard, *case_holders in cases:
        for field, holder in zip(HOLDER_FIELDS, case_holders, strict=True):
            if holder is not None:
                holders[field].add(holder.pk)
    found: dict[tuple, list[Accreditation]] = {}
    rows = Accreditation.objects.filter(
        standard__in={standard.pk for standard, *_rest in cases}).filter(
        Q(awarding_body__in=holders["awarding_body"]) | Q(centre__in=holders["centre"])
        | Q(assessor__in=holders["assessor"])).order_by("-valid_until", "-id")
    for accreditation in rows:
        field = next(f for f in HOLDER_FIELDS if getattr(accreditation, f"{f}_id"))
        key = (field, getattr(accreditation, f"{field}_id"), accreditation.standard_id)
        found.setdefault(key, []).append(accreditation)
    return [_problems(standard, dict(zip(HOLDER_FIELDS, case_holders, strict=True)), found, on)
            for standard, *case_holders in cases]


HOLDER_FIELDS = ("awarding_body", "centre", "assessor")


def _problems(standard, holders, found, on) -> list[str]:
    problems = []
    for field, holder in holders.items():
        if holder is None:
            continue
        history = found.get((field, holder.pk, standard.pk), [])
        if any(a.status == Accreditation.Status.ACTIVE and a.valid_from <= on <= a.valid_until
               for a in history):
            continue
        latest = history[0] if history else None
        status = latest.status if latest and latest.status != "active" else None
        if latest and status is None and latest.valid_until < on:
            status = "expired"
        problems.append(str(_HOLDER_MESSAGES[field][status]) % {
            "name": holder, "code": standard.code})
    return problems


def expiring_soon(accreditations: QuerySet[Accreditation], *, today=None,
                  days=EXPIRY_WARNING_DAYS) -> QuerySet[Accreditation]:
    today = today or clock.today()
    return accreditations.filter(status=Accreditation.Status.ACTIVE,
                                 valid_until__gte=today,
                                 valid_until__lte=today + datetime.timedelta(days=days)
                                 ).order_by("valid_until")


def granted_by(awarding_body: AwardingBody) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(
        Q(granted_by=awarding_body) | Q(awarding_body=awarding_body)
    ).select_related("standard", "centre", "assessor", "awarding_body").order_by(
        "standard__code", "valid_until")


def directory_centres(*, state: str = "", standard: Standard | None = None,
                      municipality: str = "", on=None) -> QuerySet[AssessmentCentre]:
    """Centres with at least one accreditation in force (for `standard`, when given),
    whose awarding body is itself accredited for that standard."""
    accredited = in_force(on=on).filter(centre=OuterRef("pk"))
    if standard is not None:
        accredited = accredited.filter(standard=standard).filter(Exists(
            in_force(on=on).filter(standard=standard,
                                   awarding_body=OuterRef("centre__awarding_body"))))
    qs = AssessmentCentre.objects.filter(Exists(accredited)).select_related("awarding_body")
    if state:
        qs = qs.filter(state=state)
    if municipality:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("state", "municipality", "name")


def count_by_state(centres) -> dict[str, int]:
    """How many of these centres (a list already read, or a query) each state has;
    states without any are left out."""
    if isinstance(centres, QuerySet):
        return dict(centres.order_by().values_list("state").annotate(n=Count("pk")))
    return dict(Counter(centre.state for centre in centres))


def centre_municipalities(centres: QuerySet[AssessmentCentre]) -> list[tuple[str, str]]:
    """(state, municipality) of these centres, each once, in order: the choices of the
    directory's municipality filter come from the data, not from a list to keep."""
    return list(centres.order_by("state", "municipality").values_list(
        "state", "municipality").distinct())


def directory_assessors(*, standard: Standard, state: str = "", on=None) -> QuerySet[Assessor]:
    """Independent assessors accredited for a standard today."""
    qs = Assessor.objects.filter(
        centre__isnull=True,
        accreditations__in=in_force(on=on).filter(standard=standard)).select_related(
        "awarding_body").distinct()
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "full_name")


def with_accreditations_in_force(qs: QuerySet, *, on=None) -> QuerySet:
    """Attach each body's or centre's accreditations in force as `.in_force`, in one
    query for the whole page instead of one per row."""
    return qs.prefetch_related(Prefetch(
        "accreditations", queryset=in_force(on=on).select_related("standard"),
        to_attr="in_force"))


def directory_awarding_bodies(*, state: str = "", standard=None, on=None):
    accredited = in_force(on=on).filter(awarding_body=OuterRef("pk"))
    if standard is not None:
        accredited = accredited.filter(standard=standard)
    qs = AwardingBody.objects.filter(Exists(accredited))
    if state:
        qs = qs.filter(Q(state=state) | Q(centres__state=state)).distinct()
    return qs.order_by("name")
