"""The figures standards show: how many people hold a valid certificate in each standard,
and when the last certificate was issued (of any status).

Issuance and withdrawal adjust them as they happen, by one person at most, in one UPDATE
at the end of their transaction (cost independent of how many certificates exist);
the nightly recount repairs whatever went around the services."""

from django.db.models import Count, Max, OuterRef, Q, Subquery

from certification.assessment.models import Person
from standards import services as standards_services
from standards.models import Standard

from .. import hooks
from ..models import Certificate


def _valid_held(certificate: Certificate) -> int:
    """How many valid certificates the holder has in the standard, as of this
    transaction. The person's row is locked first, so that two transactions changing the
    same person's certificates count one after the other (otherwise each could miss the
    other's and both count, or neither would); people do not wait for each other."""
    list(Person.objects.select_for_update().filter(pk=certificate.holder_id).values_list(
        "pk", flat=True))
    return Certificate.objects.filter(holder_id=certificate.holder_id,
                                      standard_id=certificate.standard_id,
                                      status=Certificate.Status.VALID).count()


def count_issued(certificate: Certificate) -> None:
    """A valid certificate was inserted: one more person certified in its standard if it
    is the holder's only valid one there, and its issue date may be the latest. Call it
    last in the issuing transaction (the standard's row stays locked until commit)."""
    first = _valid_held(certificate) == 1
    standards_services.count_usage(standard_id=certificate.standard_id,
                                   people=1 if first else 0,
                                   issued_on=certificate.issued_on)
    hooks.certificate_changed(certificate, hooks.ISSUED)


def count_withdrawn(certificate: Certificate, *, replacement: Certificate | None = None
                    ) -> None:
    """A valid certificate stopped being valid (cancelled, revoked or replaced by
    `replacement`, already inserted): one person fewer in its standard unless the holder
    still holds a valid one there. Call it last in the transaction."""
    hooks.certificate_changed(certificate, hooks.WITHDRAWN)
    if replacement is not None and (replacement.holder_id, replacement.standard_id) != (
            certificate.holder_id, certificate.standard_id):
        count_issued(replacement)
        replacement = None
    elif replacement is not None:
        hooks.certificate_changed(replacement, hooks.ISSUED)
    still_held = _valid_held(certificate) > 0
    standards_services.count_usage(
        standard_id=certificate.standard_id, people=0 if still_held else -1,
        issued_on=replacement.issued_on if replacement is not None else None)


def refresh_standard_usage(*, standard_ids=None) -> int:
    """Recount people holding a valid certificate, and the last issue date, per standard.

    The nightly repair of the figures that issuance keeps incrementally (count_issued,
    count_withdrawn); the catalogue reads the stored figures instead of counting
    certificates on every request. Returns how many standards changed.
    """
    standards = Standard.objects.all()
    if standard_ids is not None:
        standards = standards.filter(pk__in=standard_ids)
    usage = Certificate.objects.filter(standard=OuterRef("pk")).values("standard").annotate(
        people=Count("holder", distinct=True, filter=Q(status=Certificate.Status.VALID)),
        last=Max("issued_on"),
    )
    changed = 0
    for standard in standards.annotate(
        people=Subquery(usage.values("people")), last=Subquery(usage.values("last"))
    ).only("pk", "certified_count", "last_certified_on"):
        people = standard.people or 0
        if (standard.certified_count, standard.last_certified_on) != (people, standard.last):
            standards_services.record_usage(standard_id=standard.pk, certified_count=people,
                                            last_certified_on=standard.last)
            changed += 1
    return changed
