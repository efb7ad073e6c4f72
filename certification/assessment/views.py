from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodies import permissions
from conocer.core.errors import ServiceError, message_of
from conocer.core.web import form_error_text, refusal_status, refusals, require
from standards.models import Criterion

from . import hooks, selectors
from .forms import (
    CandidateForm,
    EvidenceForm,
    JudgementForm,
    JudgementSheetForm,
    StartAssessmentForm,
    SubmitForm,
)
from .models import Assessment, Evidence
from .services import assessments, people

# Candidates ---------------------------------------------------------------------------


def _assessor_or_403(request):
    assessor = selectors.assessor_for(request.user)
    if assessor is None:
        raise PermissionDenied(_("This page is for assessors."))
    return assessor


@login_required
def candidates(request):
    require(selectors.sees_candidates(request.user),
            _("This page is for the staff of centres and awarding bodies."))
    q = request.GET.get("q", "")
    page = Paginator(selectors.candidacies_for(request.user, q=q), 50).get_page(
        request.GET.get("page"))
    return render(request, "certification/assessment/candidates.html", {
        "page": page, "q": q.strip(),
        "can_register": selectors.registration_place(request.user) is not False,
    })


@login_required
def register_candidate(request):
    centre = selectors.registration_place(request.user)
    if centre is False:
        raise PermissionDenied(_("Only centre staff and independent assessors register "
                                 "candidates."))
    form = CandidateForm(request.POST or None)
    duplicates, known = [], False
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            try:
                candidacy = people.register_candidate(
                    actor=request.user, centre=centre,
                    privacy_consent=form.cleaned_data["privacy_consent"],
                    confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                    confirm_known=form.cleaned_data["confirm_known"], **form.person_data())
            except people.PossibleDuplicate as warning:
                duplicates = warning.matches
                form.add_error(None, warning.message)
                form.data = form.data.copy()
                form.data["confirm_duplicate"] = "on"
            except people.KnownPerson as warning:
                known = True
                form.add_error("confirm_known", warning.message)
            else:
                messages.success(request, _("%(name)s is registered.") % {
                    "name": candidacy.person.full_name})
                return redirect("assessment:candidates")
    return render(request, "certification/assessment/candidate_form.html", {
        "form": form, "centre": centre, "duplicates": duplicates, "known": known})


# Assessments ------------------------------------------------------------------------------

@login_required
def my_assessments(request):
    assessor = _assessor_or_403(request)
    rows = list(selectors.assessments_of(assessor))
    outcomes = {}
    for provider in hooks.assessment_outcomes:
        outcomes.update(provider(rows))
    return render(request, "certification/assessment/my_assessments.html", {
        "assessor": assessor,
        "assessments": [(a, outcomes.get(a.pk, "")) for a in rows],
    })


@login_required
def start_assessment(request):
    assessor = _assessor_or_403(request)
    form = StartAssessmentForm(request.POST or None, assessor=assessor)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            assessment = assessments.start_assessment(actor=request.user, **form.cleaned_data)
            return redirect("assessment:assessment", pk=assessment.pk)
    return render(request, "certification/assessment/start_assessment.html", {"form": form})


