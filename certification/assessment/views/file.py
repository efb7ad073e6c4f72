"""The assessment file. The judgements, the evidence upload and the verdict are one HTML
form (see forms.SHEET), so each of its buttons sends everything typed: the judgements are
recorded first, then the button's own action; when that is refused, the page comes back
with every value as typed, each error beside its field, a summary at the top that links
to them, and the first one focused."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bodies import permissions
from conocer.core import downloads
from conocer.core.errors import ServiceError, message_of
from conocer.core.web import form_error_text, refusal_status, refusals

from .. import selectors
from ..forms import EvidenceForm, JudgementForm, JudgementSheetForm, SubmitForm
from ..models import Assessment, Evidence
from ..services import assessments
from .summary import error_summary

PENDING = "pendientes"  # ?pendientes=1: only the criteria not judged yet


def _visible_assessment(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    own = assessment.assessor.user_id == request.user.pk
    if not (own or permissions.can(request.user, "candidate.view", assessment)):
        raise Http404
    return assessment, own


def _progress(rows) -> tuple[int, int, str]:
    """(judged, total, the sentence with `{judged}` for the script to fill in)."""
    total = sum(len(criteria) for _unit, criteria in rows)
    judged = sum(row.judged for _unit, criteria in rows for row in criteria)
    pattern = ngettext("{judged} of %(total)s criterion judged",
                       "{judged} of %(total)s criteria judged", total) % {"total": total}
    return judged, total, pattern


def _assessment_page(request, found, own, *, status=200, typed=None, sheet=None,
                     evidence_form=None, submit_form=None):
    file = selectors.assessment_file(found.pk)
    rows = selectors.judgement_sheet(file, typed)
    judged, total, pattern = _progress(rows)
    evidence_form = evidence_form or EvidenceForm()
    # A verdict typed before another button was pressed is shown again, not judged yet.
    submit_form = submit_form or SubmitForm(initial={
        name: request.POST[name] for name in SubmitForm.base_fields if name in request.POST})
    summary = error_summary(*(f for f in (sheet, evidence_form, submit_form) if f))
    if submit_form.errors:
        unjudged = [r for _unit, criteria in rows for r in criteria if not r.judged]
        summary += [(f"criterion-{r.criterion.pk}", _("Not judged yet: %(criterion)s") % {
            "criterion": r.criterion.text}) for r in unjudged[:5]]
    pending_only = request.GET.get(PENDING) == "1"
    if pending_only:
        rows = [(unit, [r for r in criteria if not r.judged]) for unit, criteria in rows]
        rows = [(unit, criteria) for unit, criteria in rows if criteria]
    return render(request, "certification/assessment/assessment.html", {
        "assessment": file, "units": rows,
        "editable": own and file.status == "draft",
        "evidence_form": evidence_form, "submit_form": submit_form,
        "error_summary": summary,
        "focus": next((anchor for anchor, _m in summary if anchor), ""),
        "judged": judged, "total": total, "progress_pattern": pattern,
        "progress_text": pattern.replace("{judged}", str(judged)),
        "pending_only": pending_only,
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


def _sheet(request, found) -> tuple[JudgementSheetForm, dict]:
    """The form's time stamps, and what it sent for each criterion it judges (of the
    standard, or of the units in its scope): {id: (met, note)}."""
    criteria = list(found.criteria().values_list("pk", flat=True))
    typed = {criterion_id: (_parse_met(request.POST.get(f"met_{criterion_id}", "")),
                            request.POST.get(f"note_{criterion_id}", ""))
             for criterion_id in criteria}
    return JudgementSheetForm(request.POST, criteria=criteria), typed


def _record(request, found, typed, sheet) -> None:
    """Record the judgements as sent. Only what changed is written; blanks never erase;
    a criterion changed elsewhere meanwhile keeps its newer judgement (and we say so)."""
    _changed, kept = assessments.record_judgements(
        actor=request.user, assessment_id=found.pk, judgements=typed,
        seen_at=sheet.cleaned_data["loaded_at"], seen=sheet.seen())
    if kept:
        messages.warning(request, _(
            "%(n)s criteria had been changed in another window after this page was "
            "opened; those newer judgements were kept. Check them below.") % {"n": kept})


def _back(found, request, anchor=""):
    url = reverse("assessment:assessment", args=[found.pk])
    if request.POST.get(PENDING) == "1":
        url += f"?{PENDING}=1"
    return redirect(url + anchor)


@login_required
@require_POST
def save_judgements(request, pk):
    """Save the whole judgement form (works without JavaScript)."""
    found, own = _visible_assessment(request, pk)
    sheet, typed = _sheet(request, found)
    with refusals(request, form=sheet):
        assessments.ensure_can_judge(actor=request.user, assessment_id=found.pk)
        if sheet.is_valid():
            _record(request, found, typed, sheet)
            messages.success(request, _("Judgements saved."))
            return _back(found, request)
    return _assessment_page(request, found, own, status=400, typed=typed, sheet=sheet)


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
    """Upload a file (the judgements sent with it are recorded too)."""
    found, own = _visible_assessment(request, pk)
    sheet, typed = _sheet(request, found)
    form = EvidenceForm(request.POST, request.FILES)
    with refusals(request, form=form):
        assessments.ensure_can_judge(actor=request.user, assessment_id=found.pk)
        if sheet.is_valid():
            _record(request, found, typed, sheet)
            if form.is_valid():
                evidence = assessments.add_evidence(
                    actor=request.user, assessment_id=found.pk,
                    uploaded=form.cleaned_data["file"],
                    criterion_id=form.cleaned_data["criterion"])
                messages.success(request, _("%(name)s uploaded.") % {
                    "name": evidence.original_name})
                return _back(found, request, "#evidence")
    return _assessment_page(request, found, own, status=400, typed=typed, sheet=sheet,
                            evidence_form=form)


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
    return downloads.attachment(
        request, evidence.file, filename=evidence.original_name,
        content_type=evidence.content_type,
        gone=_("The registry no longer has this evidence file. Upload it again to the "
               "assessment, or ask the assessor who recorded it."))


@login_required
@require_POST
def submit_assessment(request, pk):
    """Record the judgements sent, then close the assessment with the verdict."""
    found, own = _visible_assessment(request, pk)
    sheet, typed = _sheet(request, found)
    form = SubmitForm(request.POST)
    with refusals(request, form=form):
        assessments.ensure_can_judge(actor=request.user, assessment_id=found.pk)
        if sheet.is_valid():
            _record(request, found, typed, sheet)
            if form.is_valid():
                assessments.submit_assessment(actor=request.user, assessment_id=found.pk,
                                              **form.cleaned_data)
                messages.success(request, _("Assessment submitted.") + (
                    " " + _("The certificate request went to the awarding body.")
                    if form.cleaned_data["verdict"] == Assessment.Verdict.COMPETENT
                    else ""))
                return redirect("assessment:my_assessments")
    return _assessment_page(request, found, own, status=400, typed=typed, sheet=sheet,
                            submit_form=form)
