"""Supersession: a new version of a standard replaces the one it supersedes when it is
published, and CONOCER says then

* whether it is **equivalent** to the old one. Equivalent: every accreditation in force
  for the old version gets one for the new version (bodies answers `hooks.version_published`;
  standards never imports bodies), and a certificate in either version counts for the
  other toward a qualification. Not equivalent: nothing moves; bodies are accredited anew.
* until when the old version may still be assessed and certified: the **transition
  period** (`transition_until`, empty for none). `selectors.not_in_force` lets the old one
  through until then, so starting an assessment, requesting and approving a certificate
  accept it.

Certificates in the old version stay valid; their verify page and the holder's page say
"superseded by EC0217.01 (equivalent)" from `successor_of`: live information about the
standard, not part of what was signed.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from conocer.core import clock

from . import hooks
from .models import Standard, Supersession


def decide_on_publication(*, actor, standard: Standard, equivalent: bool | None,
                          transition_until: datetime.date | None) -> Supersession | None:
    """Record CONOCER's word on a new version being published (called by
    services.transition inside its transaction, after the publication date is set) and
    tell the apps above. Nothing for a standard that supersedes none."""
    previous = standard.supersedes
    if previous is None:
        return None
    if equivalent is None:
        raise ValidationError({"equivalent": _(
            "Say whether %(new)s is equivalent to %(old)s, the version it supersedes.") % {
            "new": standard.code, "old": previous.code}})
    if transition_until is not None and transition_until < standard.dof_published_on:
        raise ValidationError({"transition_until": _(
            "The transition period cannot end before the publication date.")})
    supersession = Supersession.objects.create(
        standard=standard, equivalent=equivalent, transition_until=transition_until,
        decided_by=actor if getattr(actor, "pk", None) else None, decided_at=clock.now())
    for listener in hooks.version_published:
        listener(actor=actor, old=previous, new=standard, equivalent=equivalent)
    return supersession


# Reads ---------------------------------------------------------------------------------

class Successor(NamedTuple):
    """The published version that replaced a standard, and CONOCER's word on it
    (`equivalent` is None for a version published before the registry asked)."""

    code: str
    equivalent: bool | None
    transition_until: datetime.date | None


def successor_of(standard: Standard | str) -> Successor | None:
    """The newer version that superseded this standard (by object or code), once
    published; None while there is none."""
    filters = ({"supersedes__code": standard} if isinstance(standard, str)
               else {"supersedes": standard})
    newer = Standard.objects.filter(status__in=Standard.PUBLIC_STATUSES, **filters).values(
        "code", "supersession__equivalent", "supersession__transition_until").first()
    if newer is None:
        return None
    return Successor(newer["code"], newer["supersession__equivalent"],
                     newer["supersession__transition_until"])


def transition_end(standard: Standard) -> datetime.date | None:
    """The last day a superseded standard may still be assessed and certified."""
    if standard.status != Standard.Status.SUPERSEDED:
        return None
    return Supersession.objects.filter(standard__supersedes=standard).values_list(
        "transition_until", flat=True).first()


def in_transition(standard: Standard, *, on: datetime.date) -> bool:
    """Superseded, but within the transition period (and its own validity) on `on`."""
    until = transition_end(standard)
    return until is not None and on <= until and (
        standard.valid_until is None or on <= standard.valid_until)


def equivalent_versions(standard_ids) -> dict[int, set[int]]:
    """For each standard, every version linked to it by equivalent supersessions (either
    way along the chain: EC0217 = EC0217.01 = EC0217.02), itself included. A certificate in
    any of them counts for the standard toward a qualification. A few queries per link of
    the longest chain (versions run to .99 at most)."""
    links: dict[int, set[int]] = {}
    frontier, seen = set(standard_ids), set(standard_ids)
    while frontier:
        pairs = Supersession.objects.filter(equivalent=True).filter(
            Q(standard_id__in=frontier) | Q(standard__supersedes_id__in=frontier)
        ).values_list("standard_id", "standard__supersedes_id")
        frontier = set()
        for newer, older in pairs:
            links.setdefault(newer, set()).add(older)
            links.setdefault(older, set()).add(newer)
            frontier |= {newer, older} - seen
        seen |= frontier
    found = {}
    for start in standard_ids:
        group, todo = {start}, [start]
        while todo:
            for other in links.get(todo.pop(), ()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        found[start] = group
    return found
