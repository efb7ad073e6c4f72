"""Accreditation scopes that follow an equivalent new version of a standard.

When CONOCER publishes a new version and says it is equivalent to the one it supersedes
(standards/supersession.py), whoever was accredited for the old version — an awarding
body's scope, a centre's or an assessor's cédula — is accredited for the new one too,
with the same validity, without applying again. A version that is not equivalent moves
nothing: bodies are accredited for it anew. Registered on `standards.hooks.
version_published` (bodies/apps.py); standards never imports bodies.
"""

from django.db import transaction

from conocer.core import clock
from conocer.core.audit import record_event
from standards.models import Standard

from .models import Accreditation
from .services import _cedula_folio

# The kind of cédula, as its folio says it (CED-EC-…, CED-OC-…, CED-CE-…, CED-EV-…).
FOLIO_KINDS = {"ECE": "EC", "OC": "OC"}


def _kind(accreditation: Accreditation) -> str:
    if accreditation.awarding_body_id:
        return FOLIO_KINDS[accreditation.awarding_body.kind]
    return "CE" if accreditation.centre_id else "EV"


@transaction.atomic
def follow_equivalent_version(*, actor, old: Standard, new: Standard,
                              equivalent: bool) -> list[Accreditation]:
    """Give every accreditation in force for `old` a twin for `new` (same holder, same
    granting body, same validity), one audit event each. Nothing when the new version is
    not equivalent. A holder already accredited for `new` keeps what it has: running this
    twice moves nothing twice. Suspended accreditations do not follow (a reinstated one
    is accredited for the new version anew)."""
    if not equivalent:
        return []
    today = clock.today()
    moved = []
    old_ones = Accreditation.objects.select_for_update(of=("self",)).select_related(
        "awarding_body", "centre", "assessor").filter(
        standard=old, status=Accreditation.Status.ACTIVE, valid_until__gte=today
    ).order_by("pk")
    for previous in old_ones:
        holder = {"awarding_body": previous.awarding_body, "centre": previous.centre,
                  "assessor": previous.assessor}
        if Accreditation.objects.filter(standard=new, status=Accreditation.Status.ACTIVE,
                                        **holder).exists():
            continue
        accreditation = Accreditation.objects.create(
            folio=_cedula_folio(_kind(previous), new), standard=new,
            granted_by=previous.granted_by, valid_from=previous.valid_from,
            valid_until=previous.valid_until, **holder)
        record_event(actor=actor, action="accreditation.followed_version",
                     target=accreditation, holder=str(previous.holder),
                     standard=new.code, supersedes=old.code, follows=previous.folio,
                     valid_until=str(previous.valid_until))
        moved.append(accreditation)
    return moved
