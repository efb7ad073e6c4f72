"""Who must sign in with two factors, and what a signed-in person still has to do."""

from django.conf import settings
from django_otp import user_has_device

from bodies.models import Membership
from conocer.core.roles import is_conocer_admin

# Roles in an awarding body that decide on certificates (approve, reject, revoke).
DECIDING_ROLES = (Membership.Role.REVIEWER, Membership.Role.ADMINISTRATOR)

VERIFY = "verify"
ENROL = "enrol"


def must_use_two_factors(user) -> bool:
    """The accounts whose theft would issue or revoke certificates or change the registry:
    CONOCER administrators, anyone with admin access, and awarding bodies' reviewers and
    administrators."""
    if not (user and user.is_authenticated):
        return False
    return (user.is_staff or user.is_superuser or is_conocer_admin(user)
            or Membership.objects.filter(user=user, awarding_body__isnull=False,
                                         role__in=DECIDING_ROLES).exists())


def two_factors_required(user) -> bool:
    """Whether this account may not work without two factors (production only, by
    default: the demo offers them without forcing them)."""
    return settings.OTP_REQUIRED and must_use_two_factors(user)


def pending_step(user) -> str | None:
    """What a signed-in person must do before going on: VERIFY (a second factor is
    enrolled but not given in this session), ENROL (required, none enrolled) or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return VERIFY
    if two_factors_required(user):
        return ENROL
    return None
