"""The framework's reference data, kept by CONOCER administrators: how each competence
level maps to a level of the national education system, and the SINCO occupations
standards are aligned to. Each change is checked, saved and audited here.

The five level descriptors themselves are saved by standards.services
(save_level_descriptor); migration 0007 writes them, and the SINCO 2019 unit groups of
standards/data/framework.json, into a new registry.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from conocer.core.audit import record_event, save_audited
from conocer.core.errors import PermissionDenied
from conocer.core.roles import is_conocer_admin

from .framework_models import EducationLevelMapping, Occupation


def _ensure_conocer(actor, message):
    if not is_conocer_admin(actor):
        raise PermissionDenied(message)


@transaction.atomic
def save_education_mapping(*, actor, level: int, education_level: str,
                           notes: str = "") -> EducationLevelMapping | None:
    """CONOCER says which national education level a competence level corresponds to
    (an empty `education_level`: none any more). Certificates issued from then on freeze
    it into their claims; those issued before keep what they say."""
    _ensure_conocer(actor, _("Only CONOCER administrators map the levels to education "
                             "levels."))
    mapping = (EducationLevelMapping.objects.select_for_update().filter(level=level).first()
               or EducationLevelMapping(level=level))
    before = (mapping.education_level, mapping.notes) if mapping.pk else None
    if not education_level:  # no longer mapped
        if mapping.pk:
            record_event(actor=actor, action="education_level_mapping.deleted",
                         target=mapping, level=level, before=before[0])
            mapping.delete()
        return None
    mapping.education_level, mapping.notes = education_level, notes.strip()
    mapping.full_clean()
    if before == (mapping.education_level, mapping.notes):
        return mapping
    mapping.save()
    record_event(actor=actor, action="education_level_mapping.saved", target=mapping,
                 level=level, education_level=mapping.education_level,
                 before=before[0] if before else None)
    return mapping


@transaction.atomic
def save_occupation(*, actor, occupation: Occupation) -> Occupation:
    """CONOCER adds a SINCO unit group or corrects its title."""
    _ensure_conocer(actor, _("Only CONOCER administrators change the occupations."))
    return save_audited(actor=actor, obj=occupation, noun="occupation")
