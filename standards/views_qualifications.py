"""Qualifications (/cualificaciones/): their catalogue and pages, drafting one, and the
framework's levels with the education levels CONOCER maps them to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from conocer.core.roles import is_conocer_admin
from conocer.core.web import refusals, require

from . import framework, permissions, selectors, services
from .filters import StandardFilter
from .forms import EducationMappingFormSet, QualificationDraftForm, TransitionForm
from .models import LeadBody, Standard

EDITORS_ONLY = gettext_lazy("This page is for the lead bodies' committees and CONOCER.")


@require_GET
def catalogue(request):
    filters = StandardFilter(request.GET, queryset=selectors.public_qualifications()
                             .prefetch_related("components"))
    page = Paginator(filters.qs, 25).get_page(request.GET.get("page"))
    return render(request, "standards/qualifications/catalogue.html", {
        "filters": filters, "page": page,
        "can_draft": permissions.editable_lead_bodies(request.user,
                                                      LeadBody.objects.all()).exists(),
    })


@require_GET
def detail(request, code):
    qualification = selectors.standard_for_page(code, request.user)
    if qualification is None:
        raise Http404(_("There is no qualification with code %(code)s.") % {"code": code})
    if not qualification.is_qualification:
        return redirect("standards:detail", code=qualification.code)
    can_edit = permissions.can_edit_drafts(request.user, qualification.lead_body)
    return render(request, "standards/qualifications/detail.html", {
        "qualification": qualification,
        "units": selectors.components_of(qualification),
        "descriptor": selectors.level_descriptor(qualification.level),
        "education": selectors.education_level_for(qualification.level),
        "superseded_by": selectors.superseded_by(qualification),
        "can_edit": qualification.is_editable and can_edit,
        "can_version": can_edit and qualification.status in (Standard.Status.PUBLISHED,
                                                             Standard.Status.EXPIRED),
        "transitions": services.available_transitions(request.user, qualification),
        "transition_form": TransitionForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require(permissions.editable_lead_bodies(request.user, LeadBody.objects.all()).exists(),
            EDITORS_ONLY)
    form = QualificationDraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            qualification = services.create_draft(
                actor=request.user, kind=Standard.Kind.QUALIFICATION, **form.cleaned_data)
            messages.success(request, _("Draft qualification %(code)s created.") % {
                "code": qualification.code})
            return redirect("qualifications:detail", code=qualification.code)
    return render(request, "standards/draft_form.html", {"form": form,
                                                         "qualification_form": True})


@require_GET
def levels(request):
    return render(request, "standards/qualifications/levels.html", {
        "levels": selectors.levels_table(), "can_edit": is_conocer_admin(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def edit_levels(request):
    require(is_conocer_admin(request.user),
            _("Only CONOCER administrators map the levels to education levels."))
    table = selectors.levels_table()
    initial = [{"education_level": row["mapping"].education_level if row["mapping"] else "",
                "notes": row["mapping"].notes if row["mapping"] else ""} for row in table]
    formset = EducationMappingFormSet(request.POST if request.method == "POST" else None,
                                      initial=initial, prefix="levels")
    if request.method == "POST" and formset.is_valid():
        with refusals(request):
            for row, form in zip(table, formset.forms, strict=True):
                framework.save_education_mapping(actor=request.user, level=row["level"],
                                                 **form.cleaned_data)
            messages.success(request, _("The table of education levels is saved."))
            return redirect("qualifications:levels")
    return render(request, "standards/qualifications/edit_levels.html", {
        "rows": list(zip(table, formset.forms, strict=False)), "formset": formset},
        status=400 if formset.is_bound else 200)
