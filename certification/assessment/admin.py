"""Read-only: people, candidacies and assessments change only through the assessment
services (registration, judgements, verdicts), which check permissions and audit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conocer.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Assessment, Candidacy, Evidence, Judgement, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "curp", "id_document_number", "birth_date", "nationality"]
    list_filter = ["nationality", "public_registry_opt_in"]
    search_fields = ["curp", "given_names", "first_surname", "second_surname",
                     "id_document_number"]

    @admin.display(description=_("full name"), ordering="first_surname")
    def full_name(self, obj):
        return obj.full_name


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyAdmin):
    list_display = ["person", "centre", "assessor", "created_at"]
    list_filter = ["centre__awarding_body", "centre__state"]
    search_fields = ["person__curp", "person__first_surname", "person__given_names"]


class JudgementInline(ReadOnlyInline, admin.TabularInline):
    model = Judgement
    extra = 0
    fields = ["criterion", "met", "note", "updated_at"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["candidacy", "standard", "assessor", "status", "verdict", "started_at"]
    list_filter = ["status", "verdict", "awarding_body"]
    search_fields = ["candidacy__person__curp", "candidacy__person__first_surname",
                     "standard__code"]
    inlines = [JudgementInline, EvidenceInline]
