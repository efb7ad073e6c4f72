from django.db.models import QuerySet

from .models import Standard


def catalogue(*, q: str = "") -> QuerySet[Standard]:
    qs = Standard.objects.select_related("sector", "lead_body").exclude(
        status__in=[Standard.Status.DRAFT, Standard.Status.SUBMITTED,
                    Standard.Status.LEAD_BODY_APPROVED, Standard.Status.APPROVED]
    )
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(code__icontains=q)
    return qs.order_by("code")
