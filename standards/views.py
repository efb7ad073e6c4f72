import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conocer.core.csvexport import csv_lines
from conocer.core.roles import is_conocer_admin
from conocer.core.throttling import throttled
from conocer.core.web import (
    confirmation_page,
    form_error_text,
    is_confirmed,
    refusals,
    require,
)

from . import hooks, opendata, permissions, selectors, services, subscriptions, supersession
from .filters import StandardFilter
from .forms import (
    CriterionFormSet,
    DraftForm,
    QualificationDraftForm,
    SubscribeForm,
    TransitionForm,
    UnitForm,
)
from .models import LeadBody, Standard, Unit


@require_GET
def catalogue(request):
    filters = StandardFilter(request.GET, queryset=selectors.public_standards())
    page = Paginator(filters.qs, 25).get_page(request.GET.get("page"))
    return render(request, "standards/catalogue.html", {
        "filters": filters, "page": page,
        "can_draft": permissions.editable_lead_bodies(request.user,
                                                      LeadBody.objects.all()).exists(),
    })


@require_GET
def detail(request, code):
    return _detail_page(request, code, SubscribeForm())


def _detail_page(request, code, subscribe_form, status=200):
    standard = selectors.standard_for_page(code, request.user)
    if standard is None:
        raise Http404(_("There is no standard with code %(code)s.") % {"code": code})
    if standard.is_qualification:
        return redirect("qualifications:detail", code=standard.code)
    return render(request, "standards/detail.html", {
        "standard": standard,
        "education": selectors.education_level_for(standard.level),
        "qualifications": selectors.qualifications_of(standard),
        "subscribe_form": subscribe_form
        if standard.status in subscriptions.SUBSCRIBABLE else None,
        "descriptor": selectors.level_descriptor(standard.level),
        "superseded_by": selectors.superseded_by(standard),
        "successor": supersession.successor_of(standard),
        "can_edit": standard.is_editable and permissions.can_edit_drafts(
            request.user, standard.lead_body),
        "can_version": standard.status in (Standard.Status.PUBLISHED, Standard.Status.EXPIRED)
        and permissions.can_edit_drafts(request.user, standard.lead_body),
        "transitions": services.available_transitions(request.user, standard),
        "transition_form": TransitionForm(),
        "consequences": {name: sentence % {"code": standard.code}
                         for name, sentence in TRANSITION_CONSEQUENCES.items()},
        # Sections the apps above add (e.g. where to get certified), already rendered.
        "sections": [section for provider in hooks.standard_page_sections
                     if (section := provider(request, standard))],
    }, status=status)


# Notices by e-mail (anyone; standards/subscriptions.py) ---------------------------------

SUBSCRIPTION_ASKED = gettext_lazy(
    "Thank you. If the address is right, a message is on its way to it: open its link to "
    "confirm the notices.")


@require_POST
@throttled("standard_subscribe")
def subscribe(request, code):
    standard = selectors.standard_for_page(code, request.user)
    if standard is None:
        raise Http404
    form = SubscribeForm(request.POST)
    if form.is_valid():
        with refusals(request, form=form):
            subscriptions.subscribe(email=form.cleaned_data["email"], standard=standard)
            messages.success(request, SUBSCRIPTION_ASKED)
            return redirect(reverse("standards:detail", args=[standard.code]) + "#notices")
    return _detail_page(request, code, form, status=400)


@require_GET
def confirm_subscription(request, token):
    with refusals(request):
        subscription = subscriptions.confirm(token=token)
        return render(request, "standards/subscription.html", {
            "standard": subscription.standard, "outcome": "confirmed",
            "unsubscribe": subscriptions.unsubscribe_url(subscription)})
    return render(request, "standards/subscription.html", {"outcome": "invalid"}, status=400)


