"""Foreign certification systems and equivalences: kept by CONOCER administrators."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied
from conocer.core.roles import is_conocer_admin
from standards.models import Unit

from ..models import Equivalence, ForeignSystem

SYSTEM_FIELDS = ("name", "acronym", "country", "website", "notes", "active")
EQUIVALENCE_FIELDS = ("system", "foreign_code", "foreign_title", "standard", "kind", "notes",
                      "valid_from", "valid_until")


def ensure_keeps_catalogue(actor) -> None:
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators keep the foreign systems and "
                                 "their equivalences."))


def _changed(row, data: dict, fields) -> list[str]:
    """Set the fields given; the names of those that changed (all of them on a new row)."""
    changed = [name for name in fields
               if name in data and (row.pk is None or getattr(row, name) != data[name])]
    for name in changed:
        setattr(row, name, data[name])
    return changed


@transaction.atomic
def save_system(*, actor, system_id: int | None = None, **data) -> ForeignSystem:
    """Register a foreign certification system, or change one (system_id)."""
    ensure_keeps_catalogue(actor)
    system = (ForeignSystem.objects.select_for_update().get(pk=system_id) if system_id
              else ForeignSystem())
    changed = _changed(system, data, SYSTEM_FIELDS)
    system.full_clean()
    new = system.pk is None
    system.save()
    record_event(actor=actor, action="recognition.system_registered" if new
                 else "recognition.system_updated", target=system, fields=changed)
    return system


def _units_to_assess(kind: str, standard, unit_codes) -> list[Unit]:
    """The units a partial equivalence leaves to assess, from their codes."""
    codes = [code.strip().upper() for code in unit_codes if code.strip()]
    if kind == Equivalence.Kind.FULL:
        if codes:
            raise ValidationError({"unit_codes": _(
                "A full equivalence leaves no unit to assess; choose partial or leave the "
                "units empty.")})
        return []
    units = {unit.code.upper(): unit for unit in standard.units.all()}
    unknown = [code for code in codes if code not in units]
    if unknown:
        raise ValidationError({"unit_codes": _(
            "%(codes)s: not units of %(standard)s (its units: %(units)s).") % {
            "codes": ", ".join(unknown), "standard": standard.code,
            "units": ", ".join(unit.code for unit in units.values()) or "—"}})
    if not codes:
        raise ValidationError({"unit_codes": _(
            "List the units of %(standard)s still to assess.") % {"standard": standard.code}})
    if len(set(codes)) == len(units):
        raise ValidationError({"unit_codes": _(
            "These are all the units of %(standard)s: nothing would be recognised.") % {
            "standard": standard.code}})
    return [units[code] for code in dict.fromkeys(codes)]


@transaction.atomic
def save_equivalence(*, actor, equivalence_id: int | None = None, unit_codes=(),
                     **data) -> Equivalence:
    """Register an equivalence between a foreign profile and a Mexican standard, or
    change one: full, or partial with the units still to assess (by their codes)."""
    ensure_keeps_catalogue(actor)
    equivalence = (Equivalence.objects.select_for_update().get(pk=equivalence_id)
                   if equivalence_id else Equivalence())
    changed = _changed(equivalence, data, EQUIVALENCE_FIELDS)
    equivalence.full_clean()
    units = _units_to_assess(equivalence.kind, equivalence.standard, unit_codes)
    new = equivalence.pk is None
    equivalence.save()
    before = set() if new else set(equivalence.units_to_assess.values_list("pk", flat=True))
    if before != {unit.pk for unit in units}:
        equivalence.units_to_assess.set(units)
        changed.append("units_to_assess")
    record_event(actor=actor, action="recognition.equivalence_registered" if new
                 else "recognition.equivalence_updated", target=equivalence, fields=changed,
                 units=[unit.code for unit in units])
    return equivalence
