"""The framework's reference data, kept by CONOCER administrators: how each competence
level maps to a level of the national education system, and the SINCO occupations
standards are aligned to. Each change is checked, saved and audited here.

The five level descriptors themselves are saved by standards.services
(save_level_descriptor); migration 0007 writes them, and the SINCO 2019 unit groups of
standards/data/framework.json, into a new registry.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from conocer.core.audit import record_event, save_audited
from conocer.core.errors import PermissionDenied
from conocer.core.roles import is_conocer_admin

from .framework_models import EducationLevelMapping, Occupation

REFERENCE_DATA = Path(__file__).resolve().parent / "data" / "framework.json"


@transaction.atomic
def ensure_reference_data() -> int:
    """The five level descriptors (where none is written yet) and the SINCO 2019 unit
    groups of standards/data/framework.json (where the code is not there yet), as
    migration 0007 writes them into a new registry: for a registry emptied since (a
    restored or flushed database) and the demo. Returns how many rows it added."""
    from .models import LevelDescriptor

    data = json.loads(REFERENCE_DATA.read_text(encoding="utf-8"))
    added = 0
    for level, text in data["level_descriptors"].items():
        added += LevelDescriptor.objects.get_or_create(
            level=int(level), defaults={"descriptor": text})[1]
    for code, title in data["sinco_2019"]["unit_groups"]:
        added += Occupation.objects.get_or_create(code=code, defaults={"title": title})[1]
    return added


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
