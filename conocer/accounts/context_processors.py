from . import sessions

# How long before the end of a session the page warns (static/js/session.js).
WARN_SECONDS = 120


def session_limits(request):
    """The signed-in session's countdown, for the page's warning before it ends."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"session_limits": {**sessions.countdown(request.session), "warn": WARN_SECONDS}}
