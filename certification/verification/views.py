"""Public trust pages: verify by folio or by the QR code, the stored credentials and
status list, keys, document check and holder lookup. No account needed; every page is
rate limited per client."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.services import pdfs
from certification.trust import did, signing
from conocer.core import clock, downloads
from conocer.core.throttling import limits_not_found, throttled, throttled_lookup

from . import answers, documents, paper, selectors
from .forms import DocumentCheckForm, HolderLookupForm
from .privacy import mask_identity

CREDENTIAL_TYPE = "application/vc+ld+json; charset=utf-8"
RESULT = "certification/verification/verify_result.html"
# Where a kept verify page takes this request's own parts (never in a real page).
TIME_MARK, CSRF_MARK = "\x1f%checked-at%\x1f", "\x1f%csrf-token%\x1f"
FOLIO_MARK = "\x1f%folio%\x1f"
UNKNOWN = "certification/verification/verify_unknown.html"


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


def _result_context(certificate, *, paper_check=None, checked_at):
    return {"certificate": certificate, "claims": certificate.facts,
            "masked_identity": mask_identity(certificate.facts.holder_id_number),
            "paper": paper_check, "public_pdf": selectors.pdf_is_public(certificate),
            "checked_at": checked_at}


def _result(request, certificate, *, paper_check=None):
    return render(request, RESULT, _result_context(certificate, paper_check=paper_check,
                                                   checked_at=clock.now()))


def _checked_at_text(moment) -> str:
    """The page's "checked at" time as the template prints it (to the minute)."""
    return escape(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def _page_answer(request, certificate) -> dict:
    """The verify page as anyone not signed in sees it, with its two per-request parts
    (the time checked and the language form's token) left as marks for `_page`."""
    now = clock.now()
    html = render_to_string(RESULT, {**_result_context(certificate, checked_at=now),
                                     "csrf_token": CSRF_MARK}, request=request)
    text = _checked_at_text(now)
    at = html.index(text, html.index('class="checked-at"'))
    return {"html": html[:at] + TIME_MARK + html[at + len(text):],
            "valid_until": certificate.facts.valid_until}


def _page(request, answer):
    now = clock.now()
    etag = f'{answer["etag"][:-1]}-{now:%Y%m%d%H%M}"'  # 304 only while the time shown holds
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(answer["html"].replace(TIME_MARK, _checked_at_text(now))
                                .replace(CSRF_MARK, get_token(request)))
    response["ETag"] = etag
    # The page holds the language form's token (per visitor): browsers only, revalidated.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


_unknown_pages: dict[str, str] = {}


def _unknown(request, folio):
    """The page "not in the registry" for a well-formed folio, as anyone not signed in
    sees it: rendered once per language by each process, the folio and the language
    form's token put in at each request (guesses should not cost more than answers)."""
    language = get_language()
    shell = _unknown_pages.get(language)
    if shell is None:
        html = render_to_string(UNKNOWN, {"folio": folio, "csrf_token": CSRF_MARK},
                                request=request)
        shell = _unknown_pages[language] = html.replace(folio, FOLIO_MARK)
    response = HttpResponse(shell.replace(FOLIO_MARK, folio)
                            .replace(CSRF_MARK, get_token(request)), status=404)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _anonymous_and_plain(request) -> bool:
    """No session, no messages, no query string: the page is everyone's."""
    return not (request.GET or settings.SESSION_COOKIE_NAME in request.COOKIES
                or "messages" in request.COOKIES)


def _page_keys(request, folio) -> list[str]:
    """The kept page's keys, fetched in the rate limit's round trip (answers.py)."""
    try:
        normalized = normalize_folio(folio)
    except (MistypedFolio, MalformedFolio):
        return []
    if normalized != folio or not _anonymous_and_plain(request):
        return []
    return answers.keys("page", normalized, get_language())


@require_GET
@throttled_lookup("verify", fetch=_page_keys)
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
    kept = generation = None
    if normalized and _anonymous_and_plain(request):
        kept, generation = answers.lookup("page", normalized, get_language(),
                                          fetched=getattr(request, "fetched", None))
        if kept is not None:
            return _unknown(request, normalized) if kept.get("unknown") else _page(request, kept)
    certificate = selectors.certificate_by_folio(normalized) if normalized else None
    if certificate is None:
        if normalized and _anonymous_and_plain(request):
            # Kept too (issuing the folio forgets it): a guess costs no more than an answer.
            answers.keep("page", normalized, get_language(), generation, {"unknown": True},
                         seconds=answers.TTL)
            return _unknown(request, normalized)
        return render(request, UNKNOWN, {"folio": folio}, status=404)
    if not _anonymous_and_plain(request):
        return _result(request, certificate)
    answer = _page_answer(request, certificate)
    return _page(request, answers.keep(
        "page", normalized, get_language(), generation, answer,
        seconds=answers.lifetime(answer["valid_until"], clock.now())))


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
    return downloads.certificate_pdf(
        request, lambda: pdfs.store_certificate_pdf(certificate_id=certificate.pk))


def _json(document, **headers):
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _nothing_to_fetch(request, folio) -> list[str]:
    return []


@require_GET
@throttled_lookup("verify", fetch=_nothing_to_fetch)  # one round trip for both limits
def credential(request, folio):
    """The certificate's Open Badges 3.0 credential, as signed at issuance."""
    try:
        document = selectors.credential_of(normalize_folio(folio))
    except (MistypedFolio, MalformedFolio):
        document = None
    if document is None:
        raise Http404(_("No certificate with this folio is in the registry."))
    body = document.encode("utf-8")
    # Signed once at issuance and never changed: any cache may keep it.
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=CREDENTIAL_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@throttled("status_list")
def status_list(request):
    """The Bitstring Status List of revoked, cancelled and replaced certificates, as it
    was signed at the last status change: one row read, whatever the registry's size."""
    stored_etag, document = selectors.status_list()
    etag = f'"{stored_etag}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(document.encode("utf-8"), content_type=CREDENTIAL_TYPE)
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
