"""The admin shows bodies, centres, assessors, accreditations and memberships; every
change goes through bodies.services, so it is checked and audited like one made in the
back office (/organismos/gestion/)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conocer.core.admin import ReadOnlyAdmin, ServiceAdmin, service_action

from . import services
from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership


@admin.register(AwardingBody)
class AwardingBodyAdmin(ServiceAdmin):
    list_display = ["name", "acronym", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "acronym"]

    def save_through_service(self, request, obj, change):
        return services.register_awarding_body(actor=request.user, awarding_body=obj)


@admin.register(AssessmentCentre)
class AssessmentCentreAdmin(ServiceAdmin):
    list_display = ["code", "name", "awarding_body", "state", "municipality"]
    list_filter = ["state", "awarding_body"]
    search_fields = ["code", "name", "municipality"]
    autocomplete_fields = ["awarding_body"]

    def save_through_service(self, request, obj, change):
        return services.register_centre(actor=request.user, centre=obj)


@admin.register(Assessor)
class AssessorAdmin(ServiceAdmin):
    list_display = ["full_name", "awarding_body", "centre", "state"]
    list_filter = ["awarding_body", "state"]
    search_fields = ["full_name", "curp"]
    autocomplete_fields = ["user", "awarding_body", "centre"]

    def save_through_service(self, request, obj, change):
        return services.register_assessor(actor=request.user, assessor=obj)


def _decision(service):
    def call(*, actor, obj, reason):
        service(actor=actor, accreditation=obj, reason=reason)
    return call


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdmin):
    """Accreditations are granted in the back office (/organismos/gestion/), where the
    scope and eligibility rules apply; here they can be suspended, reinstated or
    revoked through the same services."""

    list_display = ["folio", "holder", "standard", "status", "valid_from", "valid_until"]
    list_filter = ["status", "granted_by"]
    search_fields = ["folio", "standard__code", "centre__name", "assessor__full_name",
                     "awarding_body__name"]
    actions = [
        service_action(name="suspend", call=_decision(services.suspend_accreditation),
                       description=_("Suspend the selected accreditations")),
        service_action(name="reinstate", call=_decision(services.reinstate_accreditation),
                       description=_("Reinstate the selected accreditations")),
        service_action(name="revoke", call=_decision(services.revoke_accreditation),
                       description=_("Revoke the selected accreditations")),
    ]

    @admin.display(description=_("holder"))
    def holder(self, obj):
        return obj.holder


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """A role is granted (add) or revoked (delete), never edited; both through the
    services, which check who may and leave an audit event."""

    list_display = ["user", "role", "body", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "lead_body", "awarding_body", "centre"]
    fields = ["user", "role", "lead_body", "awarding_body", "centre"]

    @admin.display(description=_("body"))
    def body(self, obj):
        return obj.body

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_through_service(self, request, obj, change):
        return services.grant_membership(
            actor=request.user, user=obj.user, role=obj.role, lead_body=obj.lead_body,
            awarding_body=obj.awarding_body, centre=obj.centre)

    def delete_model(self, request, obj):
        services.revoke_membership(actor=request.user, membership_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.revoke_membership(actor=request.user, membership_id=membership.pk)
