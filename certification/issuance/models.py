"""Certificate requests and certificates.

A certificate's claims (what it prints and signs) are frozen when it is issued
(`claims`, read through `Certificate.facts`); the foreign keys beside them are for
finding and counting, never for what the certificate says.
"""

import functools
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.models import Assessment, Person
from certification.trust.claims import Claims
from certification.trust.statuslist import MIN_BITS
from conocer.core import clock
from standards.models import Standard


class CertificateRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    assessment = models.OneToOneField(Assessment, verbose_name=_("assessment"),
                                      on_delete=models.PROTECT, related_name="request")
    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("awarding body"),
                                      on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        ordering = ["requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejected_request_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.get_status_display()}"

    def permission_scope(self):
        return self.awarding_body_id, self.assessment.centre_id


def random_status_list_index() -> int:
    """A free position in the revocation status list, drawn at random so that positions
    reveal neither issuance order nor how many certificates exist. The range is at
    least 16 times the number of certificates ever created (the highest id: an index
    lookup, where counting rows would scan millions at every issuance), so a draw
    rarely needs repeating."""
    highest = Certificate.objects.aggregate(highest=models.Max("pk"))["highest"] or 0
    capacity = max(MIN_BITS, 16 * highest)
    while True:
        index = secrets.randbelow(capacity)
        if not Certificate.objects.filter(status_list_index=index).exists():
            return index


def certificate_pdf_path(instance, filename):
    """One PDF per certificate, named by its folio (re-rendering replaces it)."""
    return f"certificates/{instance.folio}.pdf"


class Certificate(models.Model):
    """A competence certificate endorsed by SEP; the row is the source of truth.

    `folio` is the public identifier printed on the certificate and used to
    verify it (see folio.py). `claims` are what it asserts, frozen at issuance.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CANCELLED = "cancelled", _("Cancelled")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")

    folio = models.CharField(_("folio"), max_length=20, unique=True)
    request = models.OneToOneField(
        CertificateRequest, verbose_name=_("request"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="certificate",
        help_text=_("Empty for certificates imported from the previous registry."),
    )
    holder = models.ForeignKey(Person, verbose_name=_("holder"), on_delete=models.PROTECT,
                               related_name="certificates")
    standard = models.ForeignKey(Standard, verbose_name=_("standard"),
                                 on_delete=models.PROTECT, related_name="certificates")
    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("awarding body"),
                                      on_delete=models.PROTECT, related_name="certificates")
    centre = models.ForeignKey(AssessmentCentre, verbose_name=_("assessment centre"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="certificates")
    issued_on = models.DateField(_("issued on"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_path, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    pdf_generated_at = models.DateTimeField(_("PDF generated at"), null=True, blank=True)
    claims = models.JSONField(_("claims"), editable=False,
                              help_text=_("What the certificate asserts, frozen at issuance."))
    signature = models.CharField(_("signature"), max_length=200, blank=True)
    signing_key_id = models.CharField(_("signing key id"), max_length=64, blank=True)
    status_list_index = models.PositiveIntegerField(
        _("position in the status list"), unique=True, editable=False,
        default=random_status_list_index)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["standard", "issued_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(folio=""), name="certificate_folio_not_empty"),
            models.CheckConstraint(
                condition=Q(status="valid") | ~Q(status_reason="") | Q(status="replaced"),
                name="withdrawn_certificate_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.folio} · {self.facts.holder_name} · {self.facts.standard_code}"

    @functools.cached_property
    def facts(self) -> Claims:
        """The frozen claims, as an object (what pages, the PDF and credentials read)."""
        return Claims.from_dict(self.claims)

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id
