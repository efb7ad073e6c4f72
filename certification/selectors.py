from django.db.models import Q, QuerySet

from bodies import permissions
from bodies import selectors as bodies_selectors

from .models import Certificate, CertificateRequest


def certificate_by_folio(folio: str) -> Certificate | None:
    """The certificate with this (normalized) folio, with what its public page shows."""
    return (
        Certificate.objects.select_related(
            "holder", "standard", "awarding_body", "centre", "replaced_by"
        )
        .filter(folio=folio)
        .first()
    )



def request_blockers(request: CertificateRequest) -> list[str]:
    """Why a submitted request must wait: suspended, revoked or expired accreditations of
    its awarding body, centre or assessor for the standard. Empty when it may proceed."""
    assessment = request.assessment
    return bodies_selectors.blocking_accreditations(
        standard=assessment.standard, awarding_body=request.awarding_body,
        centre=assessment.centre, assessor=assessment.assessor)


def requests_for(user, *, status: str = "") -> QuerySet[CertificateRequest]:
    """Certificate requests this user may see: their awarding bodies' or centres'."""
    qs = CertificateRequest.objects.select_related(
        "awarding_body", "assessment__candidate", "assessment__standard",
        "assessment__centre", "assessment__assessor")
    if not permissions.is_conocer_admin(user):
        centres = permissions.centres_for(user, "request.view")
        bodies = permissions.awarding_bodies_for(user, "request.view")
        qs = qs.filter(Q(awarding_body__in=bodies) | Q(assessment__centre__in=centres))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("requested_at")
