"""Competence standards (NTCL / EC), their structure, sectors and lead bodies.

Lead bodies (Comités de Gestión por Competencias) live here rather than in
`bodies`: a standard cannot exist without the committee that wrote it, and the
dependency rule (certification → bodies → standards) forbids `standards` from
pointing into `bodies`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conocer.core.text import fold, validate_name

from .framework_models import (  # noqa: F401 (the framework's models are registered here)
    EducationLevelMapping,
    Occupation,
    StandardQuerySet,
    Supersession,
    scian_code_validator,
)

# EC + four digits for a standard, CQ + four digits for a qualification (docs/qualifications.md),
# either with an optional version: EC0217.01, CQ0003.01.
STANDARD_CODE_PATTERN = r"^(EC|CQ)\d{4}(\.\d{2})?$"
standard_code_validator = RegexValidator(
    STANDARD_CODE_PATTERN,
    _("A standard code is EC followed by four digits, optionally a version such as "
      "EC0217.01 (a qualification's code starts with CQ)."),
    code="invalid_standard_code",
)


class Sector(models.Model):
    """A productive sector aligned with SCIAN (NAICS), or a historic competence area."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    scian_code = models.CharField(_("SCIAN code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LevelDescriptor(models.Model):
    """What each of the five competence levels means."""

    level = models.PositiveSmallIntegerField(
        _("level"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="leveldescriptor_level_1_to_5"
            )
        ]

    def __str__(self):
        return _("Level %(level)s") % {"level": self.level}


class LeadBody(models.Model):
    """Comité de Gestión por Competencias: the sector committee that writes standards."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255, validators=[validate_name])
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="lead_bodies"
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("lead body")
        verbose_name_plural = _("lead bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Standard(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("Competence standard")
        # A named set of at least two standards (its units) at a framework level: one
        # certifies it by holding valid certificates in all of them.
        QUALIFICATION = "qualification", _("Qualification")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted by the lead body")
        LEAD_BODY_APPROVED = "lead_body_approved", _("Approved by the lead body")
        APPROVED = "approved", _("Approved by CONOCER")
        PUBLISHED = "published", _("Published")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded by a new version")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What the public catalogue lists: the registry of standards ever in force.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.EXPIRED, Status.SUPERSEDED, Status.WITHDRAWN)
    # A draft is the only state whose text and structure may change.
    EDITABLE_STATUSES = (Status.DRAFT,)

    # Code prefix per kind: a qualification's code is CQ…, a standard's EC….
    CODE_PREFIXES = {Kind.STANDARD: "EC", Kind.QUALIFICATION: "CQ"}

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.STANDARD, db_index=True)
    code = models.CharField(
        _("code"), max_length=12, unique=True, validators=[standard_code_validator]
    )
    legacy_code = models.CharField(
        _("legacy NTCL code"), max_length=20, blank=True, db_index=True
    )
    title = models.CharField(_("title"), max_length=400, validators=[validate_name])
    purpose = models.TextField(_("purpose"), blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="standards"
    )
    # Its own SCIAN code, finer than its sector's (e.g. 6244 within 62); empty: the sector's.
    scian_code = models.CharField(_("SCIAN code"), max_length=6, blank=True, db_index=True,
                                  validators=[scian_code_validator])
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations (SINCO)"), blank=True, related_name="standards")
    lead_body = models.ForeignKey(
        LeadBody, verbose_name=_("lead body"), on_delete=models.PROTECT, related_name="standards"
    )
    generation = models.PositiveSmallIntegerField(_("generation"), default=4)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    assessment_instrument = models.CharField(
        _("assessment instrument"), max_length=255, blank=True
    )
    dof_published_on = models.DateField(_("published in the DOF on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    fee = models.DecimalField(
        _("certification fee (MXN)"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    supersedes = models.OneToOneField(
        "self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    # A qualification's units: the standards it is made of (empty for a standard).
    components = models.ManyToManyField(
        "self", verbose_name=_("units (standards)"), symmetrical=False, blank=True,
        related_name="qualifications", limit_choices_to={"kind": Kind.STANDARD},
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # Usage, kept by certification.services (issuance, revocation, nightly recount),
    # so the catalogue filters and sorts by it without counting millions of rows.
    # How long a certificate in this standard stays valid (some ECs set it, e.g. three
    # years); frozen into each certificate's claims at issuance. Empty: no end.
    certificate_validity_years = models.PositiveSmallIntegerField(
        _("certificate validity (years)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Leave empty when certificates in this standard do not expire."))
    certified_count = models.PositiveIntegerField(_("people certified"), default=0)
    last_certified_on = models.DateField(_("last certificate issued on"), null=True, blank=True)
    # Lower-case, accent-free code, title and purpose: the portable search fallback.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence standard")
        verbose_name_plural = _("competence standards")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5),
                                   name="standard_level_1_to_5"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="standard_validity_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(fee__isnull=True) | Q(fee__gte=0),
                                   name="standard_fee_not_negative"),
            models.CheckConstraint(condition=~Q(supersedes=models.F("id")),
                                   name="standard_does_not_supersede_itself"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.code, self.legacy_code, self.title, self.purpose]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        prefix = self.CODE_PREFIXES.get(self.kind, "EC")
        if self.code and not self.code.startswith(prefix):
            raise ValidationError({"code": _(
                "A qualification's code is CQ followed by four digits, e.g. CQ0001."
            ) if self.is_qualification else _("A standard's code starts with EC.")})

    @property
    def effective_scian_code(self) -> str:
        """Its own SCIAN code, or its sector's."""
        return self.scian_code or self.sector.scian_code

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_qualification(self) -> bool:
        return self.kind == self.Kind.QUALIFICATION


