"""Abuse limits for public pages, with DRF's throttles (the same ones the API uses):
per client address, rates from settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
counted in the shared cache (Redis in production). Folios are 55-bit random, so with
these limits guessing one is hopeless; the limits also stop bulk scraping."""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PerClientThrottle(SimpleRateThrottle):
    """Counts requests per client address (behind NUM_PROXIES trusted proxies), at the
    rate configured now for its scope (DRF's own class reads rates once at import)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ClientRateThrottle(PerClientThrottle):
    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()


def throttled(scope: str):
    """Decorate a Django view: over the limit, answer 429 with a page that says so."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            throttle = ClientRateThrottle(scope)
            if not throttle.allow_request(request, None):
                wait = int(throttle.wait() or 60)
                response = render(request, "429.html", {
                    "message": _("Too many requests from your connection. Please wait "
                                 "%(seconds)s seconds and try again.") % {"seconds": wait},
                }, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


class VerifyThrottle(PerClientThrottle):
    """For DRF views: the `verify` scope per client address."""

    scope = "verify"
