"""The figures of an awarding body's dashboard, and of a centre's (the same, restricted to
the centre), each one aggregate query bounded by the body or the centre and by the period
(certificates by centre and by standard: the aggregate on the id, then the few names).

What is counted:
- requests waiting: submitted and not yet decided; their age in working days (Monday to
  Friday after the day of the request, as the reviewers' queue counts it). "More than 5"
  means 6 working days or older.
- approval times: requests approved in the period (decided_at in it), calendar days from
  requested_at to decided_at; median and 90th percentile, continuous (aggregates.py).
- certificates: issued in the period, except those cancelled (issued in error) and those
  replaced by a corrected reissue (the reissue counts instead, on its own date). By
  assessor: the assessor of the assessment behind the request; imported historical
  certificates have none.
- rejection reasons: requests rejected in the period, grouped by their text without
  regard to case (of accented letters too on PostgreSQL; SQLite lowers only A to Z) or
  surrounding spaces, most frequent first.
- accreditations expiring: active ones whose validity ends within 90 days from today.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies import selectors as bodies_selectors
from bodies.models import Accreditation, AssessmentCentre, AwardingBody
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.selectors import working_days_between
from conocer.core import clock
from standards.models import Standard

from . import aggregates
from .periods import Period, after
from .tables import DATE, DAYS, INT, Column, Table

AGE_THRESHOLDS = (5, 10, 20)  # working days
EXPIRY_HORIZONS = (30, 60, 90)  # days from today
COUNTED = (Certificate.Status.VALID, Certificate.Status.REVOKED)
SECONDS_PER_DAY = 86_400
REASONS_SHOWN = 50


@dataclass(frozen=True)
class Scope:
    """Whose figures: one awarding body's, or one centre's."""

    body: AwardingBody | None = None
    centre: AssessmentCentre | None = None

    def certificates(self) -> QuerySet[Certificate]:
        if self.centre is not None:
            return Certificate.objects.filter(centre=self.centre)
        return Certificate.objects.filter(awarding_body=self.body)

    def requests(self) -> QuerySet[CertificateRequest]:
        if self.centre is not None:
            return CertificateRequest.objects.filter(assessment__centre=self.centre)
        return CertificateRequest.objects.filter(awarding_body=self.body)

    def accreditations(self) -> QuerySet[Accreditation]:
        """Of its centres and assessors (a body's: those it granted)."""
        if self.centre is not None:
            return Accreditation.objects.filter(Q(centre=self.centre)
                                                | Q(assessor__centre=self.centre))
        return Accreditation.objects.filter(granted_by=self.body)


def counted_certificates(certificates: QuerySet[Certificate],
                         period: Period) -> QuerySet[Certificate]:
    return certificates.filter(issued_on__gte=period.start, issued_on__lte=period.end,
                               status__in=COUNTED).order_by()


def days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_DAY, 1)


# Requests waiting -----------------------------------------------------------------------

WAITING_COLUMNS = (
    Column("waiting", gettext_lazy("Requests waiting"), INT),
    Column("oldest_working_days", gettext_lazy("Oldest, in working days"), INT),
    Column("over_5", gettext_lazy("More than 5 working days"), INT),
    Column("over_10", gettext_lazy("More than 10 working days"), INT),
    Column("over_20", gettext_lazy("More than 20 working days"), INT),
)
WAITING_NOTE = gettext_lazy(
    "Age in working days (Monday to Friday) after the day of the request, as the queue "
    "counts it: more than 5 means 6 or more.")


def waiting_aggregate(today: datetime.date | None = None) -> dict:
    """The aggregates behind the waiting figures: how many, the oldest request's time, and
    how many were made before each threshold's last day (a date bound computed once)."""
    today = today or clock.today()
    return {"waiting": Count("pk"), "oldest": Min("requested_at"), **{
        f"over_{limit}": Count("pk", filter=Q(requested_at__lt=after(
            aggregates.waiting_longer_than(limit, today=today))))
        for limit in AGE_THRESHOLDS}}


def waiting_row(found: dict, today: datetime.date | None = None) -> tuple:
    oldest = found["oldest"]
    age = working_days_between(timezone.localdate(oldest), today or clock.today()) \
        if oldest else 0
    return (found["waiting"], age, *(found[f"over_{limit}"] for limit in AGE_THRESHOLDS))


