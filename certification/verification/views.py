"""Public trust pages: verify by folio or by the QR code, the stored credentials and
status list, keys, document check and holder lookup. No account needed; every page is
rate limited per client."""

from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.services import pdfs, statuslist
from certification.trust import did, signing
from conocer.core import clock
from conocer.core.throttling import limits_not_found, throttled

from . import documents, paper, selectors
from .forms import DocumentCheckForm, HolderLookupForm
from .privacy import mask_identity

CREDENTIAL_TYPE = "application/vc+ld+json; charset=utf-8"


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


def _result(request, certificate, *, paper_check=None):
    return render(request, "certification/verification/verify_result.html", {
        "certificate": certificate, "claims": certificate.facts,
        "masked_identity": mask_identity(certificate.facts.holder_id_number),
        "paper": paper_check, "public_pdf": selectors.pdf_is_public(certificate),
        "checked_at": clock.now(),
    })


@require_GET
@throttled("verify")
@limits_not_found
def verify_folio(request, folio):
    try:
        normalized = normalize_folio(folio)
    except MistypedFolio:
        return render(request, "certification/verification/verify.html",
                      {"typed": folio, "error": mistyped_message()}, status=404)
    except MalformedFolio:
        normalized = None
    if normalized and normalized != folio:
        return redirect("verification:verify_folio", folio=normalized)
    certificate = selectors.certificate_by_folio(normalized) if normalized else None
    if certificate is None:
        return render(request, "certification/verification/verify_unknown.html",
                      {"folio": folio}, status=404)
    return _result(request, certificate)


@require_GET
@throttled("verify")
def scanned(request, token):
    """What a certificate's QR code opens: the answer about the paper first, then the
    registry's record."""
    check = paper.check_token(token)
    if check.certificate is None:
        return render(request, "certification/verification/verify_paper.html",
                      {"paper": check, "checked_at": clock.now()})
    return _result(request, check.certificate, paper_check=check)


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
@limits_not_found
def public_pdf(request, folio):
    """The PDF, for valid certificates whose holders chose to appear in the public
    registry (RENAP); otherwise only the holder's centre and awarding body have it. One
    not rendered yet (demo and imported certificates wait for the sweep) is rendered now,
    by the task's own service, so the download needs no broker nor worker."""
    certificate = _public_certificate(folio)
    if not selectors.pdf_is_public(certificate):
        raise Http404
    certificate = pdfs.store_certificate_pdf(certificate_id=certificate.pk)
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True,
                        filename=f"certificado-{certificate.folio}.pdf",
                        content_type="application/pdf")


def _json(document, **headers):
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@require_GET
@throttled("verify")
@limits_not_found
def credential(request, folio):
    """The certificate's Open Badges 3.0 credential, as signed at issuance."""
    certificate = _public_certificate(folio)
    return HttpResponse(certificate.credential.encode("utf-8"), content_type=CREDENTIAL_TYPE)


@require_GET
@throttled("status_list")
def status_list(request):
    """The Bitstring Status List of revoked, cancelled and replaced certificates, as it
    was signed at the last status change: one row read, whatever the registry's size."""
    stored = statuslist.current()
    etag = f'"{stored.etag}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(stored.document.encode("utf-8"), content_type=CREDENTIAL_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def registry_keys(request):
    """Public keys (JWKS) that sign the registry's credentials, old and current."""
    return _json(signing.jwks())


@require_GET
@cache_control(public=True, max_age=3600)
def did_document(request):
    return _json(did.did_document(), Content_Type="application/did+json")


@require_http_methods(["GET", "POST"])
@throttled("document_check")
def document_check(request):
    """Upload a PDF: is it an authentic registry document, unmodified, and what is the
    certificate's status today?"""
    form = DocumentCheckForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = documents.check_document(form.cleaned_data["document"])
    return render(request, "certification/verification/document_check.html",
                  {"form": form, "outcome": outcome}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@throttled("holder_lookup")
def holder_lookup(request):
    """Valid certificates of a person (by CURP) who chose to appear in the public
    registry of certified persons (RENAP). The CURP is posted, never put in the URL, so
    it stays out of access logs, browser histories and referrers."""
    form = HolderLookupForm(request.POST or None)
    certificates = None
    if request.method == "POST" and form.is_valid():
        certificates = selectors.public_certificates_of(form.cleaned_data["curp"])
    return render(request, "certification/verification/holder_lookup.html",
                  {"form": form, "certificates": certificates},
                  status=400 if form.errors else 200)
