"""HTTP basic authentication for the API, aware of the sign-in lockout and of two factors.

DRF hands django-axes its own request object, so axes marks the lockout there, where its
middleware does not look: this class turns that mark into the lockout answer (429). An
account that signs in with two factors cannot use a password alone here: basic auth
would be a way around the second step."""

from django.utils.translation import gettext as _
from django_otp import user_has_device
from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from . import policy
from .lockout import cooloff_minutes, lockout_message


class SignInLocked(exceptions.APIException):
    """429 with the lockout message; `wait` becomes the Retry-After header."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self):
        super().__init__(detail=lockout_message())
        self.wait = cooloff_minutes() * 60


class LockoutAwareBasicAuthentication(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        try:
            user, auth = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise SignInLocked() from None
            raise
        if policy.two_factors_required(user) or user_has_device(user, confirmed=True):
            raise exceptions.AuthenticationFailed(
                _("This account signs in with two-step verification: use the registry's "
                  "pages, not a password alone."))
        return user, auth


class LockoutAwareBasicScheme(BasicScheme):
    """The OpenAPI schema shows it as what it is: HTTP basic authentication."""

    target_class = LockoutAwareBasicAuthentication
