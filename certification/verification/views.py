"""Public trust pages: verify by folio, signed credentials, status list, keys, document
check and holder lookup. No account needed; every page is rate limited per client."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.trust import credentials, signing
from conocer.core.throttling import throttled

from . import documents, selectors
from .forms import DocumentCheckForm, HolderLookupForm
from .privacy import mask_identity
from .statuslist import current_status_list


def mistyped_message():
    return _("This folio is mistyped: its check character does not match. Please compare "
             "it with the certificate again.")


@require_GET
@throttled("verify")
def verify(request):
    """Verification form; a submitted folio is normalized and sent to its page."""
    typed = request.GET.get("folio", "").strip()
    error = ""
    if typed:
        try:
            return redirect("verification:verify_folio", folio=normalize_folio(typed))
        except MistypedFolio:
            error = mistyped_message()
        except MalformedFolio:
            error = _("A folio has 12 letters and digits (for example 7K3M-Q9TX-2F4B) "
                      "or, for older certificates, D- followed by 10 digits.")
    return render(request, "certification/verification/verify.html",
                  {"typed": typed, "error": error}, status=400 if error else 200)


def _qr_signature(certificate, token_text: str) -> str:
    """'authentic' when the QR's signed credential names this folio and verifies with the
    registry's keys, 'invalid' when it does not, '' when there is none."""
    if not token_text:
        return ""
    try:
        claims = signing.verify_token(token_text, signing.public_keys())
    except signing.CredentialError:
        return "invalid"
    return "authentic" if claims.get("folio") == certificate.folio else "invalid"


@require_GET
@throttled("verify")
def verify_folio(request, folio):
    try:
        normalized = normalize_folio(folio)
    except MistypedFolio:
        return render(request, "certification/verification/verify.html",
                      {"typed": folio, "error": mistyped_message()}, status=404)
    except MalformedFolio:
        normalized = None
    if normalized and normalized != folio:
        target = reverse("verification:verify_folio", args=[normalized])
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    certificate = selectors.certificate_by_folio(normalized) if normalized else None
    if certificate is None:
        return render(request, "certification/verification/verify_unknown.html", {"folio": folio},
                      status=404)
    return render(request, "certification/verification/verify_result.html", {
        "certificate": certificate, "claims": certificate.facts,
        "masked_identity": mask_identity(certificate.facts.holder_id_number),
        "qr_signature": _qr_signature(certificate, request.GET.get("c", "")),
        "public_pdf": selectors.pdf_is_public(certificate),
    })


def _public_certificate(folio):
    try:
        certificate = selectors.certificate_by_folio(normalize_folio(folio))
    except (MistypedFolio, MalformedFolio):
        certificate = None
    if certificate is None:
        raise Http404(_("No certificate with this folio is in the registry."))
    return certificate


@require_GET
@throttled("verify")
def public_pdf(request, folio):
    """The PDF, for valid certificates whose holders chose to appear in the public
    registry (RENAP); otherwise only the holder's centre and awarding body have it."""
    certificate = _public_certificate(folio)
    if not selectors.pdf_is_public(certificate):
        raise Http404
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True,
                        filename=f"certificado-{certificate.folio}.pdf",
                        content_type="application/pdf")


def _json(document, status=200, **headers):
    response = JsonResponse(document, status=status,
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@require_GET
@throttled("verify")
def credential(request, folio):
    """The certificate as an Open Badges 3.0 Verifiable Credential with an
    eddsa-jcs-2022 Data Integrity proof."""
    certificate = _public_certificate(folio)
    return _json(credentials.certificate_credential(
        certificate.facts, status_index=certificate.status_list_index),
        Content_Type="application/vc+ld+json; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=300)
def status_list(request):
    """Bitstring Status List of revoked (and cancelled or replaced) certificates."""
    return _json(current_status_list(), Content_Type="application/vc+ld+json; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=3600)
def registry_keys(request):
    """Public keys (JWKS) that sign the registry's credentials, old and current."""
    return _json(signing.jwks())


@require_GET
@cache_control(public=True, max_age=3600)
def did_document(request):
    return _json(credentials.did_document(), Content_Type="application/did+json")


@require_http_methods(["GET", "POST"])
@throttled("document_check")
def document_check(request):
    """Upload a PDF: is it an authentic registry document, unmodified?"""
    form = DocumentCheckForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = documents.check_document(form.cleaned_data["document"])
        except ValidationError as error:
            form.add_error("document", error)
    return render(request, "certification/verification/document_check.html",
                  {"form": form, "outcome": outcome},
                  status=400 if form.errors else 200)


@require_GET
@throttled("holder_lookup")
def holder_lookup(request):
    """Valid certificates of a person (by CURP) who chose to appear in the public
    registry of certified persons (RENAP)."""
    form = HolderLookupForm(request.GET or None)
    certificates = None
    if form.is_valid():
        certificates = selectors.public_certificates_of(form.cleaned_data["curp"])
    return render(request, "certification/verification/holder_lookup.html",
                  {"form": form, "certificates": certificates},
                  status=400 if form.errors else 200)

