from django.contrib import admin

from conocer.admin import ReadOnlyAdmin
from standards.admin import LeadBodyAdmin
from standards.models import LeadBody

from . import services
from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership


@admin.register(AwardingBody)
class AwardingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "acronym"]

    def save_model(self, request, obj, form, change):
        services.register_awarding_body(actor=request.user, awarding_body=obj)


admin.site.unregister(LeadBody)


@admin.register(LeadBody)
class RegisteredLeadBodyAdmin(LeadBodyAdmin):
    """Registering a lead body is CONOCER's decision: it goes through the service (audit)."""

    def save_model(self, request, obj, form, change):
        services.register_lead_body(actor=request.user, lead_body=obj)


@admin.register(AssessmentCentre)
class AssessmentCentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "awarding_body", "state", "municipality"]
    list_filter = ["state", "awarding_body"]
    search_fields = ["code", "name", "municipality"]


@admin.register(Assessor)
class AssessorAdmin(admin.ModelAdmin):
    list_display = ["full_name", "curp", "awarding_body", "centre", "state"]
    list_filter = ["awarding_body", "state"]
    search_fields = ["full_name", "curp"]
    raw_id_fields = ["user"]


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdmin):
    """Read-only: accreditations are granted, suspended and revoked in the back office
    (/organismos/gestion/), where the scope, eligibility and audit rules apply."""

    list_display = ["folio", "holder", "standard", "status", "valid_from", "valid_until"]
    list_filter = ["status", "granted_by"]
    search_fields = ["folio", "standard__code", "centre__name", "assessor__full_name",
                     "awarding_body__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "body"]
    list_filter = ["role"]
    raw_id_fields = ["user"]
