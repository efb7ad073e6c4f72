"""Read-only: certificates and requests change only through the issuance services.
Revoking or cancelling from here calls the same service as the certificate's page, with
the reason asked first, so the audit trail is the same."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conocer.core.admin import ReadOnlyAdmin, service_action

from .models import Certificate, CertificateRequest, QualificationReview
from .services import certificates


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "awarding_body", "status", "requested_at", "decided_at"]
    list_filter = ["status", "awarding_body"]
    search_fields = ["assessment__candidacy__person__curp",
                     "assessment__candidacy__person__first_surname"]


def _withdrawal(status):
    def call(*, actor, obj, reason):
        certificates.withdraw_certificate(actor=actor, certificate_id=obj.pk, status=status,
                                          reason=reason)
    return call


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["folio", "holder", "standard", "awarding_body", "issued_on", "status"]
    list_filter = ["status", "awarding_body"]
    search_fields = ["folio", "holder__curp", "holder__first_surname", "standard__code"]
    date_hierarchy = "issued_on"
    actions = [
        service_action(name="revoke", call=_withdrawal(Certificate.Status.REVOKED),
                       description=_("Revoke the selected certificates")),
        service_action(name="cancel", call=_withdrawal(Certificate.Status.CANCELLED),
                       description=_("Cancel the selected certificates")),
    ]


@admin.register(QualificationReview)
class QualificationReviewAdmin(ReadOnlyAdmin):
    """Decided on CONOCER's review page (issuance:qualification_reviews), not here."""

    list_display = ["certificate", "unit_certificate", "outcome", "flagged_at", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["certificate__folio", "unit_certificate__folio"]
