"""The admin's view of sign-in lockouts and second factors, for CONOCER administrators.

They see who is locked out and unlock by deleting the attempts (as `axes_reset_username`
does); they see the access log; and they remove a person's second factor when the phone is
lost, so that the person enrols again. Nobody adds or edits a device here: its secret
belongs to the person's phone."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from conocer.core.roles import is_conocer_admin

from . import services


class ForConocer:
    """Seen by CONOCER administrators; never added or edited through the admin."""

    deletable = False

    def has_module_permission(self, request):
        return is_conocer_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_conocer_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and is_conocer_admin(request.user)


class RemovedThroughService:
    """Deleting a device removes the person's second factor, with its audit event."""

    deletable = True

    def delete_model(self, request, obj):
        services.remove_second_factor(actor=request.user, device=obj)

    def delete_queryset(self, request, queryset):
        for device in queryset:
            services.remove_second_factor(actor=request.user, device=device)


class DeviceColumns:
    """django-otp names its columns after its fields, in English only; these columns say
    the same in the page's language."""

    list_display = ["owner", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = []

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, obj):
        return obj.user

    @admin.display(description=_("name"))
    def device_name(self, obj):
        return obj.name

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed


def _replace(model, base, *mixins, **attributes):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"Registry{base.__name__}", (*mixins, ForConocer, base),
                                    attributes))


_replace(AccessAttempt, AccessAttemptAdmin, deletable=True)
_replace(AccessLog, AccessLogAdmin)
_replace(AccessFailureLog, AccessFailureLogAdmin)
_replace(TOTPDevice, TOTPDeviceAdmin, DeviceColumns, RemovedThroughService)
_replace(StaticDevice, StaticDeviceAdmin, DeviceColumns, RemovedThroughService)
