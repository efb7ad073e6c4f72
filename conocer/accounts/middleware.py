"""Two checks on every signed-in request, after authentication.

SessionLimitsMiddleware ends a session that was idle too long or began too long ago, and
sends the person to sign in again, back to the same page. A form posted into an ended
session is not acted on; its page fills itself in again after the new sign-in (the
browser kept what was typed, see static/js/session.js), so nothing typed is lost.

SecondFactorMiddleware holds a signed-in person at the second step until it is done:
the code, when they have enrolled a second factor; the enrolment, when their account
requires one (production). Only the pages of those steps, signing out and the
language switch stay open meanwhile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import policy, sessions

ALWAYS_OPEN = frozenset({"login", "logout", "admin:logout", "set_language", "healthz",
                         "accounts:keepalive"})
OPEN_DURING = {
    policy.VERIFY: frozenset({"accounts:verify"}),
    policy.ENROL: frozenset({"accounts:two_factor", "accounts:start_enrolment",
                             "accounts:enrol"}),
}
STEP_PAGE = {policy.VERIFY: "accounts:verify", policy.ENROL: "accounts:two_factor"}


def wants_json(request) -> bool:
    """A script or an API client, which is answered in JSON rather than redirected."""
    accept = request.headers.get("Accept", "")
    return (request.path.startswith("/api/") or "application/json" in accept
            or request.headers.get("X-Requested-With") == "XMLHttpRequest")


def _ended_message(reason: str) -> str:
    if reason == sessions.ABSOLUTE:
        hours = int(settings.SESSION_ABSOLUTE_LIMIT.total_seconds() // 3600)
        return _("You were signed out because you signed in more than %(hours)s hours "
                 "ago. Sign in again to continue.") % {"hours": hours}
    minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
    return _("You were signed out after %(minutes)s minutes without activity. Sign in "
             "again to continue.") % {"minutes": minutes}


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.path != reverse("logout"):
            reason = sessions.ended(request.session)
            if reason:
                return self.end(request, reason)
            sessions.touch(request.session)
            self.offer_drafts(request)
        return self.get_response(request)

    @staticmethod
    def end(request, reason):
        message = _ended_message(reason)
        back = sessions.return_path(request)
        posted = request.method not in ("GET", "HEAD", "OPTIONS") and request.path != reverse(
            "accounts:keepalive")
        logout(request)
        if wants_json(request):
            return JsonResponse({"error": message, "detail": message}, status=401)
        if posted:
            request.session[sessions.RESTORE_DRAFTS] = back.split("?")[0]
            message += " " + _("What you sent was not saved: once you have signed in, the "
                               "form shows again what you had typed, to send it again.")
        messages.info(request, message)
        return redirect_to_login(back)

    @staticmethod
    def offer_drafts(request):
        """On the page whose form was refused for an ended session, let its script put
        back what was typed (once; the second-step page does not count)."""
        page = request.session.get(sessions.RESTORE_DRAFTS)
        if page is None or request.method != "GET" or request.path == reverse(
                "accounts:verify"):
            return
        del request.session[sessions.RESTORE_DRAFTS]
        request.restore_drafts = page == request.path


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = policy.pending_step(request.user)
        if step is None:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_OPEN or name in OPEN_DURING[step]:
            return None
        if step == policy.VERIFY:
            message = _("Enter the code from your authenticator app to continue.")
        else:
            message = _("Your account needs two-step verification. Set it up to continue.")
        if wants_json(request):
            return JsonResponse({"error": message, "detail": message}, status=403)
        messages.info(request, message)
        target = reverse(STEP_PAGE[step])
        return redirect(f"{target}?{urlencode({'next': sessions.return_path(request)})}")
