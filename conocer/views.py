from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from conocer.core.outages import RETRY_AFTER_SECONDS, database_answers


@require_GET
def home(request):
    return render(request, "home.html")


def typed_folio(text: str) -> tuple[bool, str]:
    """Whether `text` is a folio rather than words, and the folio as stored ('' when its
    check character is wrong: the verify page explains). A folio has a folio's shape and
    a digit or a dash: "electricista" has the shape of a folio without its digits, and
    a folio without any digit (one in a hundred) is found typed with its dashes."""
    try:
        folio = normalize_folio(text)
    except MalformedFolio:
        return False, ""
    except MistypedFolio:
        folio = ""
    return any(c.isdigit() or c == "-" for c in text), folio


@require_GET
def search(request):
    """The home page's one search box: a folio goes to its verification, anything else
    to the standards catalogue."""
    q = " ".join(request.GET.get("q", "").split())[:200]
    is_folio, folio = typed_folio(q)
    if is_folio and folio:
        return redirect("verification:verify_folio", folio=folio)
    if is_folio:
        return redirect(f"{reverse('verification:verify')}?{urlencode({'folio': q})}")
    if not q:
        return redirect("standards:catalogue")
    return redirect(f"{reverse('standards:catalogue')}?{urlencode({'q': q})}")


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
