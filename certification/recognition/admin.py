from django.contrib import admin

from conocer.core.admin import ReadOnlyAdmin

from .models import Equivalence, ForeignSystem, RecognitionRequest


@admin.register(ForeignSystem)
class ForeignSystemAdmin(ReadOnlyAdmin):
    list_display = ["acronym", "name", "country", "active"]
    list_filter = ["country", "active"]


@admin.register(Equivalence)
class EquivalenceAdmin(ReadOnlyAdmin):
    list_display = ["system", "foreign_code", "standard", "kind", "valid_from", "valid_until"]
    list_filter = ["kind", "system"]


@admin.register(RecognitionRequest)
class RecognitionRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "system", "standard", "status", "submitted_at"]
    list_filter = ["status", "system"]
    search_fields = ["reference"]
    exclude = ["file"]
