"""The admin shows standards; they are drafted and moved along their lifecycle in the
browser editor (/estandares/…), where every change goes through standards.services.
Reference data (sectors, level descriptors, lead bodies) is edited here, and saved
through the services too, so each change is audited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conocer.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin, service_action

from . import framework, services
from .models import (
    Criterion,
    EducationLevelMapping,
    LeadBody,
    LevelDescriptor,
    Occupation,
    SearchSynonym,
    Sector,
    Standard,
    Supersession,
    Unit,
)


@admin.register(Sector)
class SectorAdmin(ServiceAdmin):
    list_display = ["code", "name", "scian_code"]
    search_fields = ["code", "name"]

    def save_through_service(self, request, obj, change):
        return services.save_sector(actor=request.user, sector=obj)


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(ServiceAdmin):
    list_display = ["level", "descriptor"]

    def save_through_service(self, request, obj, change):
        return services.save_level_descriptor(actor=request.user, descriptor=obj)


@admin.register(LeadBody)
class LeadBodyAdmin(ServiceAdmin):
    """Registering a lead body is CONOCER's decision: it goes through the service (audit)."""

    list_display = ["code", "name", "sector", "is_active"]
    list_filter = ["is_active", "sector"]
    search_fields = ["code", "name"]

    def save_through_service(self, request, obj, change):
        return services.register_lead_body(actor=request.user, lead_body=obj)


class UnitInline(ReadOnlyInline, admin.TabularInline):
    model = Unit
    extra = 0
    show_change_link = True
    fields = ["order", "code", "title"]


def _withdraw(*, actor, obj, reason):
    services.transition(actor=actor, standard=obj, name="withdraw", reason=reason)


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "title", "level", "sector", "status", "dof_published_on"]
    list_filter = ["kind", "status", "level", "sector", "lead_body"]
    search_fields = ["code", "legacy_code", "title"]
    inlines = [UnitInline]
    actions = [service_action(name="withdraw", call=_withdraw,
                              description=_("Withdraw the selected standards"))]


class CriterionInline(ReadOnlyInline, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "kind", "text", "bloom_level"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "standard", "order"]
    search_fields = ["code", "title", "standard__code"]
    inlines = [CriterionInline]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ServiceAdmin):
    """The words people use for what the catalogue words otherwise ("guardería" for
    cuidado infantil): added, changed and deleted through the services (audited)."""

    list_display = ["term", "means", "updated_at"]
    search_fields = ["term", "means"]
    fields = ["term", "means"]

    def save_through_service(self, request, obj, change):
        return services.save_search_synonym(actor=request.user, synonym=obj)

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj):
        services.delete_search_synonym(actor=request.user, synonym_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            services.delete_search_synonym(actor=request.user, synonym_id=synonym.pk)


@admin.register(Occupation)
class OccupationAdmin(ServiceAdmin):
    """SINCO 2019 unit groups standards are aligned to (saved through the service)."""

    list_display = ["code", "title"]
    search_fields = ["code", "title"]
    fields = ["code", "title"]

    def save_through_service(self, request, obj, change):
        return framework.save_occupation(actor=request.user, occupation=obj)


@admin.register(EducationLevelMapping)
class EducationLevelMappingAdmin(ReadOnlyAdmin):
    """Kept on its own page (/cualificaciones/niveles/editar/), where each change is
    audited."""

    list_display = ["level", "education_level", "updated_at"]


@admin.register(Supersession)
class SupersessionAdmin(ReadOnlyAdmin):
    """CONOCER's word on a new version, given when it is published (standards/supersession.py)."""

    list_display = ["standard", "equivalent", "transition_until", "decided_at"]
    list_filter = ["equivalent"]
    search_fields = ["standard__code"]
