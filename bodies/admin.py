from django.contrib import admin

from .models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership


@admin.register(AwardingBody)
class AwardingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "acronym"]


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
class AccreditationAdmin(admin.ModelAdmin):
    list_display = ["folio", "holder", "standard", "status", "valid_from", "valid_until"]
    list_filter = ["status", "granted_by"]
    search_fields = ["folio", "standard__code", "centre__name", "assessor__full_name",
                     "awarding_body__name"]
    raw_id_fields = ["standard", "awarding_body", "centre", "assessor", "granted_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "body"]
    list_filter = ["role"]
    raw_id_fields = ["user"]