@csrf_exempt  # mail programs post here (RFC 8058 one-click); the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: opening the link in a notice (or a mail program's unsubscribe button,
    which posts to it) stops the notices."""
    with refusals(request):
        standard = subscriptions.unsubscribe(token=token)
        return render(request, "standards/subscription.html", {
            "standard": standard, "outcome": "unsubscribed"})
    return render(request, "standards/subscription.html", {"outcome": "invalid"}, status=400)


def _stream(rows, content_type, filename):
    response = StreamingHttpResponse(rows, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@throttled("export")
def export_csv(request):
    filters = StandardFilter(request.GET, queryset=selectors.public_standards())
    lines = csv_lines(opendata.csv_rows(filters.qs, request))
    return _stream(lines, "text/csv; charset=utf-8", "estandares-de-competencia.csv")


@require_GET
@throttled("export")
def export_json(request):
    filters = StandardFilter(request.GET, queryset=selectors.public_standards())
    records = opendata.json_records(selectors.with_structure(filters.qs), request)
    chunks = opendata.json_array(json.dumps(r, cls=DjangoJSONEncoder, ensure_ascii=False)
                                 for r in records)
    return _stream(chunks, "application/json; charset=utf-8", "estandares-de-competencia.json")


@login_required
@require_GET
def dormant(request):
    if not is_conocer_admin(request.user):
        raise PermissionDenied(_("Only CONOCER administrators see dormant standards."))
    page = Paginator(selectors.dormant_standards(), 50).get_page(request.GET.get("page"))
    return render(request, "standards/dormant.html", {"page": page})


# Editing (lead-body members and CONOCER admins) ---------------------------------------

EDITORS_ONLY = gettext_lazy("This page is for the lead bodies' committees and CONOCER.")


def _require_editor(request):
    require(permissions.editable_lead_bodies(request.user, LeadBody.objects.all()).exists(),
            EDITORS_ONLY)


@login_required
def work_in_progress(request):
    _require_editor(request)
    return render(request, "standards/work_in_progress.html", {
        "standards": selectors.work_in_progress(request.user),
    })


@login_required
def create(request):
    _require_editor(request)
    form = DraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            standard = services.create_draft(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Draft %(code)s created. Now add its units.") % {
                "code": standard.code})
            return redirect("standards:detail", code=standard.code)
    return render(request, "standards/draft_form.html", {"form": form})


def _visible_or_404(request, code, *, to_edit=False):
    """The standard, if the user sees it (404), and may write it when `to_edit` (403)."""
    standard = selectors.standard_for_page(code, request.user)
    if standard is None:
        raise Http404
    if to_edit:
        require(permissions.can_edit_drafts(request.user, standard.lead_body),
                _("Only the lead body's committee and CONOCER edit this standard."))
    return standard


@login_required
def edit(request, code):
    standard = _visible_or_404(request, code, to_edit=True)
    form_class = QualificationDraftForm if standard.is_qualification else DraftForm
    form = form_class(request.POST or None, instance=Standard.objects.get(pk=standard.pk),
                      user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            services.update_draft(actor=request.user, standard=standard, **form.cleaned_data)
            messages.success(request, _("Changes saved."))
            return redirect("standards:detail", code=form.cleaned_data["code"])
    return render(request, "standards/draft_form.html", {"form": form, "standard": standard})


@login_required
def unit(request, code, unit_id=None):
    standard = _visible_or_404(request, code, to_edit=True)
    instance = get_object_or_404(Unit, pk=unit_id, standard=standard) if unit_id else None
    initial = {"code": instance.code, "title": instance.title} if instance else None
    criteria_initial = [
        {"kind": c.kind, "text": c.text, "bloom_level": c.bloom_level}
        for c in instance.criteria.all()
    ] if instance else None
    form = UnitForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, initial=criteria_initial,
                               prefix="criteria")
    if request.method == "POST" and "add_row" in request.POST:
        # Without scripts: the same page, everything typed kept, one empty row more.
        form = UnitForm(initial={name: form[name].value() for name in form.fields})
        formset = formset.with_a_new_row()
    elif request.method == "POST" and form.is_valid() and formset.is_valid():
        with refusals(request, form=form):
            services.save_unit(actor=request.user, standard=standard, unit=instance,
                               criteria=formset.typed(), **form.cleaned_data)
            messages.success(request, _("Unit saved."))
            return redirect(reverse("standards:detail", args=[standard.code]) + "#structure")
    return render(request, "standards/unit_form.html", {
        "standard": standard, "unit": instance, "form": form, "formset": formset})


@login_required
@require_POST
def delete_unit(request, code, unit_id):
    standard = _visible_or_404(request, code, to_edit=True)
    with refusals(request):
        services.delete_unit(actor=request.user,
                             unit=get_object_or_404(Unit, pk=unit_id, standard=standard))
        messages.success(request, _("Unit deleted."))
    return redirect(reverse("standards:detail", args=[standard.code]) + "#structure")


# Transitions that cannot be undone ask first (conocer/core/web.py): what follows, and
# the fields the person fills for them.
TRANSITION_CONSEQUENCES = {
    "publish": gettext_lazy(
        "%(code)s will be published in the public catalogue: accredited centres can assess "
        "and certify people in it, and it can no longer be changed (a change needs a new "
        "version)."),
    "withdraw": gettext_lazy(
        "%(code)s will be withdrawn for good: no one can be assessed or certified in it "
        "any more. Certificates already issued stay valid, and its page shows the reason "
        "you write."),
}
TRANSITION_FIELDS = {"publish": ["dof_published_on", "valid_until"], "withdraw": ["reason"]}


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, code, name):
    standard = _visible_or_404(request, code)
    if name not in TRANSITION_CONSEQUENCES:
        if request.method == "GET":
            return redirect("standards:detail", code=standard.code)
        return _transition_now(request, standard, name, TransitionForm(request.POST))
    move = services.TRANSITIONS[name]
    require(move.allowed(request.user, standard),
            _("Publishing and withdrawing standards is for CONOCER administrators."))
    form = TransitionForm(request.POST or None)
    page = {"title": _("%(action)s %(code)s?") % {"action": move.label, "code": standard.code},
            "consequence": TRANSITION_CONSEQUENCES[name] % {"code": standard.code},
            "button": move.label, "back": reverse("standards:detail", args=[standard.code])}
    if is_confirmed(request) and form.is_valid():
        with refusals(request, form=form):
            return _moved(request, services.transition(
                actor=request.user, standard=standard, name=name, **form.cleaned_data))
    return confirmation_page(request, form=form, fields=_asked_fields(name, standard), **page)


def _asked_fields(name, standard) -> list[str]:
    """What the confirmation asks; publishing a new version also asks CONOCER's word on
    it (standards/supersession.py)."""
    if name == "publish" and standard.supersedes_id:
        return TRANSITION_FIELDS[name] + ["equivalent", "transition_until"]
    return TRANSITION_FIELDS[name]


def _transition_now(request, standard, name, form):
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("standards:detail", code=standard.code)
    with refusals(request):
        return _moved(request, services.transition(
            actor=request.user, standard=standard, name=name, **form.cleaned_data))
    return redirect("standards:detail", code=standard.code)


def _moved(request, standard):
    messages.success(request, _("%(code)s is now: %(status)s.") % {
        "code": standard.code, "status": standard.get_status_display()})
    return redirect("standards:detail", code=standard.code)


@login_required
@require_POST
def new_version(request, code):
    standard = _visible_or_404(request, code, to_edit=True)
    with refusals(request):
        draft = services.create_new_version(actor=request.user, standard=standard)
        messages.success(request, _("Draft %(new)s created as the next version of %(old)s.")
                         % {"new": draft.code, "old": standard.code})
        return redirect("standards:detail", code=draft.code)
    return redirect("standards:detail", code=standard.code)
