"""The figures of CONOCER's dashboard: the whole registry. Each table is one aggregate
query, bounded by the period where it has one.

- certificates per year and awarding body: issued in the period, counted as the bodies'
  dashboards count them (selectors.COUNTED).
- requests waiting, per awarding body: as on a body's own dashboard.
- standards expiring: published, their validity ending within 90 days from today.
- dormant standards: standards' own definition (standards.selectors.dormant_standards:
  published over 24 months ago and no certificate in the last 24 months).
- bodies and centres without activity: no certificate issued and no request made in the
  last 12 months (365 days). Their last certificate is found through an index per body
  or centre (issuance migration 0005), not by scanning the certificates.
- accreditations expiring: every active accreditation ending within 90 days.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.models import Accreditation, AssessmentCentre, AwardingBody
from certification.issuance.models import Certificate, CertificateRequest
from conocer.core import clock
from standards import selectors as standards_selectors
from standards.models import Standard

from . import selectors
from .periods import Period, after
from .tables import DATE, INT, Column, Table

INACTIVE_AFTER_DAYS = 365
STANDARD_EXPIRY_DAYS = 90
LONG_LISTS_SHOWN = 50
TITLES = {
    "certificates_per_year": gettext_lazy("Certificates per year and awarding body"),
    "waiting_per_body": gettext_lazy("Requests waiting, per awarding body"),
    "standards_expiring": gettext_lazy("Standards whose validity ends within 90 days"),
    "dormant_standards": gettext_lazy("Dormant standards"),
    "inactive_bodies": gettext_lazy("Awarding bodies without activity in 12 months"),
    "inactive_centres": gettext_lazy("Centres without activity in 12 months"),
    "expiring_summary": gettext_lazy("Accreditations and cédulas expiring"),
    "expiring": gettext_lazy("Accreditations and cédulas ending within 90 days"),
}
INACTIVITY_NOTE = gettext_lazy(
    "No certificate issued and no certificate request made in the last 12 months.")


def certificates_per_year(period: Period) -> Table:
    rows = Certificate.objects.filter(
        issued_on__gte=period.start, issued_on__lte=period.end,
        status__in=selectors.COUNTED,
    ).order_by().annotate(year=ExtractYear("issued_on")).values(
        "year", "awarding_body__name").annotate(n=Count("*")).order_by(
        "year", "-n", "awarding_body__name")
    return Table("certificates_per_year", str(TITLES["certificates_per_year"]), (
        Column("year", _("Year")), Column("awarding_body", _("Awarding body")),
        Column("certificates", _("Certificates"), INT),
    ), tuple((r["year"], r["awarding_body__name"], r["n"]) for r in rows),
        chart="certificates", empty=_("No certificate was issued in the period."))


def waiting_per_body(period: Period | None = None) -> Table:
    today = clock.today()
    rows = CertificateRequest.objects.filter(
        status=CertificateRequest.Status.SUBMITTED).order_by().values(
        "awarding_body__name").annotate(**selectors.waiting_aggregate(today)).order_by(
        "-waiting", "awarding_body__name")
    return Table("waiting_per_body", str(TITLES["waiting_per_body"]), (
        Column("awarding_body", _("Awarding body")), *selectors.WAITING_COLUMNS,
    ), tuple((r["awarding_body__name"], *selectors.waiting_row(r, today)) for r in rows),
        chart="waiting", note=selectors.WAITING_NOTE,
        empty=_("No certificate request is waiting."))


def standards_expiring(period: Period | None = None, *, lead_body=None) -> Table:
    today = clock.today()
    standards = Standard.objects.filter(lead_body=lead_body) if lead_body else Standard.objects
    rows = standards.filter(
        status=Standard.Status.PUBLISHED, valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=STANDARD_EXPIRY_DAYS),
    ).order_by("valid_until", "code").values_list("code", "title", "valid_until",
                                                  "certified_count")
    return Table("standards_expiring", str(TITLES["standards_expiring"]), (
        Column("code", _("Code")), Column("title", _("Standard")),
        Column("valid_until", _("Valid until"), DATE),
        Column("days_left", _("Days left"), INT),
        Column("certified", _("People certified"), INT),
    ), tuple((code, title, until, (until - today).days, n) for code, title, until, n in rows),
        empty=_("No published standard ends within 90 days."))


def dormant(period: Period | None = None, *, lead_body=None) -> Table:
    rows = standards_selectors.dormant_standards(today=clock.today())
    if lead_body is not None:
        rows = rows.filter(lead_body=lead_body)
    rows = rows.values_list(
        "code", "title", "dof_published_on", "last_certified_on", "certified_count")
    return Table("dormant_standards", str(TITLES["dormant_standards"]), (
        Column("code", _("Code")), Column("title", _("Standard")),
        Column("published_on", _("Published in the DOF on"), DATE),
        Column("last_certified_on", _("Last certificate"), DATE),
        Column("certified", _("People certified"), INT),
    ), tuple(rows), shown=LONG_LISTS_SHOWN,
        note=_("Published more than 24 months ago with no certificate in the last 24 "
               "months, or never."),
        empty=_("No standard is dormant."))


def _last_certificate(**holder):
    return Subquery(Certificate.objects.filter(**holder).order_by("-issued_on").values(
        "issued_on")[:1])


def inactive_bodies(period: Period | None = None) -> Table:
    since = clock.today() - datetime.timedelta(days=INACTIVE_AFTER_DAYS)
    rows = AwardingBody.objects.filter(
        ~Exists(Certificate.objects.filter(awarding_body=OuterRef("pk"),
                                           issued_on__gt=since)),
        ~Exists(CertificateRequest.objects.filter(
            awarding_body=OuterRef("pk"), requested_at__gte=after(since))),
    ).annotate(last=_last_certificate(awarding_body=OuterRef("pk"))).order_by(
        "name").values_list("name", "state", "last")
    return Table("inactive_bodies", str(TITLES["inactive_bodies"]), (
        Column("awarding_body", _("Awarding body")), Column("state", _("State")),
        Column("last_certificate", _("Last certificate"), DATE),
    ), tuple(rows), note=INACTIVITY_NOTE,
        empty=_("Every awarding body has had activity in the last 12 months."))


def inactive_centres(period: Period | None = None) -> Table:
    since = clock.today() - datetime.timedelta(days=INACTIVE_AFTER_DAYS)
    rows = AssessmentCentre.objects.filter(
        ~Exists(Certificate.objects.filter(centre=OuterRef("pk"), issued_on__gt=since)),
        ~Exists(CertificateRequest.objects.filter(
            assessment__centre=OuterRef("pk"), requested_at__gte=after(since))),
    ).annotate(last=_last_certificate(centre=OuterRef("pk"))).order_by(
        "awarding_body__name", "name").values_list("name", "awarding_body__name", "state",
                                                   "last")
    return Table("inactive_centres", str(TITLES["inactive_centres"]), (
        Column("centre", _("Centre")), Column("awarding_body", _("Awarding body")),
        Column("state", _("State")), Column("last_certificate", _("Last certificate"), DATE),
    ), tuple(rows), shown=LONG_LISTS_SHOWN, note=INACTIVITY_NOTE,
        empty=_("Every centre has had activity in the last 12 months."))


def expiry_summary(period: Period | None = None) -> Table:
    today = clock.today()
    kinds = {"bodies_": Q(awarding_body__isnull=False), "centres_": Q(centre__isnull=False),
             "assessors_": Q(assessor__isnull=False)}
    found = selectors.expiring(Accreditation.objects.all()).order_by().aggregate(**{
        key: count for prefix, holder in kinds.items()
        for key, count in selectors.horizon_counts(today, prefix=prefix,
                                                   holder=holder).items()})
    return Table("expiring_summary", str(TITLES["expiring_summary"]), (
        Column("horizon", _("Validity ends")),
        Column("bodies", _("Awarding body accreditations"), INT),
        Column("centres", _("Centre accreditations"), INT),
        Column("assessors", _("Assessors' cédulas"), INT),
    ), tuple((str(selectors.HORIZON_LABELS[n]), *(found[f"{prefix}within_{n}"] for prefix in kinds))
             for n in selectors.EXPIRY_HORIZONS))


def expiring_list(period: Period | None = None) -> Table:
    return Table("expiring", str(TITLES["expiring"]),
                 selectors.EXPIRING_COLUMNS,
                 selectors.expiring_rows(Accreditation.objects.all()),
                 shown=LONG_LISTS_SHOWN, empty=_("None ends within 90 days."))


TABLES = {"certificates_per_year": certificates_per_year, "waiting_per_body": waiting_per_body,
          "standards_expiring": standards_expiring, "dormant_standards": dormant,
          "inactive_bodies": inactive_bodies, "inactive_centres": inactive_centres,
          "expiring_summary": expiry_summary, "expiring": expiring_list}


def dashboard(period: Period) -> list[Table]:
    return [table(period) for table in TABLES.values()]


def table(key: str, period: Period) -> Table:
    """One table (KeyError for an unknown key)."""
    return TABLES[key](period)
