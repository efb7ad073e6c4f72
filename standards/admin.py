from django.contrib import admin

from .models import Criterion, LeadBody, LevelDescriptor, Sector, Standard, Unit


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scian_code"]
    search_fields = ["code", "name"]


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(admin.ModelAdmin):
    list_display = ["level", "descriptor"]


@admin.register(LeadBody)
class LeadBodyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "is_active"]
    list_filter = ["is_active", "sector"]
    search_fields = ["code", "name"]


class FrozenWhenPublished:
    """A published standard never changes (changes are new versions); the lifecycle
    moves only through standards.services, so status and dates are read-only here."""

    def standard_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        standard = self.standard_of(obj) if obj is not None else None
        if standard is not None and not standard.is_editable:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


class UnitInline(FrozenWhenPublished, admin.TabularInline):
    model = Unit
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_editable


@admin.register(Standard)
class StandardAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "title", "level", "sector", "status", "dof_published_on"]
    list_filter = ["status", "level", "sector", "lead_body"]
    search_fields = ["code", "legacy_code", "title"]
    readonly_fields = ["status", "status_changed_at", "dof_published_on", "valid_from",
                       "valid_until", "supersedes", "withdrawn_reason", "certified_count",
                       "last_certified_on"]
    inlines = [UnitInline]


class CriterionInline(FrozenWhenPublished, admin.TabularInline):
    model = Criterion
    extra = 0

    def standard_of(self, obj):
        return obj.standard

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.standard.is_editable


@admin.register(Unit)
class UnitAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "title", "standard", "order"]
    search_fields = ["code", "title", "standard__code"]
    inlines = [CriterionInline]

    def standard_of(self, obj):
        return obj.standard
