"""Two factors: enrol an authenticator app, confirm it, verify a sign-in, renew the
recovery codes. Each acts on the person's own account and leaves an audit event.

A failed code must still count against the device (django-otp slows down guessing after
each failure), so a wrong code is refused after the transaction that recorded it."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"\d{6}")


def _ensure_signed_in(user) -> None:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Sign in to manage your two-step verification."))


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _refusal(devices, waiting) -> ServiceError:
    """Why no device accepted the code: a wait, when guessing was being slowed down on
    every device that could have accepted it; otherwise a wrong code."""
    if waiting and len(waiting) == len(devices):
        until = min(details["locked_until"] for details in waiting)
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
        return ServiceError(_("Too many wrong codes. Wait %(seconds)s seconds and try "
                              "again.") % {"seconds": seconds})
    return ServiceError(_("That code is not right. Type the code your authenticator app "
                          "shows now, or one of your recovery codes."))


def _waiting(device) -> dict | None:
    """The throttling details of a device that refuses to verify for now, else None."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return None
    return details


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def pending_device(*, user) -> TOTPDevice | None:
    """The authenticator being set up (not yet confirmed with a code), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def start_enrolment(*, user) -> TOTPDevice:
    """A new secret for an authenticator app; it counts only once confirmed with a code.
    An earlier unfinished set-up is dropped; an enrolled app stays until the new one is
    confirmed."""
    _ensure_signed_in(user)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    record_event(actor=user, action="account.two_factor_enrolment_started", target=user)
    return device


def confirm_enrolment(*, user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being set up with a code it shows, replacing any earlier app, and
    issue new recovery codes: returned once, in clear, to be shown once."""
    _ensure_signed_in(user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(
            user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            raise ServiceError(_("This set-up has expired or was finished elsewhere. "
                                 "Start again."))
        accepted = device.verify_token(_clean(code))
        if accepted:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            record_event(actor=user, action="account.two_factor_enrolled", target=user,
                         recovery_codes=len(codes))
    if not accepted:
        raise ServiceError(_("That code is not right. Check that your phone's clock is "
                             "correct and type the 6 digits the app shows now."))
    return device, codes


def verify_second_factor(*, user, code: str):
    """The device that accepts this code: the authenticator app (6 digits) or an unused
    recovery code, which is spent. Refuses a wrong code, or any code while guessing is
    being slowed down."""
    _ensure_signed_in(user)
    code = _clean(code)
    kind = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        devices = [d for d in devices_for_user(user, for_verify=True) if isinstance(d, kind)]
        waiting = [details for details in map(_waiting, devices) if details]
        matched = next((device for device in devices if device.verify_token(code)), None)
        if isinstance(matched, StaticDevice):
            record_event(actor=user, action="account.recovery_code_used", target=user,
                         recovery_codes_left=matched.token_set.count())
    if matched is None:
        raise _refusal(devices, waiting)
    return matched


@transaction.atomic
def regenerate_recovery_codes(*, user) -> list[str]:
    """New recovery codes; the old ones stop working. Returned once, in clear."""
    _ensure_signed_in(user)
    if not has_authenticator(user):
        raise ServiceError(_("Set up an authenticator app first."))
    codes = _new_recovery_codes(user)
    record_event(actor=user, action="account.recovery_codes_regenerated", target=user,
                 recovery_codes=len(codes))
    return codes


@transaction.atomic
def remove_second_factor(*, actor, device) -> None:
    """Remove a second factor (a lost phone, spent recovery codes): its owner or a CONOCER
    administrator. The person enrols again at their next sign-in where it is required."""
    if not (actor and actor.is_authenticated and actor.is_active
            and (actor.pk == device.user_id or is_conocer_admin(actor))):
        raise PermissionDenied(_("Only CONOCER administrators remove another person's "
                                 "two-step verification."))
    owner = device.user
    kind = "authenticator" if isinstance(device, TOTPDevice) else "recovery codes"
    device.delete()
    record_event(actor=actor, action="account.second_factor_removed", target=owner, kind=kind)