def waiting(scope: Scope, period: Period | None = None) -> Table:
    found = scope.requests().filter(status=CertificateRequest.Status.SUBMITTED).order_by(
    ).aggregate(**waiting_aggregate())
    return Table("waiting", _("Requests waiting for a decision"), WAITING_COLUMNS,
                 (waiting_row(found),), note=WAITING_NOTE)


# Approval times -------------------------------------------------------------------------

def approval_times(scope: Scope, period: Period) -> Table:
    approved = scope.requests().filter(status=CertificateRequest.Status.APPROVED,
                                       decided_at__gte=period.opens,
                                       decided_at__lt=period.closes)
    found = aggregates.duration_percentiles(approved, "requested_at", "decided_at",
                                            {"median": 0.5, "p90": 0.9})
    return Table("approval_times", _("Approval times"), (
        Column("approved", _("Requests approved"), INT),
        Column("median_days", _("Median (days)"), DAYS),
        Column("p90_days", _("90th percentile (days)"), DAYS),
    ), ((found["n"], days(found["median"]), days(found["p90"])),),
        note=_("Calendar days from the request to its approval, for the requests approved "
               "in the period. Half were approved within the median; nine in ten within "
               "the 90th percentile."))


# Certificates ---------------------------------------------------------------------------

def _by(certificates, *keys):
    """Counts per value of `keys`, most first; certificates without one (no centre, no
    assessor) last among equals. COUNT(*), not COUNT(id): the count then comes from the
    covering index alone (issuance's certificate_body_issued / certificate_centre_issued)."""
    return certificates.values(*keys).annotate(n=Count("*")).order_by(
        "-n", *(F(key).asc(nulls_last=True) for key in keys))


def _counts_by_id(certificates, key: str, model, *names: str) -> list[tuple]:
    """(names of the row, count) per `key` id, most first: counted on the integer id
    (from the covering index), the names read afterwards for the few ids found (joining
    first would carry each name through every certificate's row). An empty id (no
    centre) gives None names and comes last among equals."""
    counts = dict(certificates.values_list(key).annotate(n=Count("*")).order_by())
    named = {pk: rest for pk, *rest in model.objects.filter(
        pk__in=[pk for pk in counts if pk is not None]).values_list("pk", *names)}
    rows = [(*named.get(pk, [None] * len(names)), n) for pk, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[-1], row[0] is None, row[:-1]))


def by_centre(scope: Scope, period: Period) -> Table:
    rows = _counts_by_id(counted_certificates(scope.certificates(), period), "centre",
                         AssessmentCentre, "name")
    return Table("by_centre", _("Certificates by centre"), (
        Column("centre", _("Centre")), Column("certificates", _("Certificates"), INT),
    ), tuple((name or _("No centre (independent assessor or imported)"), n)
             for name, n in rows), chart="certificates",
        empty=_("No certificate was issued in the period."))


def by_standard(scope: Scope, period: Period) -> Table:
    rows = _counts_by_id(counted_certificates(scope.certificates(), period), "standard",
                         Standard, "code", "title")
    return Table("by_standard", _("Certificates by standard"), (
        Column("code", _("Code")), Column("title", _("Standard")),
        Column("certificates", _("Certificates"), INT),
    ), tuple(rows), chart="certificates",
        empty=_("No certificate was issued in the period."))


def by_assessor(scope: Scope, period: Period) -> Table:
    rows = _by(counted_certificates(scope.certificates(), period),
               "request__assessment__assessor__full_name")
    return Table("by_assessor", _("Certificates by assessor"), (
        Column("assessor", _("Assessor")), Column("certificates", _("Certificates"), INT),
    ), tuple((r["request__assessment__assessor__full_name"]
              or _("No assessor recorded (imported)"), r["n"]) for r in rows),
        chart="certificates", empty=_("No certificate was issued in the period."))


# Rejection reasons ----------------------------------------------------------------------

def rejection_reasons(scope: Scope, period: Period) -> Table:
    rows = scope.requests().filter(
        status=CertificateRequest.Status.REJECTED, decided_at__gte=period.opens,
        decided_at__lt=period.closes,
    ).order_by().annotate(same=Lower(Trim("rejection_reason"))).values("same").annotate(
        n=Count("pk"), text=Min(Trim("rejection_reason"))).order_by("-n", "same")
    return Table("rejection_reasons", _("Rejection reasons"), (
        Column("reason", _("Reason")), Column("requests", _("Requests rejected"), INT),
    ), tuple((r["text"], r["n"]) for r in rows), chart="requests", shown=REASONS_SHOWN,
        note=_("The reasons as reviewers wrote them, the same text counted together "
               "whatever its capitals; the most frequent first."),
        empty=_("No request was rejected in the period."))


