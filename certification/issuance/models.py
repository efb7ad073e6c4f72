"""Certificate requests and certificates.

A certificate's claims (what it prints and signs) are frozen when it is issued
(`claims`, read through `Certificate.facts`); the foreign keys beside them are for
finding and counting, never for what the certificate says.
"""

import functools
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.models import Assessment, Person
from certification.trust.claims import Claims
from certification.trust.qr import qr_text
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
    # A request submitted before its standard expired or was withdrawn waits; CONOCER may
    # release it, during a transition period, so that it can still be approved.
    released_at = models.DateTimeField(_("released by CONOCER at"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("released by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    release_reason = models.TextField(_("why it was released"), blank=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        ordering = ["requested_at"]
        indexes = [
            # Back-office dashboards (certification/dashboards): a body's requests waiting
            # and their age, and its decisions within a period, read from the index alone.
            models.Index(fields=["awarding_body", "requested_at"],
                         condition=Q(status="submitted"), name="request_body_waiting"),
            models.Index(fields=["awarding_body", "status", "decided_at"],
                         name="request_body_decided"),
        ]
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
    # When its rendering was last queued; empty when queueing failed (broker down). The
    # sweep queues PDFs never queued or queued too long ago (services/pdfs.py).
    pdf_queued_at = models.DateTimeField(_("PDF queued at"), null=True, blank=True)
    # Frozen at issuance (a database trigger refuses to change them): what the certificate
    # asserts, the signed QR token and Open Badges credential made from it, and the secret
    # that salts the holder's identity hash in the credential.
    claims = models.JSONField(_("claims"), editable=False,
                              help_text=_("What the certificate asserts, frozen at issuance."))
    signing_key_id = models.CharField(_("signing key id"), max_length=64, editable=False)
    qr_token = models.TextField(_("QR token"), editable=False)
    credential = models.TextField(_("signed credential"), editable=False)
    identity_salt = models.CharField(_("identity salt"), max_length=64, editable=False)
    status_list_index = models.PositiveIntegerField(
        _("position in the status list"), unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["standard", "issued_on"]),
            # Back-office dashboards (certification/dashboards): one body's or one centre's
            # certificates in a period counted by centre, standard or request from the index
            # alone (an index-only scan: the rows hold frozen claims and credentials, and
            # reading them made a body's figures 30 times slower at 100,000), and their
            # last certificate (activity).
            models.Index(fields=["awarding_body", "issued_on"],
                         include=["status", "standard", "centre", "request"],
                         name="certificate_body_issued"),
            models.Index(fields=["centre", "issued_on"],
                         include=["status", "standard", "request"],
                         name="certificate_centre_issued"),
            # Only certificates still waiting for their PDF: the minute sweep reads few rows
            # among millions.
            models.Index(fields=["pdf_queued_at"], condition=Q(pdf_sha256=""),
                         name="certificate_pdf_pending"),
        ]
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

    @property
    def qr_text(self) -> str:
        """What the QR code carries: the issuer's URL and the signed token."""
        return qr_text(self.facts.issuer, self.qr_token)

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id


class StatusList(models.Model):
    """The registry's revocation list (W3C Bitstring Status List), kept up to date.

    `bits` is the bitstring (a certificate's bit set once it is cancelled, revoked or
    replaced) and `document` the signed BitstringStatusListCredential made from it, both
    rewritten in the same transaction as the status change; the public endpoint serves
    `document` as it is, so its cost does not depend on the number of certificates.
    """

    purpose = models.CharField(_("purpose"), max_length=20, unique=True, default="revocation")
    length = models.PositiveIntegerField(_("length in bits"), default=MIN_BITS)
    bits = models.BinaryField(_("bitstring"))
    document = models.TextField(_("signed status list credential"))
    etag = models.CharField(_("ETag"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self):
        return f"{self.purpose} ({self.length} bits)"


def correction_attachment_path(instance, filename):
    """Supporting files of corrections, one folder per certificate (not guessable: the
    name is random; only the awarding body's reviewers are shown it)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"corrections/{instance.certificate_id}/{uuid.uuid4().hex}.{extension}"


class CorrectionRequest(models.Model):
    """A holder asks the issuing awarding body to correct their certificate (name,
    identity document, birth date). The body's reviewers reissue it corrected (a new
    folio replacing the old one) or refuse with the reasons."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        REISSUED = "reissued", _("Corrected certificate issued")
        REFUSED = "refused", _("Refused")

    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"),
                                    on_delete=models.PROTECT, related_name="corrections")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="correction_requests")
    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("awarding body"),
                                      on_delete=models.PROTECT, related_name="corrections")
    changes = models.JSONField(_("corrections asked for"))
    reason = models.TextField(_("why"))
    attachment = models.FileField(_("supporting file"), upload_to=correction_attachment_path,
                                  blank=True)
    attachment_type = models.CharField(_("type of the supporting file"), max_length=100,
                                       blank=True)
    attachment_sha256 = models.CharField(_("SHA-256 of the supporting file"), max_length=64,
                                         blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reasons for refusal"), blank=True)
    replacement = models.OneToOneField(
        Certificate, verbose_name=_("corrected certificate"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="correction")

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(refusal_reason=""),
                                   name="refused_correction_has_reason"),
            models.CheckConstraint(
                condition=~Q(status="reissued") | Q(replacement__isnull=False),
                name="reissued_correction_has_replacement"),
            models.UniqueConstraint(fields=["certificate"], condition=Q(status="submitted"),
                                    name="one_open_correction_per_certificate"),
        ]

    def __str__(self):
        return f"{self.certificate.folio} · {self.get_status_display()}"

    def permission_scope(self):
        return self.awarding_body_id, None


