"""What django-axes calls (settings AXES_*): the client address, and the answer to a
sign-in refused for repeated failures. The answer is the same whether the username
exists or not, and names no username, so it tells an attacker nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The client's address behind NUM_PROXIES trusted proxies: the same one the rate
    limits count (DRF's rule), so a forged X-Forwarded-For does not reset the count."""
    return BaseThrottle().get_ident(request)


def client_username(request, credentials=None) -> str:
    """The username the lockout counts, cut to the longest a user can have: a longer one
    names no account, and django-axes would try to store it in a 255-character column
    (Django's sign-in form does not enforce its own length limit before authenticating)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) if credentials else request.POST.get(field)
    longest = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    return str(value or "")[:longest]


def cooloff_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message() -> str:
    return _("Too many failed sign-in attempts. Signing in to this account, or from your "
             "connection, is paused for %(minutes)s minutes. If you need access sooner, "
             "ask a CONOCER administrator to unlock it.") % {"minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/") or "application/json" in request.headers.get(
            "Accept", ""):
        response = JsonResponse({"detail": lockout_message()}, status=status)
    else:
        response = render(request, "accounts/locked.html",
                          {"message": lockout_message()}, status=status)
    response["Retry-After"] = retry_after
    return response
