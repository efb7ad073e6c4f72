import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bodies import permissions
from certification.assessment import selectors as assessment_selectors
from conocer.core.roles import is_conocer_admin
from conocer.core.web import refusals, require
from standards import selectors as standards_selectors
from standards.models import Standard

from . import pdf, selectors
from .forms import ReasonForm, ReissueForm, RequestFilterForm, WithdrawForm
from .models import Certificate, CertificateRequest
from .services import certificates, pdfs, requests

REQUEST_NUMBER = re.compile(r"[0-9]{1,18}")

# Requests (awarding-body reviewers) -----------------------------------------------------------


@login_required
@require_GET
def request_queue(request):
    """Reviewers' queue with filters; centres see their own requests and decisions."""
    user = request.user
    require(is_conocer_admin(user) or assessment_selectors.assessor_for(user) is not None
            or permissions.centres_for(user, "request.view").exists()
            or permissions.awarding_bodies_for(user, "request.view").exists(),
            _("This page is for the staff of centres and awarding bodies."))
    visible = selectors.requests_for(request.user)
    form = RequestFilterForm(
        request.GET or None,
        centres=permissions.centres_for(request.user, "request.view").order_by("name"),
        standards=Standard.objects.filter(
            pk__in=visible.values("assessment__standard")).order_by("code"))
    filters = {"status": CertificateRequest.Status.SUBMITTED}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    page = Paginator(selectors.requests_for(request.user, **filters), 50).get_page(
        request.GET.get("page"))
    blockers = selectors.blockers_of(page)
    rows = [(r, blockers.get(r, []), permissions.can(request.user, "request.review", r))
            for r in page]
    return render(request, "certification/issuance/requests.html", {
        "form": form, "page": page, "rows": rows, "status": filters["status"],
        "can_review_any": any(can for _r, _b, can in rows),
    })


REVIEWERS_ONLY = gettext_lazy("Only the awarding body's reviewers decide requests.")


def _visible_request(request, pk) -> CertificateRequest:
    req = get_object_or_404(CertificateRequest.objects.select_related("assessment"), pk=pk)
    if not permissions.can(request.user, "request.view", req):
        raise Http404
    return req


@login_required
@require_GET
def request_detail(request, pk):
    req = _visible_request(request, pk)
    file = assessment_selectors.assessment_file(req.assessment_id)
    blockers = selectors.request_blockers(req) if req.status == "submitted" else []
    return render(request, "certification/issuance/request_detail.html", {
        "req": req, "assessment": file, "units": assessment_selectors.judged_structure(file),
        "blockers": blockers,
        "can_review": permissions.can(request.user, "request.review", req),
        "can_release": bool(blockers) and not req.released_at and is_conocer_admin(
            request.user) and bool(standards_selectors.not_in_force(file.standard)),
        "reject_form": ReasonForm(), "release_form": ReasonForm(prefix="release"),
        "certificate": getattr(req, "certificate", None) if req.status == "approved" else None,
    })


@login_required
@require_POST
def approve(request, pk):
    with refusals(request):
        certificate = requests.approve_request(actor=request.user, request_id=pk)
        messages.success(request, _("Certificate %(folio)s issued.") % {
            "folio": certificate.folio})
        return redirect("issuance:requests")
    return redirect("issuance:request_detail", pk=pk)


@login_required
@require_POST
def approve_selected(request):
    require(permissions.awarding_bodies_for(request.user, "request.review").exists(),
            REVIEWERS_ONLY)
    selected = request.POST.getlist("request")
    # A request number is ASCII digits that fit the database ("²".isdigit() is True, too).
    ids = [int(i) for i in selected if REQUEST_NUMBER.fullmatch(i)]
    if not ids:
        messages.error(request, _("Select at least one request."))
        return redirect("issuance:requests")
    issued, refused = requests.approve_requests(actor=request.user, request_ids=ids)
    refused += [_("“%(value)s” is not a request number.") % {"value": value[:20]}
                for value in selected if not REQUEST_NUMBER.fullmatch(value)]
    if issued:
        messages.success(request, _("%(n)s certificates issued: %(folios)s.") % {
            "n": len(issued), "folios": ", ".join(c.folio for c in issued)})
    for reason in refused:
        messages.error(request, reason)
    return redirect("issuance:requests")


