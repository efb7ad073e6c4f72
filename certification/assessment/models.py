"""People, candidacies, assessments, judgements and evidence.

A person is national: one row per CURP (or identity document), whatever centres they go
to. A candidacy is the person's registration at one assessment centre (or with one
independent assessor): what that centre sees and assesses. Certificates belong to the
person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre, Assessor, AwardingBody
from conocer.core import clock
from conocer.core.identity import validate_curp
from conocer.core.text import validate_name
from standards.models import Criterion, Standard, Unit


class Person(models.Model):
    """A person of the national registry (persona usuaria).

    Identified by CURP (Clave Única de Registro de Población) or, for people without
    one (migrants, returnees), by another identity document and its issuing country.
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
    given_names = models.CharField(_("given names"), max_length=120, validators=[validate_name])
    first_surname = models.CharField(_("first surname"), max_length=120, validators=[validate_name])
    second_surname = models.CharField(_("second surname"), max_length=120, blank=True,
                                      validators=[validate_name])
    birth_date = models.DateField(_("birth date"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    public_registry_opt_in = models.BooleanField(
        _("appears in the public registry of certified persons (RENAP)"), default=False
    )
    created_at = models.DateTimeField(_("in the registry since"), default=clock.now,
                                      editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_surname", "second_surname", "given_names"]
        indexes = [models.Index(fields=["birth_date", "first_surname"])]
        constraints = [
            models.UniqueConstraint(fields=["curp"], condition=~Q(curp=""),
                                    name="person_curp_unique"),
            models.UniqueConstraint(
                fields=["id_document_type", "id_document_number", "id_document_country"],
                condition=~Q(id_document_number=""),
                name="person_document_unique",
            ),
            models.CheckConstraint(
                condition=~Q(curp="")
                | (~Q(id_document_type="") & ~Q(id_document_number="")
                   & ~Q(id_document_country="")),
                name="person_has_curp_or_document",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)

    @property
    def identity(self) -> str:
        if self.curp:
            return self.curp
        return f"{self.get_id_document_type_display()} {self.id_document_number} " \
               f"({self.id_document_country})"


class Candidacy(models.Model):
    """A person registered as a candidate at an assessment centre, or with an independent
    assessor: who the centre (or assessor) may assess, with the consent given there."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="candidacies")
    centre = models.ForeignKey(
        AssessmentCentre, verbose_name=_("assessment centre"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="candidacies",
    )
    assessor = models.ForeignKey(
        Assessor, verbose_name=_("independent assessor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="candidacies",
        help_text=_("For a person registered by an independent assessor (no centre)."),
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True,
                                              blank=True)
    created_at = models.DateTimeField(_("registered at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False, assessor__isnull=True)
                | Q(centre__isnull=True, assessor__isnull=False),
                name="candidacy_at_a_centre_or_with_an_independent_assessor",
            ),
            models.UniqueConstraint(fields=["person", "centre"],
                                    condition=Q(centre__isnull=False),
                                    name="one_candidacy_per_person_and_centre"),
            models.UniqueConstraint(fields=["person", "assessor"],
                                    condition=Q(assessor__isnull=False),
                                    name="one_candidacy_per_person_and_assessor"),
        ]

    def __str__(self):
        return f"{self.person} · {self.centre or self.assessor}"

    def permission_scope(self):
        if self.centre_id:
            return self.centre.awarding_body_id, self.centre_id
        return self.assessor.awarding_body_id, None


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Verdict(models.TextChoices):
        COMPETENT = "competent", _("Competent")
        NOT_YET_COMPETENT = "not_yet_competent", _("Not yet competent")

    candidacy = models.ForeignKey(Candidacy, verbose_name=_("candidacy"),
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
    returned_reason = models.TextField(
        _("why it was returned"), blank=True,
        help_text=_("Set when the awarding body sends the assessment back; cleared when it "
                    "is submitted again."))
    started_at = models.DateTimeField(_("started at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A partial recognition of a foreign certificate leaves some units to assess: the
    # judgements, the progress and the verdict cover only these. Empty: the whole standard.
    scope = models.ManyToManyField(
        Unit, verbose_name=_("units in scope"), blank=True, related_name="+",
        help_text=_("Only these units are assessed; empty for the whole standard."))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(verdict="") & Q(submitted_at__isnull=False)),
                name="submitted_assessment_has_verdict",
            ),
            # Two assessors starting at once cannot open two drafts of the same thing.
            models.UniqueConstraint(fields=["candidacy", "standard"],
                                    condition=Q(status="draft"),
                                    name="one_draft_per_candidacy_and_standard"),
        ]

    def __str__(self):
        return f"{self.candidacy.person} · {self.standard.code}"

    @property
    def person(self) -> Person:
        return self.candidacy.person

    def permission_scope(self):
        return self.awarding_body_id, self.centre_id

    def criteria(self):
        """The criteria this assessment judges: its standard's, or only those of the
        units in its scope."""
        criteria = Criterion.objects.filter(unit__standard=self.standard_id)
        units = [unit.pk for unit in self.scope.all()]
        return criteria.filter(unit__in=units) if units else criteria


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
    uploaded_at = models.DateTimeField(_("uploaded at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
