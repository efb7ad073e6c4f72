import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bodies import permissions
from certification.assessment import selectors as assessment_selectors
from conocer.core import downloads
from conocer.core.roles import is_conocer_admin
from conocer.core.web import confirmation_page, is_confirmed, refusals, require
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
    """Reviewers' queue: counts per status, search, filters, sorting and each request's
    age in working days; centres see their own requests and decisions."""
    user = request.user
    require(is_conocer_admin(user) or assessment_selectors.assessor_for(user) is not None
            or permissions.centres_for(user, "request.view").exists()
            or permissions.awarding_bodies_for(user, "request.view").exists(),
            _("This page is for the staff of centres and awarding bodies."))
    visible = selectors.requests_for(user)
    form = RequestFilterForm(
        request.GET or None,
        centres=permissions.centres_for(user, "request.view").order_by("name"),
        standards=Standard.objects.filter(
            pk__in=visible.values("assessment__standard")).order_by("code"))
    filters = {"status": CertificateRequest.Status.SUBMITTED}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    searched = {k: v for k, v in filters.items() if k != "status"}
    page = Paginator(selectors.requests_for(user, **filters), 50).get_page(
        request.GET.get("page"))
    blockers = selectors.blockers_of(page)
    late = settings.REVIEW_SERVICE_LEVEL_DAYS
    rows = [(r, blockers.get(r, []), permissions.can(user, "request.review", r),
             selectors.age_in_working_days(r)) for r in page]
    counts = selectors.status_counts(selectors.requests_for(user, **searched))
    return render(request, "certification/issuance/requests.html", {
        "form": form, "page": page, "rows": rows, "status": filters["status"],
        "tabs": [(status, label, counts[status])
                 for status, label in CertificateRequest.Status.choices if status in counts],
        "service_level": late, "bulk_consequence": BULK_CONSEQUENCE,
        "can_review_any": any(can for _r, _b, can, _age in rows),
        # Holders' correction requests wait beside them, for those who decide them.
        "corrections_waiting": selectors.correction_counts(user)["submitted"]
        if is_conocer_admin(user) or permissions.awarding_bodies_for(
            user, "correction.decide").exists() else None,
    })


REVIEWERS_ONLY = gettext_lazy("Only the awarding body's reviewers decide requests.")


def _visible_request(request, pk) -> CertificateRequest:
    req = get_object_or_404(CertificateRequest.objects.select_related("assessment"), pk=pk)
    if not permissions.can(request.user, "request.view", req):
        raise Http404
    return req


def _reviewable_request(request, pk) -> CertificateRequest:
    req = _visible_request(request, pk)
    require(permissions.can(request.user, "request.review", req), REVIEWERS_ONLY)
    return req


@login_required
@require_GET
def request_detail(request, pk):
    req = _visible_request(request, pk)
    file = assessment_selectors.assessment_file(req.assessment_id)
    blockers = selectors.request_blockers(req) if req.status == "submitted" else []
    name = file.person.full_name
    return render(request, "certification/issuance/request_detail.html", {
        "req": req, "assessment": file, "units": assessment_selectors.judged_structure(file),
        "blockers": blockers,
        "can_review": permissions.can(request.user, "request.review", req),
        "can_release": bool(blockers) and not req.released_at and is_conocer_admin(
            request.user) and bool(standards_selectors.not_in_force(file.standard)),
        "reject_form": ReasonForm(), "release_form": ReasonForm(prefix="release"),
        "certificate": getattr(req, "certificate", None) if req.status == "approved" else None,
        "approve_consequence": _approval_consequence(name, file.standard.code),
        "reject_consequence": REJECTION_CONSEQUENCE,
    })


def _approval_consequence(name, code) -> str:
    return _("A certificate in %(code)s will be issued to %(name)s, with a folio anyone can "
             "verify. It cannot be undone: afterwards it can only be revoked or cancelled, "
             "and whoever verifies it will see that.") % {"code": code, "name": name}


