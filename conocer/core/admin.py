"""The admin shows; services change. Read-only model admins, and admin actions that call
a service (with a reason asked on an intermediate page) so the audit trail is the same
as from the back office."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit_labels import action_label
from .errors import ServiceError, message_of
from .forms import URL_FIELDS
from .models import AuditEvent, ImportJob
from .web import add_service_errors


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through services (or never): the admin shows, never edits."""

    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mix into an inline admin: its rows are shown with their parent, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """A model admin whose add and change forms save through a service.

    Subclasses give `save_through_service(request, obj, change)`, which calls the
    service and returns the saved row. It runs while the form is validated (inside the
    admin's transaction), so a refusal shows on the form, next to its field, instead of
    failing after the form was accepted; a PermissionDenied becomes a 403. Rows are
    never deleted here.
    """

    formfield_overrides = URL_FIELDS

    def save_through_service(self, request, obj, change):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ThroughService(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        self.saved = model_admin.save_through_service(
                            request, self.instance, change)
                except (ServiceError, ValidationError) as error:
                    add_service_errors(self, error)

        return ThroughService

    def save_model(self, request, obj, form, change):
        obj.pk = form.saved.pk  # saved already, by the service, when the form was validated

    def has_delete_permission(self, request, obj=None):
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


def service_action(*, name: str, call, description, ask_reason=True):
    """An admin action that calls `call(actor=user, obj=row, reason=text)` for each
    selected row, after asking for the reason; refusals are reported row by row."""

    def action(modeladmin, request, queryset):
        reason = ""
        if ask_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return TemplateResponse(request, "admin/service_action.html", {
                    **modeladmin.admin_site.each_context(request),
                    "title": description, "form": form, "objects": queryset,
                    "action": request.POST.get("action"), "opts": modeladmin.model._meta,
                    "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                })
            reason = form.cleaned_data["reason"]
        done = 0
        for obj in queryset:
            try:
                call(actor=request.user, obj=obj, reason=reason)
            except (ServiceError, ValidationError) as error:
                modeladmin.message_user(request, f"{obj}: {message_of(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, _("%(action)s: %(n)s done.") % {
                "action": description, "n": done}, messages.SUCCESS)
        return None

    action.short_description = description
    action.__name__ = name  # the admin tells actions apart by this name
    return action


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, each named in words (audit_labels.py)."""

    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((action, action_label(action)) for action in actions),
                      key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class TargetFilter(admin.SimpleListFilter):
    """Filter by the kind of object an event is about, named by its model."""

    title = gettext_lazy("object type")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        kinds = AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct()
        return sorted(((kind, _model_name(kind)) for kind in kinds), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


def _model_name(target_type: str) -> str:
    try:
        return capfirst(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "what", "target_repr", "actor"]
    list_filter = [ActionFilter, TargetFilter]
    search_fields = ["target_repr", "target_id", "action"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("what"), ordering="action")
    def what(self, obj):
        return action_label(obj.action)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Every import, its counts and where it stands. The file and the rows' problems are
    not shown here: the job's own page shows the problems to those who may see them, and
    the file is deleted after its retention period."""

    list_display = ["created_at", "original_name", "kind", "status", "total_rows",
                    "imported_rows", "refused_rows", "failed_rows", "finished_at",
                    "file_deleted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["original_name"]
    date_hierarchy = "created_at"
    exclude = ["file", "problems", "run_problems"]

