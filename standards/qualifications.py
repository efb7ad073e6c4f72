"""Qualifications (cualificaciones): a named set of at least two competence standards, its
units, at a framework level. A qualification is a Standard of kind QUALIFICATION and
goes through the same lifecycle (standards.services: drafted by the lead body,
submitted, approved, published, expired or withdrawn), with these rules of its own:

* its code is CQ + four digits, optionally a version (CQ0001, CQ0001.01);
* its units are standards, never other qualifications, and there are at least two
  (checked when they are set and again when it is submitted and published);
* it is published only when every one of its units is published.

Also here: the relations a draft carries besides its fields (its SINCO occupations, and
a qualification's units), set by the drafting services and copied into a new version.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from conocer.core.errors import ServiceError

from .models import Standard

MIN_COMPONENTS = 2


def _check_components(qualification: Standard, components: list[Standard]) -> None:
    if any(c.is_qualification for c in components):
        raise ValidationError({"components": _(
            "A qualification's units are standards, not other qualifications.")})
    if any(c.pk == qualification.pk for c in components):
        raise ValidationError({"components": _("A qualification cannot be its own unit.")})
    if len({c.pk for c in components}) < MIN_COMPONENTS:
        raise ValidationError({"components": _(
            "A qualification needs at least two standards as its units.")})


def apply_relations(standard: Standard, fields: dict) -> list[str]:
    """Set the occupations and (for a qualification) the units given in `fields`, on a
    saved draft; returns the names of those that changed."""
    changed = []
    occupations = fields.get("occupations")
    if occupations is not None:
        wanted = {o.pk for o in occupations}
        if wanted != set(standard.occupations.values_list("pk", flat=True)):
            standard.occupations.set(wanted)
            changed.append("occupations")
    components = fields.get("components")
    if components is not None:
        components = list(components)
        if not standard.is_qualification:
            if components:
                raise ValidationError({"components": _(
                    "Only a qualification is made of other standards.")})
            return changed
        _check_components(standard, components)
        wanted = {c.pk for c in components}
        if wanted != set(standard.components.values_list("pk", flat=True)):
            standard.components.set(wanted)
            changed.append("components")
    return changed


def copy_relations(source: Standard, draft: Standard) -> None:
    """A new version keeps the occupations and the units of the one it supersedes."""
    draft.occupations.set(source.occupations.all())
    if source.is_qualification:
        draft.components.set(source.components.all())


def check_transition(standard: Standard, name: str) -> None:
    """Refuse a move that what the draft holds does not allow yet: submitting a standard
    without units of competence, or a qualification with fewer than two standards;
    publishing a qualification before all its units are published."""
    if name == "submit" and not standard.is_qualification and not standard.units.exists():
        raise ServiceError(_("A standard needs at least one unit of competence before it "
                             "is submitted."))
    if not standard.is_qualification or name not in ("submit", "publish"):
        return
    components = list(standard.components.order_by("code"))
    if len(components) < MIN_COMPONENTS or any(c.is_qualification for c in components):
        raise ServiceError(_("A qualification needs at least two standards as its units "
                             "before it is submitted or published."))
    unpublished = [c.code for c in components if c.status != Standard.Status.PUBLISHED]
    if name == "publish" and unpublished:
        raise ServiceError(_(
            "A qualification is published only when all its units are: %(codes)s not "
            "published yet.") % {"codes": ", ".join(unpublished)})
