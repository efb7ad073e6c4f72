"""The dashboards' pages and their CSV files: parse the period, check who asks (before
anything is computed), read the selectors, render. Nothing here writes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bodies.models import AssessmentCentre, AwardingBody
from conocer.core.csvexport import csv_lines
from conocer.core.roles import is_conocer_admin
from conocer.core.web import form_error_text, require
from standards.models import LeadBody

from . import access, committees, selectors, system
from .periods import period_form


def _body(request, pk) -> AwardingBody:
    body = get_object_or_404(AwardingBody, pk=pk)
    require(access.may_see_body(request.user, body),
            _("Only this awarding body's administrators and reviewers, and CONOCER, see "
              "its dashboard."))
    return body


def _centre(request, pk) -> AssessmentCentre:
    centre = get_object_or_404(AssessmentCentre.objects.select_related("awarding_body"),
                               pk=pk)
    require(access.may_see_centre(request.user, centre),
            _("Only this centre's staff, its awarding body and CONOCER see its dashboard."))
    return centre


def _lead_body(request, pk) -> LeadBody:
    committee = get_object_or_404(LeadBody, pk=pk)
    require(access.may_see_lead_body(request.user, committee),
            _("Only this lead body's members and board, and CONOCER, see its dashboard."))
    return committee


def _conocer(request) -> None:
    require(is_conocer_admin(request.user),
            _("Only CONOCER administrators see the whole registry's dashboard."))


def _page(request, *, title, subtitle, tables, form, csv_url, exports=""):
    """A dashboard: its period form, and each table with the address of its CSV (for the
    same period)."""
    query = form.period().query()
    return render(request, "certification/dashboards/dashboard.html", {
        "title": title, "subtitle": subtitle, "form": form, "period": form.period(),
        "figures": [(table, f"{csv_url(table.key)}?{query}") for table in tables],
        "exports": f"{exports}?{query}" if exports else "",
    })


def _csv(request, key, compute) -> HttpResponse:
    """One table as CSV, for the period asked (400 with the reasons when it is not one)."""
    form = period_form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form_error_text(form), status=400,
                            content_type="text/plain; charset=utf-8")
    try:
        table = compute(key, form.period())
    except KeyError as error:
        raise Http404 from error
    response = HttpResponse("".join(csv_lines([table.header, *table.rows])),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.key}.csv"'
    return response


@login_required
@require_GET
def body(request, pk):
    awarding_body = _body(request, pk)
    form = period_form(request)
    scope = selectors.Scope(body=awarding_body)
    return _page(request, title=awarding_body.name, subtitle=_("Awarding body"),
                 tables=selectors.dashboard(scope, form.period()), form=form,
                 csv_url=lambda key: reverse("dashboards:body_csv", args=[pk, key]))


@login_required
@require_GET
def body_csv(request, pk, key):
    scope = selectors.Scope(body=_body(request, pk))
    return _csv(request, key, lambda key, period: selectors.table(scope, key, period))


@login_required
@require_GET
def centre(request, pk):
    assessment_centre = _centre(request, pk)
    form = period_form(request)
    scope = selectors.Scope(centre=assessment_centre)
    return _page(request, title=assessment_centre.name,
                 subtitle=_("Assessment centre of %(body)s") % {
                     "body": assessment_centre.awarding_body},
                 tables=selectors.dashboard(scope, form.period()), form=form,
                 csv_url=lambda key: reverse("dashboards:centre_csv", args=[pk, key]))


@login_required
@require_GET
def centre_csv(request, pk, key):
    scope = selectors.Scope(centre=_centre(request, pk))
    return _csv(request, key, lambda key, period: selectors.table(scope, key, period))


@login_required
@require_GET
def lead_body(request, pk):
    committee = _lead_body(request, pk)
    form = period_form(request)
    return _page(request, title=committee.name, subtitle=_("Lead body"),
                 tables=committees.dashboard(committee, form.period()), form=form,
                 csv_url=lambda key: reverse("dashboards:lead_body_csv", args=[pk, key]))


@login_required
@require_GET
def lead_body_csv(request, pk, key):
    committee = _lead_body(request, pk)
    return _csv(request, key, lambda key, period: committees.table(committee, key, period))


@login_required
@require_GET
def conocer(request):
    _conocer(request)
    form = period_form(request)
    return _page(request, title=_("The whole registry"), subtitle=_("CONOCER"),
                 tables=system.dashboard(form.period()), form=form,
                 csv_url=lambda key: reverse("dashboards:conocer_csv", args=[key]),
                 exports=reverse("dashboards:conocer_exports"))


@login_required
@require_GET
def conocer_csv(request, key):
    _conocer(request)
    return _csv(request, key, system.table)


@login_required
@require_GET
def conocer_exports(request):
    """Every table of the registry's dashboard, one CSV each, for the period chosen."""
    _conocer(request)
    form = period_form(request)
    query = form.period().query()
    return render(request, "certification/dashboards/exports.html", {
        "form": form, "period": form.period(),
        "files": [(f"{key}.csv", system.TITLES[key],
                   reverse("dashboards:conocer_csv", args=[key]) + f"?{query}")
                  for key in system.TABLES],
    })
