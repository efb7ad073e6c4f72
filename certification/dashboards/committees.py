"""The figures of a lead body's (comité de gestión por competencias) dashboard: how its
standards are used. Certificates are counted as on the bodies' dashboards
(selectors.COUNTED), through the index on (standard, issued_on); expiring and dormant
standards as on CONOCER's, restricted to the committee's standards."""

from django.db.models import Count, F
from django.utils.translation import gettext as _

from certification.issuance.models import Certificate
from standards.models import LeadBody

from . import selectors, system
from .periods import Period
from .tables import INT, Column, Table


def _certificates(lead_body: LeadBody, period: Period):
    return selectors.counted_certificates(
        Certificate.objects.filter(standard__lead_body=lead_body), period)


def by_standard(lead_body: LeadBody, period: Period) -> Table:
    rows = _certificates(lead_body, period).values("standard__code", "standard__title").annotate(
        n=Count("*")).order_by("-n", "standard__code")
    return Table("by_standard", _("Certificates in its standards"), (
        Column("code", _("Code")), Column("title", _("Standard")),
        Column("certificates", _("Certificates"), INT),
    ), tuple((r["standard__code"], r["standard__title"], r["n"]) for r in rows),
        chart="certificates", empty=_("No certificate was issued in the period."))


def by_awarding_body(lead_body: LeadBody, period: Period) -> Table:
    rows = _certificates(lead_body, period).values("awarding_body__name").annotate(
        n=Count("*")).order_by("-n", F("awarding_body__name"))
    return Table("by_awarding_body", _("Who certifies in its standards"), (
        Column("awarding_body", _("Awarding body")),
        Column("certificates", _("Certificates"), INT),
    ), tuple((r["awarding_body__name"], r["n"]) for r in rows), chart="certificates",
        empty=_("No certificate was issued in the period."))


def standards_expiring(lead_body: LeadBody, period: Period) -> Table:
    return system.standards_expiring(period, lead_body=lead_body)


def dormant(lead_body: LeadBody, period: Period) -> Table:
    return system.dormant(period, lead_body=lead_body)


TABLES = {"by_standard": by_standard, "by_awarding_body": by_awarding_body,
          "standards_expiring": standards_expiring, "dormant_standards": dormant}


def dashboard(lead_body: LeadBody, period: Period) -> list[Table]:
    return [table(lead_body, period) for table in TABLES.values()]


def table(lead_body: LeadBody, key: str, period: Period) -> Table:
    return TABLES[key](lead_body, period)