def _visible_assessment(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    own = assessment.assessor.user_id == request.user.pk
    if not (own or permissions.can(request.user, "candidate.view", assessment)):
        raise Http404
    return assessment, own


def _assessment_page(request, found, own, *, status=200):
    file = selectors.assessment_file(found.pk)
    return render(request, "certification/assessment/assessment.html", {
        "assessment": file, "units": selectors.judged_structure(file),
        "editable": own and file.status == "draft",
        "evidence_form": EvidenceForm(), "submit_form": SubmitForm(),
        "loaded_at": timezone.now().isoformat(),
        "max_mb": round(settings.EVIDENCE_MAX_BYTES / 1_048_576, 1),
    }, status=status)


@login_required
def assessment(request, pk):
    """The assessment file: judgement form (autosaved), evidence, verdict."""
    found, own = _visible_assessment(request, pk)
    return _assessment_page(request, found, own)


def _parse_met(value):
    return {"1": True, "0": False}.get(value)


@login_required
@require_POST
def save_judgements(request, pk):
    """Save the whole judgement form (works without JavaScript). Only what changed is
    written; blanks never erase; a criterion changed elsewhere meanwhile is kept."""
    found, own = _visible_assessment(request, pk)
    sheet = JudgementSheetForm(request.POST)
    if not sheet.is_valid():
        with refusals(request):
            assessments.ensure_can_judge(actor=request.user, assessment_id=found.pk)
            messages.error(request, form_error_text(sheet))
            return _assessment_page(request, found, own, status=400)
        return redirect("assessment:assessment", pk=found.pk)
    judgements = {criterion_id: (_parse_met(request.POST.get(f"met_{criterion_id}", "")),
                                 request.POST.get(f"note_{criterion_id}", ""))
                  for criterion_id in Criterion.objects.filter(
                      unit__standard=found.standard_id).values_list("pk", flat=True)}
    with refusals(request):
        _changed, kept = assessments.record_judgements(
            actor=request.user, assessment_id=found.pk, judgements=judgements,
            seen_at=sheet.cleaned_data["loaded_at"])
        messages.success(request, _("Judgements saved."))
        if kept:
            messages.warning(request, _(
                "%(n)s criteria had been changed in another window after this page was "
                "opened; those newer judgements were kept. Check them below.") % {"n": kept})
    return redirect("assessment:assessment", pk=found.pk)


@login_required
@require_POST
def autosave_judgement(request, pk, criterion_id):
    """One criterion, saved as the assessor types (JSON for the page's script)."""
    form = JudgementForm(request.POST)
    try:
        if not form.is_valid():
            assessments.ensure_can_judge(actor=request.user, assessment_id=pk)
            return JsonResponse({"error": form_error_text(form), "errors": form.errors},
                                status=400)
        judgement = assessments.save_judgement(
            actor=request.user, assessment_id=pk, criterion_id=criterion_id,
            **form.cleaned_data)
    except assessments.StaleJudgement as stale:
        j = stale.judgement
        return JsonResponse({"error": stale.message, "met": j.met, "note": j.note,
                             "saved_at": j.updated_at.isoformat()}, status=409)
    except Assessment.DoesNotExist:
        raise Http404 from None
    except (ServiceError, ValidationError) as error:
        return JsonResponse({"error": message_of(error)}, status=refusal_status(error))
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
        with refusals(request):
            evidence = assessments.add_evidence(
                actor=request.user, assessment_id=found.pk, uploaded=form.cleaned_data["file"],
                criterion_id=form.cleaned_data["criterion"])
            messages.success(request, _("%(name)s uploaded (SHA-256 %(hash)s…).") % {
                "name": evidence.original_name, "hash": evidence.sha256[:12]})
    return redirect(reverse("assessment:assessment", args=[found.pk]) + "#evidence")


@login_required
@require_POST
def remove_evidence(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    with refusals(request):
        assessments.remove_evidence(actor=request.user, evidence_id=evidence.pk)
        messages.success(request, _("%(name)s removed.") % {"name": evidence.original_name})
    return redirect(reverse("assessment:assessment", args=[evidence.assessment_id])
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
        return redirect("assessment:assessment", pk=found.pk)
    with refusals(request):
        assessments.submit_assessment(actor=request.user, assessment_id=found.pk,
                                      **form.cleaned_data)
        messages.success(request, _("Assessment submitted.") + (
            " " + _("The certificate request went to the awarding body.")
            if form.cleaned_data["verdict"] == Assessment.Verdict.COMPETENT else ""))
        return redirect("assessment:my_assessments")
    return redirect("assessment:assessment", pk=found.pk)