class Unit(models.Model):
    """A unit (element) of competence within a standard."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400, validators=[validate_name])
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("unit of competence")
        verbose_name_plural = _("units of competence")
        ordering = ["standard", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"],
                                    name="unit_code_unique_in_standard")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("Performance")
        PRODUCT = "product", _("Product")
        KNOWLEDGE = "knowledge", _("Knowledge")
        ATTITUDE = "attitude", _("Attitude, habit or value")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    bloom_level = models.PositiveSmallIntegerField(
        _("Bloom level"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Only for knowledge criteria: 1 remember … 6 create."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["unit", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bloom_level__isnull=True)
                | Q(kind="knowledge", bloom_level__gte=1, bloom_level__lte=6),
                name="criterion_bloom_level_only_for_knowledge",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class SearchSynonym(models.Model):
    """A word people use for what the catalogue words otherwise ("guardería" for
    cuidado infantil): a search for the word also finds the catalogue's words. CONOCER
    administrators keep the list (in the admin, through standards.services)."""

    term = models.CharField(
        _("word people use"), max_length=80, validators=[validate_name],
        help_text=_("One word or a short phrase, for example guardería."))
    means = models.CharField(
        _("search also for"), max_length=255, validators=[validate_name],
        help_text=_("The catalogue's words for it; several, separated by commas, for "
                    "example: cuidado infantil, atención infantil."))
    # The term folded (lower case, no accents, single spaces): what searches look up.
    key = models.CharField(max_length=80, unique=True, editable=False, error_messages={
        "unique": _("This word is on the list already: change its entry.")})
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["key"]

    def __str__(self):
        return f"{self.term} → {self.means}"

    def save(self, *args, **kwargs):
        self.key = self.key_of(self.term)
        super().save(*args, **kwargs)

    @staticmethod
    def key_of(text: str) -> str:
        return " ".join(fold(text).split())

    def phrases(self) -> list[str]:
        return [p for p in (self.key_of(part) for part in self.means.split(",")) if p]

    def clean(self):
        self.key = self.key_of(self.term)
        if not self.key:
            raise ValidationError({"term": _("Type the word people use.")})
        if not self.phrases():
            raise ValidationError({"means": _("Give the catalogue's words for it.")})

    def validate_unique(self, exclude=None):
        """A second entry for the same word is refused next to the word people use."""
        try:
            super().validate_unique(exclude)
        except ValidationError as error:
            raise ValidationError({"term" if field == "key" else field: errors
                                   for field, errors in error.error_dict.items()}) from error


class StandardSubscription(models.Model):
    """Someone who asked to be told when a standard changes (a new version, an upcoming
    expiry, its withdrawal), by e-mail. Only confirmed subscriptions receive notices
    (double opt-in); `token_hash` is the SHA-256 of the confirmation link's secret."""

    email = models.EmailField(_("email"))
    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE,
                                 related_name="subscriptions")
    token_hash = models.CharField(_("confirmation token hash"), max_length=64, unique=True,
                                  editable=False)
    created_at = models.DateTimeField(_("asked at"), editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("standard subscription")
        verbose_name_plural = _("standard subscriptions")
        ordering = ["standard", "email"]
        constraints = [
            models.UniqueConstraint(fields=["email", "standard"],
                                    name="one_subscription_per_email_and_standard"),
        ]

    def __str__(self):
        return f"{self.email} · {self.standard.code}"


class StandardNotice(models.Model):
    """A notice about a standard announced to its subscribers: one per standard and kind,
    so a retried task or a second sweep never announces the same change twice."""

    class Kind(models.TextChoices):
        NEW_VERSION = "new_version", _("New version published")
        EXPIRING = "expiring", _("Expiry upcoming")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE,
                                 related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("announced at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("standard notice")
        verbose_name_plural = _("standard notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "kind"],
                                    name="one_notice_per_standard_and_kind"),
        ]

    def __str__(self):
        return f"{self.standard.code} · {self.get_kind_display()}"