REJECTION_CONSEQUENCE = gettext_lazy(
    "The request goes back to the centre with the reason you write, and the assessment "
    "reopens for its assessor. No certificate is issued.")


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """Approve one request (after confirmation); with `then=next`, open the next one."""
    req = _reviewable_request(request, pk)
    if not is_confirmed(request):
        person = req.assessment.person
        return confirmation_page(
            request, title=_("Approve the request of %(name)s?") % {"name": person.full_name},
            consequence=_approval_consequence(person.full_name, req.assessment.standard.code),
            button=_("Approve and issue the certificate"),
            back=reverse("issuance:request_detail", args=[pk]))
    with refusals(request):
        certificate = requests.approve_request(actor=request.user, request_id=pk)
        messages.success(request, _("Certificate %(folio)s issued.") % {
            "folio": certificate.folio})
        if request.POST.get("then") == "next":
            following = selectors.next_request_to_review(request.user, after=req)
            if following is not None:
                return redirect("issuance:request_detail", pk=following.pk)
            messages.info(request, _("No more requests are waiting for review."))
        return redirect("issuance:requests")
    return redirect("issuance:request_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def approve_selected(request):
    require(permissions.awarding_bodies_for(request.user, "request.review").exists(),
            REVIEWERS_ONLY)
    data = request.POST if request.method == "POST" else request.GET
    selected = data.getlist("request")
    # A request number is ASCII digits that fit the database ("²".isdigit() is True, too).
    ids = [int(i) for i in selected if REQUEST_NUMBER.fullmatch(i)]
    if not ids:
        messages.error(request, _("Select at least one request."))
        return redirect("issuance:requests")
    if not is_confirmed(request):
        return confirmation_page(
            request, title=ngettext("Approve %(n)s request?", "Approve %(n)s requests?",
                                    len(ids)) % {"n": len(ids)},
            consequence=BULK_CONSEQUENCE, button=_("Approve them and issue the certificates"),
            back=reverse("issuance:requests"))
    names = selectors.names_of_requests(request.user, ids)
    issued, refused = requests.approve_requests(actor=request.user, request_ids=ids)
    if issued:
        messages.success(request, ngettext(
            "Issued %(n)s certificate: %(folios)s.", "Issued %(n)s certificates: %(folios)s.",
            len(issued)) % {"n": len(issued), "folios": "; ".join(
                f"{c.folio} ({c.holder.full_name})" for c in issued)})
    for request_id, reason in refused:
        messages.error(request, _("Not approved: request %(id)s%(name)s. %(why)s") % {
            "id": request_id, "name": f" ({names[request_id]})" if request_id in names else "",
            "why": reason})
    for value in selected:
        if not REQUEST_NUMBER.fullmatch(value):
            messages.error(request, _("“%(value)s” is not a request number.") % {
                "value": value[:20]})
    return redirect("issuance:requests")


BULK_CONSEQUENCE = gettext_lazy(
    "A certificate will be issued for each selected request that can be approved, with a "
    "folio anyone can verify. It cannot be undone: afterwards a certificate can only be "
    "revoked or cancelled. Requests that cannot be approved are listed with the reason.")


@login_required
@require_http_methods(["GET", "POST"])
def reject(request, pk):
    req = _reviewable_request(request, pk)
    form = ReasonForm(request.POST or None)
    page = {"title": _("Reject the request of %(name)s?") % {
                "name": req.assessment.person.full_name},
            "consequence": REJECTION_CONSEQUENCE, "button": _("Reject and return to the centre"),
            "back": reverse("issuance:request_detail", args=[pk])}
    if not (is_confirmed(request) and form.is_valid()):
        return confirmation_page(request, form=form, **page)
    with refusals(request, form=form):
        requests.reject_request(actor=request.user, request_id=pk, **form.cleaned_data)
        messages.success(request, _("Request rejected; the centre will see the reason."))
        return redirect("issuance:requests")
    return confirmation_page(request, form=form, **page)


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
        "can_change": can_change, "withdraw_form": WithdrawForm(auto_id="withdraw-%s"),
        "reissue_form": ReissueForm(initial=_printed_name(found)),
        "revoke_consequence": WITHDRAWAL_CONSEQUENCES["revoked"] % {"folio": found.folio},
        "cancel_consequence": WITHDRAWAL_CONSEQUENCES["cancelled"] % {"folio": found.folio},
        "reissue_consequence": REISSUE_CONSEQUENCE % {"folio": found.folio},
    })


