"""The holder's session: who is signed in to their own space, apart from staff accounts.

A person of the registry is not a Django user: the session keeps the person's id, signed
with SECRET_KEY (django.core.signing) and the time of signing in; it ends
settings.HOLDER_SESSION_MINUTES after the last page, or when they sign out. Signing in
gives the browser a new session key, so a key planted beforehand is worth nothing."""

import functools

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from certification.assessment.models import Person
from conocer.core import clock

KEY = "holder"
SALT = "holders.session"


def _now() -> int:
    return int(clock.now().timestamp())


def sign_in(request, person: Person) -> None:
    request.session.cycle_key()
    request.session[KEY] = {"person": signing.dumps(person.pk, salt=SALT), "active": _now()}


def sign_out(request) -> None:
    request.session.pop(KEY, None)
    request.session.cycle_key()


def current_holder(request) -> Person | None:
    """The signed-in person, or None (never signed in, signed out, or idle too long)."""
    held = request.session.get(KEY)
    if not isinstance(held, dict):
        return None
    try:
        person_id = signing.loads(held.get("person", ""), salt=SALT)
    except signing.BadSignature:
        return None
    idle = _now() - int(held.get("active", 0))
    if idle > settings.HOLDER_SESSION_MINUTES * 60:
        request.session.pop(KEY, None)
        return None
    person = Person.objects.filter(pk=person_id).first()
    if person is not None and idle >= 60:  # written at most once a minute
        request.session[KEY] = {**held, "active": _now()}
    return person


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


def holder_required(view):
    """The view runs for a signed-in holder (`request.holder`); anyone else is sent to
    sign in, and back here afterwards."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        person = current_holder(request)
        if person is None:
            target = request.get_full_path() if request.method == "GET" else reverse(
                "holders:home")
            return redirect(f"{reverse('holders:sign_in')}?{urlencode({'next': target})}")
        request.holder = person
        return view(request, *args, **kwargs)
    return wrapper
