from django.contrib import admin

from .models import Assessment, Candidate, Certificate, CertificateRequest, Evidence, Judgement


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "curp", "id_document_number", "birth_date", "centre"]
    list_filter = ["nationality", "centre__state"]
    search_fields = ["curp", "given_names", "first_surname", "second_surname",
                     "id_document_number"]
    raw_id_fields = ["centre", "registered_by"]


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    raw_id_fields = ["criterion"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["sha256", "size", "content_type"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["candidate", "standard", "assessor", "status", "verdict", "started_at"]
    list_filter = ["status", "verdict", "awarding_body"]
    search_fields = ["candidate__curp", "candidate__first_surname", "standard__code"]
    raw_id_fields = ["candidate", "standard", "assessor", "centre", "awarding_body"]
    inlines = [JudgementInline, EvidenceInline]


@admin.register(CertificateRequest)
class CertificateRequestAdmin(admin.ModelAdmin):
    list_display = ["assessment", "awarding_body", "status", "requested_at", "decided_at"]
    list_filter = ["status", "awarding_body"]
    raw_id_fields = ["assessment", "requested_by", "reviewer"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["folio", "holder", "standard", "awarding_body", "issued_on", "status"]
    list_filter = ["status", "awarding_body"]
    search_fields = ["folio", "holder__curp", "holder__first_surname", "standard__code"]
    date_hierarchy = "issued_on"
    raw_id_fields = ["holder", "standard", "awarding_body", "centre", "request", "replaces"]
    readonly_fields = ["pdf_sha256", "pdf_generated_at", "signature", "signing_key_id"]
