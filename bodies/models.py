"""Awarding bodies (ECE/OC), assessment centres, assessors, accreditations, memberships.

An accreditation is a per-standard credential (cédula) with its own folio and
validity: CONOCER accredits an awarding body, and an awarding body accredits a
centre or an assessor, for one standard each. The set of a body's active
accreditations is its scope.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conocer.core.choices import MexicanState
from conocer.core.identity import validate_curp
from conocer.core.text import validate_name
from standards.models import LeadBody, Standard

from .contact import phone_uri, validate_phone, validate_postal_code, validate_website


class AwardingBody(models.Model):
    """Entidad de Certificación y Evaluación (ECE) or Organismo Certificador (OC)."""

    class Kind(models.TextChoices):
        ECE = "ECE", _("Certification and assessment entity (ECE)")
        OC = "OC", _("Certifying body (OC)")

    name = models.CharField(_("name"), max_length=255, unique=True, validators=[validate_name])
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=3, choices=MexicanState.choices)
    city = models.CharField(_("city"), max_length=120, blank=True, validators=[validate_name])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("awarding body")
        verbose_name_plural = _("awarding bodies")
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name

    def permission_scope(self):
        return self.pk, None


class AssessmentCentre(models.Model):
    """Centro de Evaluación, accredited by one awarding body."""

    awarding_body = models.ForeignKey(
        AwardingBody, verbose_name=_("awarding body"), on_delete=models.PROTECT,
        related_name="centres",
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255, validators=[validate_name])
    state = models.CharField(_("state"), max_length=3, choices=MexicanState.choices,
                             db_index=True)
    municipality = models.CharField(_("municipality"), max_length=120, validators=[validate_name])
    street = models.CharField(_("street and number"), max_length=255, blank=True,
                              validators=[validate_name],
                              help_text=_("Street, number and neighbourhood (colonia)."))
    postal_code = models.CharField(_("zip code"), max_length=5, blank=True,
                                   validators=[validate_postal_code])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone],
                             help_text=_("10 digits, area code included."))
    # A CharField: URLField would add Django's own, vaguer message beside ours.
    website = models.CharField(_("website"), max_length=200, blank=True,
                               validators=[validate_website])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment centre")
        verbose_name_plural = _("assessment centres")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def phone_uri(self) -> str:
        return phone_uri(self.phone)

    @property
    def website_label(self) -> str:
        """The website as people say it: its host, without https:// or www."""
        host = urlsplit(self.website).hostname or ""
        return host.removeprefix("www.")

    def permission_scope(self):
        return self.awarding_body_id, self.pk


class Assessor(models.Model):
    """An assessor, working for a centre or as an independent assessor (EI)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assessor",
    )
    full_name = models.CharField(_("full name"), max_length=255, validators=[validate_name])
    curp = models.CharField(_("CURP"), max_length=18, unique=True, validators=[validate_curp])
    email = models.EmailField(_("email"), blank=True)
    awarding_body = models.ForeignKey(
        AwardingBody, verbose_name=_("awarding body"), on_delete=models.PROTECT,
        related_name="assessors",
    )
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("assessment centre"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assessors",
        help_text=_("Empty for an independent assessor."),
    )
    state = models.CharField(_("state"), max_length=3, choices=MexicanState.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    @property
    def is_independent(self) -> bool:
        return self.centre_id is None

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id


class Accreditation(models.Model):
    """A per-standard credential (cédula) for an awarding body, a centre or an assessor."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    folio = models.CharField(_("folio"), max_length=30, unique=True)
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT,
        related_name="accreditations",
    )
    awarding_body = models.ForeignKey(
        AwardingBody, verbose_name=_("accredited awarding body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="accreditations",
    )
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("accredited centre"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="accreditations",
    )
    assessor = models.ForeignKey(
        Assessor, verbose_name=_("accredited assessor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="accreditations",
    )
    granted_by = models.ForeignKey(
        AwardingBody, verbose_name=_("granted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="granted_accreditations",
        help_text=_("The awarding body that accredited a centre or assessor; empty when "
                    "CONOCER accredits an awarding body."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(awarding_body__isnull=False, centre__isnull=True, assessor__isnull=True)
                    | Q(awarding_body__isnull=True, centre__isnull=False, assessor__isnull=True)
                    | Q(awarding_body__isnull=True, centre__isnull=True, assessor__isnull=False)
                ),
                name="accreditation_has_exactly_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="accreditation_validity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(awarding_body__isnull=True) | Q(granted_by__isnull=True),
                name="accreditation_of_awarding_body_granted_by_conocer",
            ),
            models.UniqueConstraint(
                fields=["awarding_body", "standard"],
                condition=Q(status="active", awarding_body__isnull=False),
                name="one_active_accreditation_per_awarding_body_and_standard",
            ),
            models.UniqueConstraint(
                fields=["centre", "standard"],
                condition=Q(status="active", centre__isnull=False),
                name="one_active_accreditation_per_centre_and_standard",
            ),
            models.UniqueConstraint(
                fields=["assessor", "standard"],
                condition=Q(status="active", assessor__isnull=False),
                name="one_active_accreditation_per_assessor_and_standard",
            ),
        ]

    def __str__(self):
        return f"{self.folio} · {self.holder} · {self.standard.code}"

    @property
    def holder(self):
        return self.awarding_body or self.centre or self.assessor

    def permission_scope(self):
        if self.awarding_body_id:
            return self.awarding_body_id, None
        return self.granted_by_id, self.centre_id or self.assessor.centre_id


class Membership(models.Model):
    """A user's role in one body: a lead body, an awarding body or an assessment centre."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        REVIEWER = "reviewer", _("Reviewer")
        ASSESSOR = "assessor", _("Assessor")
        VERIFIER = "verifier", _("Verifier")
        MEMBER = "member", _("Committee member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    lead_body = models.ForeignKey(
        LeadBody, verbose_name=_("lead body"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships",
    )
    awarding_body = models.ForeignKey(
        AwardingBody, verbose_name=_("awarding body"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
    )
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("assessment centre"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(lead_body__isnull=False, awarding_body__isnull=True, centre__isnull=True)
                    | Q(lead_body__isnull=True, awarding_body__isnull=False, centre__isnull=True)
                    | Q(lead_body__isnull=True, awarding_body__isnull=True, centre__isnull=False)
                ),
                name="membership_in_exactly_one_body",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", "role", body],
                    condition=Q(**{f"{body}__isnull": False}),
                    name=f"membership_unique_role_per_{body}",
                )
                for body in ("lead_body", "awarding_body", "centre")
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.body}"

    @property
    def body(self):
        return self.lead_body or self.awarding_body or self.centre
