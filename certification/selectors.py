from django.db.models import Count, QuerySet

from .models import Certificate


def certificate_by_folio(folio: str) -> Certificate | None:
    """The certificate with this (normalized) folio, with what its public page shows."""
    return (
        Certificate.objects.select_related(
            "holder", "standard", "awarding_body", "centre", "replaced_by"
        )
        .filter(folio=folio)
        .first()
    )


def certified_counts_by_standard() -> dict[int, int]:
    rows = Certificate.objects.values("standard_id").annotate(n=Count("id"))
    return {row["standard_id"]: row["n"] for row in rows}


def valid_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(status=Certificate.Status.VALID)