class HolderNoticeOptOut(models.Model):
    """A holder who turned off the notices about a standard they hold a certificate in
    (holders receive them by default)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="notice_opt_outs")
    standard = models.ForeignKey(Standard, verbose_name=_("standard"),
                                 on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("turned off at"), default=clock.now)

    class Meta:
        verbose_name = _("holder's notices turned off")
        verbose_name_plural = _("holders' notices turned off")
        constraints = [
            models.UniqueConstraint(fields=["person", "standard"],
                                    name="one_opt_out_per_person_and_standard"),
        ]

    def __str__(self):
        return f"{self.person_id} · {self.standard_id}"


class RenewalReminder(models.Model):
    """A renewal reminder sent to a holder, `days_before` their certificate's validity
    ends: one per certificate and threshold, so a rerun sends nothing twice."""

    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"),
                                    on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before the end of validity"))
    sent_at = models.DateTimeField(_("sent at"), default=clock.now)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"],
                                    name="one_reminder_per_certificate_and_threshold"),
        ]

    def __str__(self):
        return f"{self.certificate_id} · {self.days_before}"


class QualificationReview(models.Model):
    """A qualification certificate flagged for CONOCER's review because a unit certificate
    it rests on was cancelled or revoked: never revoked silently. CONOCER keeps it (with a
    note) or revokes it (services/qualifications.py)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        KEPT = "kept", _("Kept")
        REVOKED = "revoked", _("Revoked")
        # Withdrawn some other way (the admin, the issuing body) while awaiting review.
        WITHDRAWN = "withdrawn", _("Withdrawn otherwise")

    certificate = models.ForeignKey(Certificate, verbose_name=_("qualification certificate"),
                                    on_delete=models.PROTECT, related_name="reviews")
    unit_certificate = models.ForeignKey(Certificate, verbose_name=_("unit certificate"),
                                         on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why it was flagged"))
    flagged_at = models.DateTimeField(_("flagged at"), default=clock.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               default=Outcome.PENDING, db_index=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification certificate review")
        verbose_name_plural = _("qualification certificate reviews")
        ordering = ["flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "unit_certificate"],
                                    name="one_review_per_qualification_and_unit_certificate"),
            models.CheckConstraint(condition=~Q(outcome="kept") | ~Q(note=""),
                                   name="kept_qualification_has_note"),
        ]

    def __str__(self):
        return f"{self.certificate.folio} · {self.get_outcome_display()}"