@login_required
@require_POST
def reject(request, pk):
    require(permissions.can(request.user, "request.review", _visible_request(request, pk)),
            REVIEWERS_ONLY)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the centre why the request is rejected."))
        return redirect("issuance:request_detail", pk=pk)
    with refusals(request):
        requests.reject_request(actor=request.user, request_id=pk, **form.cleaned_data)
        messages.success(request, _("Request rejected; the centre will see the reason."))
        return redirect("issuance:requests")
    return redirect("issuance:request_detail", pk=pk)


@login_required
@require_POST
def release(request, pk):
    _visible_request(request, pk)
    require(is_conocer_admin(request.user),
            _("Only CONOCER administrators release requests."))
    form = ReasonForm(request.POST, prefix="release")
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("issuance:request_detail", pk=pk)
    with refusals(request):
        requests.release_request(actor=request.user, request_id=pk, **form.cleaned_data)
        messages.success(request, _("Request released: the awarding body can decide it."))
    return redirect("issuance:request_detail", pk=pk)


# Certificates (staff) -----------------------------------------------------------------------

def _staff_certificate(request, folio) -> Certificate:
    certificate = selectors.certificate_with_history(folio)
    if certificate is None or not permissions.can(request.user, "candidate.view", certificate):
        raise Http404
    return certificate


def _changeable_certificate(request, folio) -> Certificate:
    """A certificate this user sees (404 otherwise) and may revoke or reissue (403)."""
    certificate = _staff_certificate(request, folio)
    require(permissions.can(request.user, "certificate.revoke", certificate),
            _("Only the awarding body's administrators revoke or reissue certificates."))
    return certificate


@login_required
@require_GET
def certificate(request, folio):
    found = _staff_certificate(request, folio)
    can_change = found.status == "valid" and permissions.can(
        request.user, "certificate.revoke", found)
    return render(request, "certification/issuance/certificate.html", {
        "certificate": found, "claims": found.facts, "identity": pdf.printed_identity(found.facts),
        "events": selectors.audit_trail(found),
        "can_change": can_change, "withdraw_form": WithdrawForm(),
        "reissue_form": ReissueForm(initial={
            "given_names": found.holder.given_names,
            "first_surname": found.holder.first_surname,
            "second_surname": found.holder.second_surname}),
    })


@login_required
@require_GET
def certificate_pdf(request, folio):
    """The PDF, for the holder's centre, the awarding body and CONOCER. A certificate
    whose PDF is not ready yet is queued and the person told to come back."""
    found = _staff_certificate(request, folio)
    if not selectors.pdf_is_stored(found):
        pdfs.queue_pdf_now(found)
        found.refresh_from_db()
        if not selectors.pdf_is_stored(found):
            messages.info(request, _("The PDF is being generated; try again in a minute."))
            return redirect("issuance:certificate", folio=found.folio)
    return FileResponse(found.pdf.open("rb"), as_attachment=True,
                        filename=f"certificado-{found.folio}.pdf",
                        content_type="application/pdf")


@login_required
@require_POST
def withdraw(request, folio):
    found = _changeable_certificate(request, folio)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("issuance:certificate", folio=folio)
    with refusals(request):
        certificates.withdraw_certificate(actor=request.user, certificate_id=found.pk,
                                          **form.cleaned_data)
        messages.success(request, _("Certificate %(folio)s is now %(status)s.") % {
            "folio": folio, "status": dict(Certificate.Status.choices)[
                form.cleaned_data["status"]].lower()})
    return redirect("issuance:certificate", folio=folio)


@login_required
@require_POST
def reissue(request, folio):
    found = _changeable_certificate(request, folio)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason and the holder's corrected name."))
        return redirect("issuance:certificate", folio=folio)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    with refusals(request):
        new = certificates.reissue_certificate(actor=request.user, certificate_id=found.pk,
                                               reason=reason, corrections=data)
        messages.success(request, _("Certificate %(new)s issued; it replaces %(old)s.") % {
            "new": new.folio, "old": folio})
        return redirect("issuance:certificate", folio=new.folio)
    return redirect("issuance:certificate", folio=folio)
