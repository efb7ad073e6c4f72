from django.db.models import Count, Max, OuterRef, Q, Subquery

from standards import services as standards_services
from standards.models import Standard

from ..models import Certificate


def refresh_standard_usage(*, standard_ids=None) -> int:
    """Recount people holding a valid certificate, and the last issue date, per standard.

    Called after issuing or withdrawing and nightly; the catalogue reads the stored
    figures instead of counting certificates on every request. Returns how many
    standards changed.
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
