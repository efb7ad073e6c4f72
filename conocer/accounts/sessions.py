"""The limits of a signed-in session: it ends after SESSION_IDLE_TIMEOUT without a request
and SESSION_ABSOLUTE_LIMIT after signing in, whatever happens in between.

Times come from conocer.core.clock (so a test can move "now"), stored in the session as
Unix seconds. The last-activity mark is rewritten at most once a minute, so that a busy
page does not write its session on every request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from conocer.core import clock

SIGNED_IN_AT = "accounts_signed_in_at"
ACTIVE_AT = "accounts_active_at"
# Where a form was posted from when the session had ended: its page restores what the
# person typed (static/js/session.js) once they have signed in again.
RESTORE_DRAFTS = "accounts_restore_drafts"
IDLE = "idle"
ABSOLUTE = "absolute"
_REWRITE_AFTER = 60


def _now() -> int:
    return int(clock.now().timestamp())


def start_session_clock(sender, request, user, **kwargs):
    """On every sign-in (user_logged_in): both clocks start now."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[ACTIVE_AT] = _now()


def ended(session) -> str | None:
    """IDLE or ABSOLUTE when the signed-in session is over, else None. A session from
    before these limits existed starts its clocks now."""
    now = _now()
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    active_at = session.setdefault(ACTIVE_AT, now)
    if now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
        return ABSOLUTE
    if now - active_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return IDLE
    return None


def touch(session) -> None:
    now = _now()
    if now - session.get(ACTIVE_AT, 0) >= _REWRITE_AFTER:
        session[ACTIVE_AT] = now


def countdown(session) -> dict[str, int]:
    """For the page's warning: the idle limit, the seconds left before the session ends
    for inactivity, and before it ends in any case."""
    now = _now()
    idle = int(settings.SESSION_IDLE_TIMEOUT.total_seconds())
    hard = int(settings.SESSION_ABSOLUTE_LIMIT.total_seconds())
    hard_left = max(0, session.get(SIGNED_IN_AT, now) + hard - now)
    left = max(0, min(session.get(ACTIVE_AT, now) + idle - now, hard_left))
    return {"idle": idle, "left": left, "hard_left": hard_left}


def return_path(request) -> str:
    """Where to come back to after signing in again: the page itself for a GET, the page
    the form was on for anything else (the URL a form posts to may answer only POST)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
