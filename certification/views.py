from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .folio import MalformedFolio, MistypedFolio, normalize_folio
from .privacy import mask_identity


@require_GET
def verify(request):
    """Verification form; a submitted folio is normalized and sent to its page."""
    typed = request.GET.get("folio", "").strip()
    error = ""
    if typed:
        try:
            return redirect("certification:verify_folio", folio=normalize_folio(typed))
        except MistypedFolio:
            error = _("This folio is mistyped: its check character does not match. "
                      "Please compare it with the certificate again.")
        except MalformedFolio:
            error = _("A folio has 12 letters and digits (for example 7K3M-Q9TX-2F4B) "
                      "or, for older certificates, D- followed by 10 digits.")
    return render(request, "certification/verify.html", {"typed": typed, "error": error},
                  status=400 if error else 200)


@require_GET
def verify_folio(request, folio):
    try:
        normalized = normalize_folio(folio)
    except MistypedFolio:
        return render(request, "certification/verify.html", {
            "typed": folio,
            "error": _("This folio is mistyped: its check character does not match. "
                       "Please compare it with the certificate again."),
        }, status=404)
    except MalformedFolio:
        normalized = None
    if normalized and normalized != folio:
        return redirect("certification:verify_folio", folio=normalized)
    certificate = selectors.certificate_by_folio(normalized) if normalized else None
    if certificate is None:
        return render(request, "certification/verify_unknown.html", {"folio": folio},
                      status=404)
    return render(request, "certification/verify_result.html", {
        "certificate": certificate,
        "masked_identity": mask_identity(certificate.holder.curp
                                         or certificate.holder.id_document_number),
    })
