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


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    show_change_link = True


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "level", "sector", "status", "dof_published_on"]
    list_filter = ["status", "level", "sector", "lead_body"]
    search_fields = ["code", "legacy_code", "title"]
    autocomplete_fields = ["supersedes"]
    inlines = [UnitInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "standard", "order"]
    search_fields = ["code", "title", "standard__code"]
    inlines = [CriterionInline]