@login_required
@require_GET
def certificate_pdf(request, folio):
    """The PDF, for the holder's centre, the awarding body and CONOCER. One not rendered
    yet is rendered now, by the task's own service (no broker nor worker needed)."""
    found = _staff_certificate(request, folio)
    return downloads.certificate_pdf(
        request, lambda: pdfs.store_certificate_pdf(certificate_id=found.pk))


WITHDRAWAL_CONSEQUENCES = {
    Certificate.Status.REVOKED: gettext_lazy(
        "Anyone who verifies folio %(folio)s will see it revoked, with the reason you "
        "write. It cannot be undone."),
    Certificate.Status.CANCELLED: gettext_lazy(
        "Anyone who verifies folio %(folio)s will see it cancelled as issued in error, "
        "with the reason you write. It cannot be undone."),
    "": gettext_lazy(
        "Anyone who verifies folio %(folio)s will see it revoked or cancelled, with the "
        "reason you write. It cannot be undone."),
}


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, folio):
    """Revoke or cancel a certificate, after confirmation."""
    found = _changeable_certificate(request, folio)
    form = WithdrawForm(request.POST or None, initial={"status": request.GET.get("status")})
    chosen = form["status"].value()
    page = {"fields": ["reason"]} if chosen in WITHDRAWAL_CONSEQUENCES else {}
    chosen = chosen if chosen in WITHDRAWAL_CONSEQUENCES else ""
    page |= {"title": _("Revoke or cancel the certificate %(folio)s?") % {"folio": folio},
            "consequence": WITHDRAWAL_CONSEQUENCES[chosen] % {"folio": folio},
            "button": _("Yes, change this certificate"),
            "back": reverse("issuance:certificate", args=[folio])}
    if not (is_confirmed(request) and form.is_valid()):
        return confirmation_page(request, form=form, **page)
    with refusals(request, form=form):
        certificates.withdraw_certificate(actor=request.user, certificate_id=found.pk,
                                          **form.cleaned_data)
        messages.success(request, _("Certificate %(folio)s is now %(status)s.") % {
            "folio": folio, "status": dict(Certificate.Status.choices)[
                form.cleaned_data["status"]].lower()})
        return redirect("issuance:certificate", folio=folio)
    return confirmation_page(request, form=form, **page)


@login_required
@require_http_methods(["GET", "POST"])
def reissue(request, folio):
    """Replace a certificate by one with the holder's corrected name, after confirmation."""
    found = _changeable_certificate(request, folio)
    form = ReissueForm(request.POST or None, initial=_printed_name(found))
    page = {"title": _("Reissue the certificate %(folio)s?") % {"folio": folio},
            "consequence": REISSUE_CONSEQUENCE % {"folio": folio},
            "button": _("Issue the corrected certificate"),
            "back": reverse("issuance:certificate", args=[folio])}
    if not (is_confirmed(request) and form.is_valid()):
        return confirmation_page(request, form=form, **page)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    with refusals(request, form=form):
        new = certificates.reissue_certificate(actor=request.user, certificate_id=found.pk,
                                               reason=reason, corrections=data)
        messages.success(request, _("Certificate %(new)s issued; it replaces %(old)s.") % {
            "new": new.folio, "old": folio})
        return redirect("issuance:certificate", folio=new.folio)
    return confirmation_page(request, form=form, **page)


REISSUE_CONSEQUENCE = gettext_lazy(
    "A new certificate with a new folio will be issued with the corrected name. Anyone who "
    "verifies folio %(folio)s will see it replaced by the new one. It cannot be undone.")


def _printed_name(certificate) -> dict:
    return {"given_names": certificate.holder.given_names,
            "first_surname": certificate.holder.first_surname,
            "second_surname": certificate.holder.second_surname}
