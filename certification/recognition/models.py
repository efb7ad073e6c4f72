"""Foreign certification systems, their equivalences with Mexican standards, and the
requests to recognise a foreign certificate.

A request is made without an account: the person keeps its reference number
(REC-2026-XXXX-XXXX, see reference.py) and follows it with their birth date. Until a
reviewer decides, the request holds the identity the person typed; the decision makes
(or finds) the national person through assessment's services and links it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.models import Assessment, Person
from certification.issuance.models import Certificate
from conocer.core import clock
from conocer.core.text import validate_name
from standards.models import Standard, Unit

from .countries import Country


class ForeignSystem(models.Model):
    """A foreign system that certifies work competences (ChileValora, SENA, INFOTEP…)."""

    name = models.CharField(_("name"), max_length=255, unique=True, validators=[validate_name])
    acronym = models.CharField(_("acronym"), max_length=30, validators=[validate_name])
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Inactive systems are not offered to applicants."))
    created_at = models.DateTimeField(_("registered at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("foreign certification system")
        verbose_name_plural = _("foreign certification systems")
        ordering = ["country", "acronym"]

    def __str__(self):
        return f"{self.acronym} ({self.country})"


class Equivalence(models.Model):
    """A foreign profile or standard and the Mexican standard it corresponds to: fully,
    or partially, leaving some units to assess."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full")
        PARTIAL = "partial", _("Partial")

    system = models.ForeignKey(ForeignSystem, verbose_name=_("foreign system"),
                               on_delete=models.PROTECT, related_name="equivalences")
    foreign_code = models.CharField(_("foreign code"), max_length=60)
    foreign_title = models.CharField(_("foreign title"), max_length=400,
                                     validators=[validate_name])
    standard = models.ForeignKey(Standard, verbose_name=_("Mexican standard"),
                                 on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("equivalence"), max_length=10, choices=Kind.choices)
    units_to_assess = models.ManyToManyField(
        Unit, verbose_name=_("units still to assess"), blank=True, related_name="+",
        help_text=_("For a partial equivalence: the units of the Mexican standard the "
                    "foreign certificate does not cover."))
    notes = models.TextField(_("notes"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("Empty: until further notice."))
    created_at = models.DateTimeField(_("registered at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("equivalence")
        verbose_name_plural = _("equivalences")
        ordering = ["system__country", "system__acronym", "foreign_code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "foreign_code", "standard"],
                                    name="one_equivalence_per_foreign_code_and_standard"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="equivalence_validity_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.system.acronym} {self.foreign_code} → {self.standard.code}"

    def in_force(self, on=None) -> bool:
        on = on or clock.today()
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def certificate_file_path(instance, filename):
    return f"recognition/{instance.sha256}/{filename}"


class RecognitionRequest(models.Model):
    """A person's request to have a foreign certificate recognised."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Under review")
        RECOGNISED = "recognised", _("Recognised")
        PARTIAL = "partial", _("Partly recognised: assessment of the remaining units")
        REJECTED = "rejected", _("Not recognised")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    # Who asks, as typed (Person's fields; the decision makes the national person).
    curp = models.CharField(_("CURP"), max_length=18, blank=True, db_index=True)
    id_document_type = models.CharField(_("identity document"), max_length=20, blank=True,
                                        choices=Person.DocumentType.choices)
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    id_document_country = models.CharField(_("issuing country"), max_length=2, blank=True,
                                           choices=Country.choices)
    nationality = models.CharField(_("nationality"), max_length=2, choices=Country.choices)
    given_names = models.CharField(_("given names"), max_length=120, validators=[validate_name])
    first_surname = models.CharField(_("first surname"), max_length=120,
                                     validators=[validate_name])
    second_surname = models.CharField(_("second surname"), max_length=120, blank=True,
                                      validators=[validate_name])
    birth_date = models.DateField(_("birth date"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The foreign certificate.
    system = models.ForeignKey(ForeignSystem, verbose_name=_("issuing system"),
                               on_delete=models.PROTECT, related_name="requests")
    foreign_code = models.CharField(_("certificate code or number"), max_length=60)
    foreign_issued_on = models.DateField(_("date of the foreign certificate"))
    standard = models.ForeignKey(Standard, verbose_name=_("Mexican standard asked for"),
                                 on_delete=models.PROTECT, related_name="+")
    equivalence = models.ForeignKey(Equivalence, verbose_name=_("equivalence"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=certificate_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Made by a centre's staff on the person's behalf, or by the person alone.
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    centre = models.ForeignKey(AssessmentCentre, verbose_name=_("on behalf of the centre"),
                               null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"))
    submitted_at = models.DateTimeField(_("submitted at"), default=clock.now, editable=False)
    # The decision.
    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="recognition_requests")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("issuing awarding body"),
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    certificate = models.OneToOneField(Certificate, verbose_name=_("certificate"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    assessment = models.OneToOneField(Assessment, verbose_name=_("assessment"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    fee_waived = models.DecimalField(_("fee waived (MXN)"), max_digits=9, decimal_places=2,
                                     null=True, blank=True)
    fee_waiver_reason = models.CharField(_("reason for the waiver or subsidy"),
                                         max_length=300, blank=True)

    class Meta:
        verbose_name = _("recognition request")
        verbose_name_plural = _("recognition requests")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(curp="")
                | (~Q(id_document_type="") & ~Q(id_document_number="")
                   & ~Q(id_document_country="")),
                name="recognition_request_has_curp_or_document"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="rejected_recognition_has_reasons"),
            models.CheckConstraint(
                condition=~Q(status="recognised") | Q(certificate__isnull=False),
                name="recognised_request_has_certificate"),
            models.CheckConstraint(
                condition=~Q(status="partial") | Q(assessment__isnull=False),
                name="partial_recognition_has_assessment"),
            models.CheckConstraint(condition=Q(fee_waived__isnull=True) | Q(fee_waived__gte=0),
                                   name="fee_waived_not_negative"),
        ]

    def __str__(self):
        return self.reference

    def recognition_claims(self, *, partial: bool = False) -> dict:
        """What a certificate issued on this request says of its origin (frozen into its
        claims, trust.claims.Claims.recognition). `partial`: the certificate also rests on
        the assessment of the units the foreign certificate did not cover."""
        claims = {"system": self.system.acronym, "country": self.system.country,
                  "code": self.foreign_code, "issued_on": self.foreign_issued_on.isoformat(),
                  "reference": self.reference}
        return {**claims, "partial": True} if partial else claims

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname)
                        if p)

    @property
    def person_data(self) -> dict:
        """The person's fields as typed, for assessment's people services."""
        return {name: getattr(self, name) for name in PERSON_FIELDS}


PERSON_FIELDS = ("curp", "id_document_type", "id_document_number", "id_document_country",
                 "nationality", "given_names", "first_surname", "second_surname",
                 "birth_date", "email", "phone")
