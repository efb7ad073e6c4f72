from django.shortcuts import render
from django.views.decorators.http import require_GET

from conocer.core import clock
from conocer.core.throttling import throttled

from .. import selectors
from ..services import sharing


@require_GET
@throttled("holder_share")
def shared(request, token):
    """A certificate shared by its holder: their full name and the live status, for as
    long as the link lasts. An expired, revoked or unknown link says only that."""
    link = sharing.open_share_link(token)
    if link is None:
        return render(request, "certification/holders/shared_gone.html", status=404)
    certificate = link.certificate
    response = render(request, "certification/holders/shared.html", {
        "link": link, "certificate": certificate, "claims": certificate.facts,
        "status": selectors.status_in_words(certificate),
        "verify_url": selectors.verify_url(certificate), "checked_at": clock.now(),
    })
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
