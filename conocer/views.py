from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conocer.core.outages import RETRY_AFTER_SECONDS, database_answers


@require_GET
def home(request):
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 (saying so) when
    not; the next call reconnects. A broker or cache outage leaves it at 200: the site
    still serves (docs/operations.md)."""
    if not database_answers(["default"]):
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