# Accreditations expiring ----------------------------------------------------------------

def horizon_counts(today: datetime.date, *, prefix: str = "", holder: Q | None = None) -> dict:
    """Count(...) per horizon (within 30 days, in 31 to 60, in 61 to 90), of the
    accreditations matching `holder`."""
    bounds = [today - datetime.timedelta(days=1)] + [
        today + datetime.timedelta(days=n) for n in EXPIRY_HORIZONS]
    return {f"{prefix}within_{n}": Count("pk", filter=(holder or Q()) & Q(
        valid_until__gt=low, valid_until__lte=high))
        for n, low, high in zip(EXPIRY_HORIZONS, bounds[:-1], bounds[1:], strict=True)}


HORIZON_LABELS = {
    30: gettext_lazy("Within 30 days"),
    60: gettext_lazy("In 31 to 60 days"),
    90: gettext_lazy("In 61 to 90 days"),
}


def expiring(accreditations: QuerySet[Accreditation]) -> QuerySet[Accreditation]:
    return bodies_selectors.expiring_soon(accreditations, days=EXPIRY_HORIZONS[-1])


def expiry_summary(scope: Scope, period: Period | None = None) -> Table:
    """How many accreditations of centres and cédulas of assessors end in each horizon."""
    today = clock.today()
    found = expiring(scope.accreditations()).order_by().aggregate(
        **horizon_counts(today, prefix="centres_", holder=Q(centre__isnull=False)),
        **horizon_counts(today, prefix="assessors_", holder=Q(assessor__isnull=False)))
    return Table("expiring_summary", _("Accreditations and cédulas expiring"), (
        Column("horizon", _("Validity ends")),
        Column("centres", _("Centre accreditations"), INT),
        Column("assessors", _("Assessors' cédulas"), INT),
    ), tuple((str(HORIZON_LABELS[n]), found[f"centres_within_{n}"], found[f"assessors_within_{n}"])
             for n in EXPIRY_HORIZONS))


EXPIRING_COLUMNS = (
    Column("folio", gettext_lazy("Folio")),
    Column("holder", gettext_lazy("Holder")),
    Column("standard", gettext_lazy("Standard")),
    Column("valid_until", gettext_lazy("Valid until"), DATE),
    Column("days_left", gettext_lazy("Days left"), INT),
)


def expiring_rows(accreditations: QuerySet[Accreditation]) -> tuple[tuple, ...]:
    today = clock.today()
    rows = expiring(accreditations).values_list(
        "folio", "awarding_body__name", "centre__name", "assessor__full_name",
        "standard__code", "valid_until").order_by("valid_until", "folio")
    return tuple((folio, body or centre or assessor, code, until, (until - today).days)
                 for folio, body, centre, assessor, code, until in rows)


def expiring_list(scope: Scope, period: Period | None = None) -> Table:
    return Table("expiring", _("Accreditations and cédulas ending within 90 days"),
                 EXPIRING_COLUMNS, expiring_rows(scope.accreditations()),
                 empty=_("None ends within 90 days."))


def conocer_accreditations(scope: Scope, period: Period | None = None) -> Table:
    return Table("conocer_accreditations",
                 _("Its accreditations from CONOCER ending within 90 days"),
                 EXPIRING_COLUMNS, expiring_rows(Accreditation.objects.filter(
                     awarding_body=scope.body)),
                 empty=_("None ends within 90 days."))


# The dashboards -------------------------------------------------------------------------

# Each table by its key, in the order the page shows them: a CSV computes only its own.
BODY_TABLES = {"waiting": waiting, "approval_times": approval_times, "by_centre": by_centre,
               "by_standard": by_standard, "by_assessor": by_assessor,
               "rejection_reasons": rejection_reasons, "expiring_summary": expiry_summary,
               "expiring": expiring_list, "conocer_accreditations": conocer_accreditations}
CENTRE_TABLES = {key: table for key, table in BODY_TABLES.items()
                 if key not in ("by_centre", "conocer_accreditations")}


def tables_of(scope: Scope) -> dict:
    return CENTRE_TABLES if scope.centre is not None else BODY_TABLES


def dashboard(scope: Scope, period: Period) -> list[Table]:
    return [table(scope, period) for table in tables_of(scope).values()]


def table(scope: Scope, key: str, period: Period) -> Table:
    """One table of the dashboard (KeyError for a key it does not have)."""
    return tables_of(scope)[key](scope, period)
