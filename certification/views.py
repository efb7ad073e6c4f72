from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bodies import permissions
from bodies import services as bodies_services
from bodies.models import AwardingBody
from bodies.views import grant_from_form
from conocer.errors import ServiceError
from conocer.web import add_service_errors, error_text
from standards.models import Criterion, Standard

from . import selectors, services
from .forms import (
    CandidateForm,
    EvidenceForm,
    ReasonForm,
    ReissueForm,
    RequestFilterForm,
    StartAssessmentForm,
    SubmitForm,
    WithdrawForm,
)
from .models import Assessment, Candidate, Certificate, CertificateRequest, Evidence
from .tasks import render_certificate_pdf


@login_required
@require_POST
def accredit_assessor(request, pk):
    """Accredit an assessor (eligibility is checked against the registry's certificates)."""
    body = get_object_or_404(AwardingBody, pk=pk)
    return grant_from_form(
        request, body, prefix="assessor", holders=body.assessors.all(),
        grant=lambda holder, **kw: services.accredit_assessor(assessor=holder, **kw))


# Candidates ---------------------------------------------------------------------------

def _assessor_or_403(request):
    assessor = selectors.assessor_for(request.user)
    if assessor is None:
        raise PermissionDenied(_("This page is for assessors."))
    return assessor


@login_required
def candidates(request):
    centres = permissions.centres_for(request.user, "candidate.view")
    qs = Candidate.objects.filter(
        Q(centre__in=centres) | Q(registered_by__user=request.user)).select_related("centre")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(curp__iexact=q) | Q(first_surname__icontains=q)
                       | Q(given_names__icontains=q) | Q(id_document_number__iexact=q))
    page = Paginator(qs.order_by("first_surname", "given_names"), 50).get_page(
        request.GET.get("page"))
    return render(request, "certification/candidates.html", {
        "page": page, "q": q,
        "can_register": _registration_place(request) is not False,
    })


def _registration_place(request):
    """The centre where this person registers candidates, None for an independent
    assessor, False for someone who cannot register anyone."""
    centre = permissions.centres_for(request.user, "candidate.register").first()
    if centre is not None:
        return centre
    assessor = selectors.assessor_for(request.user)
    return None if assessor is not None and assessor.is_independent else False


@login_required
def register_candidate(request):
    centre = _registration_place(request)
    if centre is False:
        raise PermissionDenied(_("Only centre staff and independent assessors register "
                                 "candidates."))
    form = CandidateForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()
                if k not in ("has_curp", "privacy_consent", "confirm_duplicate")}
        try:
            candidate = services.register_candidate(
                actor=request.user, centre=centre,
                privacy_consent=form.cleaned_data["privacy_consent"],
                confirm_duplicate=form.cleaned_data["confirm_duplicate"], **data)
        except services.PossibleDuplicate as warning:
            duplicates = warning.matches
            form.add_error(None, warning.message)
            form.data = form.data.copy()
            form.data["confirm_duplicate"] = "on"
        except (ValidationError, ServiceError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {
                "name": candidate.full_name})
            return redirect("certification:candidates")
    return render(request, "certification/candidate_form.html", {
        "form": form, "centre": centre, "duplicates": duplicates})


# Assessments ------------------------------------------------------------------------------

@login_required
def my_assessments(request):
    assessor = _assessor_or_403(request)
    return render(request, "certification/my_assessments.html", {
        "assessor": assessor, "assessments": selectors.assessments_of(assessor),
    })


