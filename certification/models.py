"""Candidates, assessments, certificate requests and certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre, Assessor, AwardingBody
from standards.models import Criterion, Standard

from .identity import validate_curp
from .statuslist import MIN_BITS


class Candidate(models.Model):
    """A person seeking certification (persona usuaria).

    Identified by CURP (Clave Única de Registro de Población) or, for people
    without one (migrants, returnees), by another identity document.
    """

    class DocumentType(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        FOREIGN_ID = "foreign_id", _("Foreign identity card")
        CONSULAR_ID = "consular_id", _("Consular registration (matrícula consular)")
        RESIDENCE_CARD = "residence_card", _("Residence card")
        OTHER = "other", _("Other official document")

    curp = models.CharField(_("CURP"), max_length=18, blank=True,
                            validators=[validate_curp])
    id_document_type = models.CharField(_("identity document"), max_length=20, blank=True,
                                        choices=DocumentType.choices)
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    id_document_country = models.CharField(
        _("issuing country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. US")
    )
    nationality = models.CharField(_("nationality"), max_length=2, default="MX",
                                   help_text=_("ISO 3166 code"))
    given_names = models.CharField(_("given names"), max_length=120)
    first_surname = models.CharField(_("first surname"), max_length=120)
    second_surname = models.CharField(_("second surname"), max_length=120, blank=True)
    birth_date = models.DateField(_("birth date"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("registered at"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="candidates",
    )
    registered_by = models.ForeignKey(
        Assessor, verbose_name=_("registered by assessor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="registered_candidates",
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True,
                                              blank=True)
    public_registry_opt_in = models.BooleanField(
        _("appears in the public registry of certified persons (RENAP)"), default=False
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["first_surname", "second_surname", "given_names"]
        indexes = [models.Index(fields=["birth_date", "first_surname"])]
        constraints = [
            models.UniqueConstraint(fields=["curp"], condition=~Q(curp=""),
                                    name="candidate_curp_unique"),
            models.UniqueConstraint(
                fields=["id_document_type", "id_document_number", "id_document_country"],
                condition=~Q(id_document_number=""),
                name="candidate_document_unique",
            ),
            models.CheckConstraint(
                condition=~Q(curp="")
                | (~Q(id_document_type="") & ~Q(id_document_number="")
                   & ~Q(id_document_country="")),
                name="candidate_has_curp_or_document",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)

    def permission_scope(self):
        if self.centre_id:
            return self.centre.awarding_body_id, self.centre_id
        if self.registered_by_id:  # an independent assessor's candidate
            return self.registered_by.awarding_body_id, None
        return None, None

    @property
    def identity(self) -> str:
        if self.curp:
            return self.curp
        return f"{self.get_id_document_type_display()} {self.id_document_number} " \
               f"({self.id_document_country})"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Verdict(models.TextChoices):
        COMPETENT = "competent", _("Competent")
        NOT_YET_COMPETENT = "not_yet_competent", _("Not yet competent")

    candidate = models.ForeignKey(Candidate, verbose_name=_("candidate"),
                                  on_delete=models.PROTECT, related_name="assessments")
    standard = models.ForeignKey(Standard, verbose_name=_("standard"),
                                 on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(Assessor, verbose_name=_("assessor"),
                                 on_delete=models.PROTECT, related_name="assessments")
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("assessment centre"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assessments",
    )
    awarding_body = models.ForeignKey(AwardingBody, verbose_name=_("awarding body"),
                                      on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    feedback = models.TextField(_("feedback for the candidate"), blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(verdict="") & Q(submitted_at__isnull=False)),
                name="submitted_assessment_has_verdict",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.standard.code}"

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id


class Judgement(models.Model):
    """The assessor's judgement on one criterion."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"),
                                  on_delete=models.PROTECT, related_name="judgements")
    met = models.BooleanField(_("met"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"],
                                    name="one_judgement_per_criterion")
        ]

    def __str__(self):
        return f"{self.assessment} · {self.criterion_id}"


def evidence_path(instance, filename):
    return f"evidence/{instance.assessment_id}/{instance.sha256}-{filename}"


class Evidence(models.Model):
    """A file in the candidate's portfolio: observation, product, test answers."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), null=True,
                                  blank=True, on_delete=models.SET_NULL)
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


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
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
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
    verify it (see certification.folio).
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
    holder = models.ForeignKey(Candidate, verbose_name=_("holder"), on_delete=models.PROTECT,
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
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_generated_at = models.DateTimeField(_("PDF generated at"), null=True, blank=True)
    signature = models.CharField(_("signature"), max_length=200, blank=True)
    signing_key_id = models.CharField(_("signing key id"), max_length=64, blank=True)
    status_list_index = models.PositiveIntegerField(
        _("position in the status list"), unique=True, editable=False,
        default=random_status_list_index)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

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
        return f"{self.folio} · {self.holder} · {self.standard.code}"

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id
