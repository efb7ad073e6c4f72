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

