"""The read models of the public statistics: counts of certificates (and of assessments'
verdicts) by a few dimensions, kept exact by issuance's and assessment's hooks in the
transaction of every change and recomputed nightly (services.repair_statistics).

No row names a person: a cell is a count of certificates that share a year, a standard,
a state, a status group and, per table, an awarding body or a sex and an age band. Sector
and level are the standard's (joined at query time from the small standards table).
Each table is narrow on purpose: the dashboard sums a few tens of thousands of cells
rather than millions of certificates, and the widest breakdowns live in their own table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bodies.models import AwardingBody
from standards.models import Standard


class StatusGroup(models.TextChoices):
    """How a counted certificate stands. Cancelled ones (issued in error) and replaced
    ones (their corrected reissue counts instead) are not counted at all."""

    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class Sex(models.TextChoices):
    """Position 11 of the CURP frozen in the certificate."""

    MEN = "H", _("Men")
    WOMEN = "M", _("Women")
    NON_BINARY = "X", _("Non-binary")
    NOT_RECORDED = "", _("Not recorded")


class AgeBand(models.TextChoices):
    """Age on the day of issue, from the birth date in the frozen CURP."""

    UNDER_25 = "under_25", _("Under 25")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_64", _("55 to 64")
    FROM_65 = "65_plus", _("65 and over")
    NOT_RECORDED = "", _("Not recorded")


# The lower bound of every band but the first, in order (AgeBand.band_of reads them).
AGE_BAND_STARTS = ((65, AgeBand.FROM_65), (55, AgeBand.FROM_55), (45, AgeBand.FROM_45),
                   (35, AgeBand.FROM_35), (25, AgeBand.FROM_25))


class Cell(models.Model):
    """What every certificate table shares: the key and the count."""

    year = models.PositiveSmallIntegerField(_("year of issue"))
    kind = models.CharField(_("kind"), max_length=20, choices=Standard.Kind.choices)
    standard = models.ForeignKey(Standard, verbose_name=_("standard"),
                                 on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=StatusGroup.choices)
    count = models.IntegerField(_("certificates"), default=0)

    KEY = ("year", "kind", "standard_id", "state", "status")

    class Meta:
        abstract = True

    def __str__(self):
        return " · ".join(str(getattr(self, name)) for name in (*self.KEY, "count"))


class StandardCount(Cell):
    """Certificates by year, kind, standard, state and status group."""

    class Meta:
        verbose_name = _("certificates by standard and state")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(
            fields=["year", "kind", "standard", "state", "status"],
            name="statistics_standard_cell")]


class BodyCount(Cell):
    """… and awarding body."""

    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("awarding body"),
                                      on_delete=models.CASCADE, related_name="+")

    KEY = (*Cell.KEY, "awarding_body_id")

    class Meta:
        verbose_name = _("certificates by awarding body")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(
            fields=["year", "kind", "standard", "state", "status", "awarding_body"],
            name="statistics_body_cell")]


class PeopleCount(Cell):
    """… and the holder's sex and age band (never the person)."""

    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices,
                                blank=True)

    KEY = (*Cell.KEY, "sex", "age_band")

    class Meta:
        verbose_name = _("certificates by sex and age band")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(
            fields=["year", "kind", "standard", "state", "status", "sex", "age_band"],
            name="statistics_people_cell")]


class VerdictCount(models.Model):
    """Submitted assessments by year of submission, standard, the centre's state (else
    the awarding body's) and verdict."""

    year = models.PositiveSmallIntegerField(_("year of submission"))
    standard = models.ForeignKey(Standard, verbose_name=_("standard"),
                                 on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=3)
    verdict = models.CharField(_("verdict"), max_length=20)
    count = models.IntegerField(_("assessments"), default=0)

    KEY = ("year", "standard_id", "state", "verdict")

    class Meta:
        verbose_name = _("assessments by verdict")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(
            fields=["year", "standard", "state", "verdict"], name="statistics_verdict_cell")]

    def __str__(self):
        return " · ".join(str(getattr(self, name)) for name in (*self.KEY, "count"))


CERTIFICATE_TABLES = (StandardCount, BodyCount, PeopleCount)


class Repair(models.Model):
    """One run of the nightly recount (services.repair_statistics): when, and how many
    cells of each table it found wrong and corrected (the audit event points here)."""

    ran_at = models.DateTimeField(_("ran at"))
    corrected = models.JSONField(_("cells corrected, by table"), default=dict)
    cells = models.PositiveIntegerField(_("cells corrected"), default=0)

    class Meta:
        verbose_name = _("statistics repair")
        verbose_name_plural = _("statistics repairs")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M} · {self.cells}"
