"""The framework around the catalogue: occupations (SINCO 2019) that standards are
aligned to, how each competence level corresponds to a level of the national
education system (SEP), as CONOCER maps them, and CONOCER's word on a new version
(equivalent or not to the one it supersedes).

Imported by standards.models, so Django registers them with the app.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conocer.core.text import fold, validate_name

SINCO_CODE_PATTERN = r"^\d{4}$"
# SCIAN (NAICS Mexico): a sector (2 digits, or 31-33, 44-46, 48-49) down to a class (6).
SCIAN_CODE_PATTERN = r"^(\d{2,6}|31-33|44-46|48-49)$"
scian_code_validator = RegexValidator(
    SCIAN_CODE_PATTERN, _("A SCIAN code has two to six digits, e.g. 6244."),
    code="invalid_scian_code")


class StandardQuerySet(models.QuerySet):
    """Standard.objects: `competence_standards()` are what the standards catalogue,
    accreditation scopes and assessments list; `qualifications()` the sets of them."""

    def competence_standards(self):
        return self.filter(kind="standard")

    def qualifications(self):
        return self.filter(kind="qualification")


class Occupation(models.Model):
    """A unit group (grupo unitario, four digits) of INEGI's Sistema Nacional de
    Clasificación de Ocupaciones, 2019 edition (SINCO 2019)."""

    code = models.CharField(_("SINCO code"), max_length=4, unique=True, validators=[
        RegexValidator(SINCO_CODE_PATTERN, _("A SINCO unit group is four digits."))])
    title = models.CharField(_("title"), max_length=255, validators=[validate_name])
    # Lower-case, accent-free code and title: what the catalogue search compares.
    search_text = models.CharField(max_length=300, editable=False, blank=True)

    class Meta:
        verbose_name = _("occupation (SINCO)")
        verbose_name_plural = _("occupations (SINCO)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.title}")
        super().save(*args, **kwargs)


class EducationLevel(models.TextChoices):
    """Levels of the national education system (Sistema Educativo Nacional, SEP)."""

    PRIMARIA = "primaria", _("Primary education")
    SECUNDARIA = "secundaria", _("Lower secondary education")
    MEDIA_SUPERIOR = "media_superior", _("Upper secondary education")
    TECNICO_SUPERIOR = "tecnico_superior", _("Advanced technician (TSU)")
    LICENCIATURA = "licenciatura", _("Bachelor's degree")
    POSGRADO = "posgrado", _("Postgraduate studies")


# The official Spanish names, as frozen into certificates' claims and credentials (which
# are Spanish documents whatever language the page that issued them was in).
EDUCATION_LEVEL_OFFICIAL_NAMES = {
    EducationLevel.PRIMARIA: "Educación primaria",
    EducationLevel.SECUNDARIA: "Educación secundaria",
    EducationLevel.MEDIA_SUPERIOR: "Educación media superior",
    EducationLevel.TECNICO_SUPERIOR: "Técnico superior universitario",
    EducationLevel.LICENCIATURA: "Licenciatura",
    EducationLevel.POSGRADO: "Posgrado",
}


class EducationLevelMapping(models.Model):
    """The national education level a competence level (1–5) corresponds to: one row per
    level, kept by CONOCER administrators (standards.framework.save_education_mapping)."""

    level = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    education_level = models.CharField(_("education level"), max_length=20,
                                       choices=EducationLevel.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("education level mapping")
        verbose_name_plural = _("education level mappings")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5),
                                   name="educationlevelmapping_level_1_to_5"),
        ]

    def __str__(self):
        return f"{self.level} → {self.get_education_level_display()}"

    @property
    def official_name(self) -> str:
        return EDUCATION_LEVEL_OFFICIAL_NAMES.get(self.education_level, "")


class Supersession(models.Model):
    """CONOCER's word on a new version, given when it is published: equivalent or not to
    the one it supersedes, and the end of the transition period (standards/supersession.py)."""

    standard = models.OneToOneField("standards.Standard", verbose_name=_("new version"),
                                    on_delete=models.CASCADE, related_name="supersession")
    equivalent = models.BooleanField(_("equivalent to the version it supersedes"))
    transition_until = models.DateField(
        _("transition period ends on"), null=True, blank=True,
        help_text=_("The last day the old version can still be assessed and certified; "
                    "empty: no transition period."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("supersession")
        verbose_name_plural = _("supersessions")

    def __str__(self):
        return f"{self.standard.code} · {'=' if self.equivalent else '≠'}"
