from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bodies.forms import GrantForm
from bodies.models import AwardingBody
from conocer.errors import ServiceError

from . import selectors, services
from .folio import MalformedFolio, MistypedFolio, normalize_folio
from .models import CertificateRequest
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


@login_required
@require_POST
def accredit_assessor(request, pk):
    """Accredit an assessor (eligibility is checked against the registry's certificates)."""
    body = get_object_or_404(AwardingBody, pk=pk)
    form = GrantForm(request.POST, holders=body.assessors.all(), awarding_body=body,
                     prefix="assessor")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("bodies:body", pk=body.pk)
    data = form.cleaned_data
    try:
        accreditation = services.accredit_assessor(
            actor=request.user, assessor=data["holder"], standard=data["standard"],
            valid_from=data["valid_from"], valid_until=data["valid_until"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Accreditation %(folio)s granted.") % {
            "folio": accreditation.folio})
    return redirect("bodies:body", pk=body.pk)


@login_required
@require_GET
def requests(request):
    """Certificate requests of the user's bodies; those that must wait say why."""
    status = request.GET.get("status", CertificateRequest.Status.SUBMITTED)
    if status not in CertificateRequest.Status.values:
        status = CertificateRequest.Status.SUBMITTED
    page = Paginator(selectors.requests_for(request.user, status=status), 50).get_page(
        request.GET.get("page"))
    rows = [(r, selectors.request_blockers(r) if r.status == "submitted" else [])
            for r in page]
    return render(request, "certification/requests.html", {
        "page": page, "rows": rows, "status": status,
        "statuses": CertificateRequest.Status.choices,
    })
