from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from conocer.core.web import refusals, require

from .. import hooks, selectors
from ..forms import CandidateForm, StartAssessmentForm
from ..services import assessments, people
from .summary import error_summary


def assessor_or_403(request):
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
    assessor = selectors.assessor_for(request.user)
    place = selectors.registration_place(request.user)
    assessable = set()
    if assessor is not None:
        assessable = set(selectors.assessable_candidacies(request.user, assessor).filter(
            pk__in=[c.pk for c in page]).values_list("pk", flat=True))
    links = {c.pk: [link for provider in hooks.candidacy_links
                    for link in provider(request.user, c)] for c in page}
    return render(request, "certification/assessment/candidates.html", {
        "page": page, "q": q.strip(), "assessable": assessable,
        "can_register": place is not False, "can_import": bool(place),
        "rows": [(c, links[c.pk]) for c in page], "has_links": any(links.values()),
    })


def _field_errors(form) -> list:
    """The summary of a form's field errors (its other errors stand at its top)."""
    if not form.is_bound or not form.errors:
        return []
    return [(anchor, message) for anchor, message in error_summary(form) if anchor]


def _start_url(candidacy) -> str:
    return reverse("assessment:start_assessment") + "?" + urlencode(
        {"candidacy": candidacy.pk})


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
                assessor = selectors.assessor_for(request.user)
                if assessor is not None and selectors.assessable_candidacies(
                        request.user, assessor).filter(pk=candidacy.pk).exists():
                    return redirect(_start_url(candidacy))
                return redirect("assessment:candidates")
    return render(request, "certification/assessment/candidate_form.html", {
        "form": form, "centre": centre, "duplicates": duplicates, "known": known,
        "error_summary": _field_errors(form)})


@login_required
def my_assessments(request):
    assessor = assessor_or_403(request)
    rows = list(selectors.assessments_of(assessor))
    outcomes = {}
    for provider in hooks.assessment_outcomes:
        outcomes.update(provider(rows))
    listed = [(a, outcomes.get(a.pk, "")) for a in rows]
    return render(request, "certification/assessment/my_assessments.html", {
        "assessor": assessor,
        "attention": [row for row in listed if row[0].needs_action],
        "assessments": [row for row in listed if not row[0].needs_action],
    })


@login_required
def start_assessment(request):
    """The start form; the candidate is found by name or CURP (`?q=`, a plain GET form,
    so it works without JavaScript) and may come chosen (`?candidacy=`, the follow-up of
    registering someone). Only candidates the assessor may assess are ever listed."""
    assessor = assessor_or_403(request)
    q = request.GET.get("q", "").strip()
    found = selectors.assessable_candidacies(request.user, assessor, q=q)
    if request.method == "POST":
        form = StartAssessmentForm(request.POST, assessor=assessor, candidacies=found)
        if form.is_valid():
            with refusals(request, form=form):
                assessment = assessments.start_assessment(actor=request.user,
                                                          **form.cleaned_data)
                return redirect("assessment:assessment", pk=assessment.pk)
    else:
        chosen = request.GET.get("candidacy", "")
        chosen = int(chosen) if chosen.isdigit() and len(chosen) < 12 else None
        if chosen is None and q:
            matches = list(found.values_list("pk", flat=True)[:2])
            chosen = matches[0] if len(matches) == 1 else None
        if chosen is not None and not found.filter(pk=chosen).exists():
            chosen = None  # not theirs to assess: nothing is said about it
        form = StartAssessmentForm(initial={"candidacy": chosen}, assessor=assessor,
                                   candidacies=found)
    return render(request, "certification/assessment/start_assessment.html", {
        "form": form, "q": q, "found": found.count() if q else None,
        "error_summary": _field_errors(form)})