@login_required
def start_assessment(request):
    assessor = _assessor_or_403(request)
    form = StartAssessmentForm(request.POST or None, assessor=assessor)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_assessment(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            return redirect("certification:assessment", pk=assessment.pk)
    return render(request, "certification/start_assessment.html", {"form": form})


def _visible_assessment(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    own = assessment.assessor.user_id == request.user.pk
    if not (own or permissions.can(request.user, "candidate.view", assessment)):
        raise Http404
    return assessment, own


@login_required
def assessment(request, pk):
    """The assessment file: judgement form (autosaved), evidence, verdict."""
    found, own = _visible_assessment(request, pk)
    file = selectors.assessment_file(found.pk)
    return render(request, "certification/assessment.html", {
        "assessment": file, "units": selectors.judged_structure(file),
        "editable": own and file.status == "draft",
        "evidence_form": EvidenceForm(), "submit_form": SubmitForm(),
        "loaded_at": timezone.now().isoformat(),
        "max_mb": round(settings.EVIDENCE_MAX_BYTES / 1_048_576, 1),
    })


def _parse_met(value):
    return {"1": True, "0": False}.get(value)


def _parse_seen(value):
    return parse_datetime(value) if value else None


@login_required
@require_POST
def save_judgements(request, pk):
    """Save the whole judgement form (works without JavaScript). Only what changed is
    written; blanks never erase; a criterion changed elsewhere meanwhile is kept."""
    found, _own = _visible_assessment(request, pk)
    seen = _parse_seen(request.POST.get("loaded_at"))
    criteria = Criterion.objects.filter(unit__standard=found.standard_id)
    kept = 0
    try:
        for criterion in criteria:
            met = _parse_met(request.POST.get(f"met_{criterion.pk}", ""))
            note = request.POST.get(f"note_{criterion.pk}", "")
            try:
                services.save_judgement(actor=request.user, assessment_id=found.pk,
                                        criterion_id=criterion.pk, met=met, note=note,
                                        seen_at=seen)
            except services.StaleJudgement:
                kept += 1
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Judgements saved."))
        if kept:
            messages.warning(request, _(
                "%(n)s criteria had been changed in another window after this page was "
                "opened; those newer judgements were kept. Check them below.") % {"n": kept})
    return redirect("certification:assessment", pk=found.pk)


@login_required
@require_POST
def autosave_judgement(request, pk, criterion_id):
    """One criterion, saved as the assessor types (JSON for the page's script)."""
    try:
        judgement = services.save_judgement(
            actor=request.user, assessment_id=pk, criterion_id=criterion_id,
            met=_parse_met(request.POST.get("met", "")), note=request.POST.get("note", ""),
            seen_at=_parse_seen(request.POST.get("seen_at")))
    except services.StaleJudgement as stale:
        j = stale.judgement
        return JsonResponse({"error": stale.message, "met": j.met, "note": j.note,
                             "saved_at": j.updated_at.isoformat()}, status=409)
    except Assessment.DoesNotExist:
        raise Http404 from None
    except ServiceError as error:
        return JsonResponse({"error": error.message}, status=403 if isinstance(
            error, bodies_services.PermissionDenied) else 400)
    return JsonResponse({"saved_at": judgement.updated_at.isoformat()
                         if judgement.pk else None})


@login_required
@require_POST
def upload_evidence(request, pk):
    found, _own = _visible_assessment(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            evidence = services.add_evidence(
                actor=request.user, assessment_id=found.pk, uploaded=form.cleaned_data["file"],
                criterion_id=form.cleaned_data["criterion"])
        except (ValidationError, ServiceError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(name)s uploaded (SHA-256 %(hash)s…).") % {
                "name": evidence.original_name, "hash": evidence.sha256[:12]})
    return redirect(reverse("certification:assessment", args=[found.pk]) + "#evidence")


@login_required
@require_POST
def remove_evidence(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    try:
        services.remove_evidence(actor=request.user, evidence_id=evidence.pk)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s removed.") % {"name": evidence.original_name})
    return redirect(reverse("certification:assessment", args=[evidence.assessment_id])
                    + "#evidence")


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("assessment"), pk=pk)
    _visible_assessment(request, evidence.assessment_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name, content_type=evidence.content_type)


@login_required
@require_POST
def submit_assessment(request, pk):
    found, _own = _visible_assessment(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the verdict."))
        return redirect("certification:assessment", pk=found.pk)
    try:
        services.submit_assessment(actor=request.user, assessment_id=found.pk,
                                   **form.cleaned_data)
    except (ValidationError, ServiceError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Assessment submitted.") + (
            " " + _("The certificate request went to the awarding body.")
            if form.cleaned_data["verdict"] == Assessment.Verdict.COMPETENT else ""))
        return redirect("certification:my_assessments")
    return redirect("certification:assessment", pk=found.pk)


# Requests (awarding-body reviewers) -----------------------------------------------------------

@login_required
@require_GET
def request_queue(request):
    """Reviewers' queue with filters; centres see their own requests and decisions."""
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
    rows = [(r, selectors.request_blockers(r) if r.status == "submitted" else [],
             permissions.can(request.user, "request.review", r)) for r in page]
    return render(request, "certification/requests.html", {
        "form": form, "page": page, "rows": rows, "status": filters["status"],
        "can_review_any": any(can for _r, _b, can in rows),
    })


def _visible_request(request, pk) -> CertificateRequest:
    req = get_object_or_404(CertificateRequest.objects.select_related("assessment"), pk=pk)
    if not permissions.can(request.user, "request.view", req):
        raise Http404
    return req


@login_required
@require_GET
def request_detail(request, pk):
    req = _visible_request(request, pk)
    file = selectors.assessment_file(req.assessment_id)
    return render(request, "certification/request_detail.html", {
        "req": req, "assessment": file, "units": selectors.judged_structure(file),
        "blockers": selectors.request_blockers(req) if req.status == "submitted" else [],
        "can_review": permissions.can(request.user, "request.review", req),
        "reject_form": ReasonForm(),
        "certificate": getattr(req, "certificate", None) if req.status == "approved" else None,
    })


@login_required
@require_POST
def approve(request, pk):
    try:
        certificate = services.approve_request(actor=request.user, request_id=pk)
    except CertificateRequest.DoesNotExist:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("certification:request_detail", pk=pk)
    messages.success(request, _("Certificate %(folio)s issued.") % {"folio": certificate.folio})
    return redirect("certification:requests")


@login_required
@require_POST
def approve_selected(request):
    ids = [int(i) for i in request.POST.getlist("request") if i.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one request."))
        return redirect("certification:requests")
    issued, refused = services.approve_requests(actor=request.user, request_ids=ids)
    if issued:
        messages.success(request, _("%(n)s certificates issued: %(folios)s.") % {
            "n": len(issued), "folios": ", ".join(c.folio for c in issued)})
    for reason in refused:
        messages.error(request, reason)
    return redirect("certification:requests")


@login_required
@require_POST
def reject(request, pk):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the centre why the request is rejected."))
        return redirect("certification:request_detail", pk=pk)
    try:
        services.reject_request(actor=request.user, request_id=pk, **form.cleaned_data)
    except CertificateRequest.DoesNotExist:
        raise Http404 from None
    except (ValidationError, ServiceError) as error:
        messages.error(request, error_text(error))
        return redirect("certification:request_detail", pk=pk)
    messages.success(request, _("Request rejected; the centre will see the reason."))
    return redirect("certification:requests")


# Certificates (staff) -----------------------------------------------------------------------

def _staff_certificate(request, folio) -> Certificate:
    certificate = selectors.certificate_with_history(folio)
    if certificate is None or not permissions.can(request.user, "candidate.view", certificate):
        raise Http404
    return certificate


@login_required
@require_GET
def certificate(request, folio):
    found = _staff_certificate(request, folio)
    can_change = found.status == "valid" and permissions.can(
        request.user, "certificate.revoke", found)
    return render(request, "certification/certificate.html", {
        "certificate": found, "events": selectors.audit_trail(found),
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
    if not services.pdf_is_stored(found):
        render_certificate_pdf.delay(found.pk)
        found.refresh_from_db()
        if not services.pdf_is_stored(found):
            messages.info(request, _("The PDF is being generated; try again in a minute."))
            return redirect("certification:certificate", folio=found.folio)
    return FileResponse(found.pdf.open("rb"), as_attachment=True,
                        filename=f"certificado-{found.folio}.pdf",
                        content_type="application/pdf")


@login_required
@require_POST
def withdraw(request, folio):
    found = _staff_certificate(request, folio)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("certification:certificate", folio=folio)
    try:
        services.withdraw_certificate(actor=request.user, certificate_id=found.pk,
                                      **form.cleaned_data)
    except (ValidationError, ServiceError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Certificate %(folio)s is now %(status)s.") % {
            "folio": folio, "status": dict(Certificate.Status.choices)[
                form.cleaned_data["status"]].lower()})
    return redirect("certification:certificate", folio=folio)


@login_required
@require_POST
def reissue(request, folio):
    found = _staff_certificate(request, folio)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason and the holder's corrected name."))
        return redirect("certification:certificate", folio=folio)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    try:
        new = services.reissue_certificate(actor=request.user, certificate_id=found.pk,
                                           reason=reason, corrections=data)
    except (ValidationError, ServiceError) as error:
        messages.error(request, error_text(error))
        return redirect("certification:certificate", folio=folio)
    messages.success(request, _("Certificate %(new)s issued; it replaces %(old)s.") % {
        "new": new.folio, "old": folio})
    return redirect("certification:certificate", folio=new.folio)
