"""When the database does not answer, the registry says so instead of failing: pages get
a 503 with a short page that needs no database (and Retry-After), the API a 503 in JSON,
and the broken connection is dropped so that the next request opens a new one (a
persistent connection, CONN_MAX_AGE, would otherwise be reused dead).

Errors can come from a view or from a middleware that loads the session or the user;
Django turns the latter into a 500 before an outer middleware sees them, so a 500 is
checked too: when the database does not answer at that moment, the 500 becomes the 503.
Other errors stay 500s."""

import contextlib
import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def database_answers(aliases=None) -> bool:
    """Whether the databases answer a trivial query now (those of `aliases`, by default
    the primary and every other one this thread has opened: a read replica never used
    here is not asked). One that does not is closed, so that the next request connects
    afresh (not inside a caller's transaction, which is its own)."""
    answered = True
    for alias in aliases or [c.alias for c in connections.all(initialized_only=True)
                             if c.alias == DEFAULT_DB_ALIAS or c.connection is not None]:
        conn = connections[alias]
        try:
            if (not conn.in_atomic_block and conn.connection is not None
                    and not conn.is_usable()):
                conn.close()
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            answered = False
            if not conn.in_atomic_block:
                with contextlib.suppress(DatabaseError):
                    conn.close()
    return answered


def _wants_json(request) -> bool:
    return (request.path.startswith("/api/")
            or "application/json" in request.headers.get("Accept", ""))


def unavailable_response(request) -> HttpResponse:
    """The 503 answer, in the visitor's language, rendered without the context
    processors (they would read the session and the user from the database)."""
    with translation.override(translation.get_language_from_request(request)):
        if _wants_json(request):
            response = JsonResponse({"detail": _(
                "The registry's database is not answering. Please try again in a "
                "minute.")}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html", {
                "request": request, "csrf_token": get_token(request)}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Placed above the session middleware, so that the session and the user, loaded
    below it, are covered too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and not database_answers():
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, CONNECTION_ERRORS) and not database_answers():
            logger.warning("The database is not answering (%s): answered 503.",
                           type(exception).__name__)
            return unavailable_response(request)
        return None
