from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conocer.core.roles import is_conocer_admin
from conocer.core.web import (
    confirmation_page,
    form_error_text,
    is_confirmed,
    refusals,
    require,
)

from . import permissions, places, selectors, services
from .forms import AccreditBodyForm, DecisionForm, DirectoryFilterForm, GrantForm
from .models import Accreditation, AwardingBody


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None, places=selectors.centre_municipalities(
        selectors.directory_centres()))
    chosen = form.chosen()
    state, standard = chosen["state"], chosen["standard"]

    def link(code):
        return "?" + urlencode({"state": code, **({"standard": standard.code} if standard
                                                   else {})})

    return render(request, "bodies/directory.html", {
        "form": form, "standard": standard,
        "awarding_bodies": selectors.directory_awarding_bodies(state=state, standard=standard),
        "centres": selectors.directory_centres(**chosen),
        "assessors": selectors.directory_assessors(standard=standard, state=state)
        if standard else [],
        "map": places.state_map(selectors.count_by_state(
            selectors.directory_centres(standard=standard)), link=link, current=state),
    })


@login_required
def back_office(request):
    bodies = permissions.awarding_bodies_for(request.user, "body.view")
    require(bodies.exists(), _("This page is for the staff of awarding bodies."))
    if bodies.count() == 1:
        return redirect("bodies:body", pk=bodies.get().pk)
    return render(request, "bodies/back_office.html", {"bodies": bodies})


def _body_for(request, pk, *, to: str = "") -> AwardingBody:
    """The body, if the user sees it (404 otherwise) and may do `to` there (403)."""
    body = get_object_or_404(AwardingBody, pk=pk)
    if not permissions.can(request.user, "body.view", body):
        raise Http404
    if to:
        require(permissions.can(request.user, to, body),
                _("Only the body's administrators grant accreditations."))
    return body


@login_required
def body(request, pk):
    body = _body_for(request, pk)
    accreditations = selectors.granted_by(body)
    can_manage = permissions.can(request.user, "accreditation.grant", body)
    return render(request, "bodies/body.html", {
        "body": body,
        "scope": accreditations.filter(awarding_body=body),
        "granted": accreditations.filter(granted_by=body),
        "expiring": selectors.expiring_soon(accreditations),
        "centres": body.centres.order_by("name"),
        "assessors": body.assessors.select_related("centre").order_by("full_name"),
        "can_manage": can_manage,
        "is_conocer_admin": is_conocer_admin(request.user),
        "centre_form": GrantForm(holders=body.centres.all(), awarding_body=body,
                                 prefix="centre") if can_manage else None,
        "assessor_form": GrantForm(holders=body.assessors.all(), awarding_body=body,
                                   prefix="assessor") if can_manage else None,
        "body_form": AccreditBodyForm(prefix="scope")
        if is_conocer_admin(request.user) else None,
    })


def _grant_from_form(request, body: AwardingBody, *, prefix: str, holders, grant):
    """Read a GrantForm posted from the back office and call `grant` (the service that
    accredits a centre, or an assessor), reporting the outcome as a message."""
    form = GrantForm(request.POST, holders=holders, awarding_body=body, prefix=prefix)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("bodies:body", pk=body.pk)
    data = form.cleaned_data
    with refusals(request):
        accreditation = grant(actor=request.user, holder=data["holder"],
                              standard=data["standard"], valid_from=data["valid_from"],
                              valid_until=data["valid_until"])
        messages.success(request, _("Accreditation %(folio)s granted.") % {
            "folio": accreditation.folio})
    return redirect("bodies:body", pk=body.pk)


@login_required
@require_POST
def accredit_centre(request, pk):
    body = _body_for(request, pk, to="accreditation.grant")
    return _grant_from_form(
        request, body, prefix="centre", holders=body.centres.all(),
        grant=lambda holder, **kw: services.grant_accreditation(centre=holder, **kw))


@login_required
@require_POST
def accredit_assessor(request, pk):
    """Accredit an assessor (eligibility is checked against the registry's certificates)."""
    body = _body_for(request, pk, to="accreditation.grant")
    return _grant_from_form(
        request, body, prefix="assessor", holders=body.assessors.all(),
        grant=lambda holder, **kw: services.accredit_assessor(assessor=holder, **kw))


@login_required
@require_POST
def accredit_body(request, pk):
    require(is_conocer_admin(request.user),
            _("Only CONOCER administrators accredit awarding bodies."))
    body = get_object_or_404(AwardingBody, pk=pk)
    form = AccreditBodyForm(request.POST, prefix="scope")
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("bodies:body", pk=body.pk)
    with refusals(request):
        granted = services.accredit_awarding_body(actor=request.user, awarding_body=body,
                                                  **form.cleaned_data)
        messages.success(request, _("%(n)s accreditations granted.") % {"n": len(granted)})
    return redirect("bodies:body", pk=body.pk)


DECISIONS = {
    "suspend": (services.suspend_accreditation, gettext_lazy("suspended")),
    "reinstate": (services.reinstate_accreditation, gettext_lazy("reinstated")),
    "revoke": (services.revoke_accreditation, gettext_lazy("revoked")),
}


# Suspending and revoking ask first (conocer/core/web.py); the same sentences are written
# in templates/bodies/accreditation_rows.html for the dialog.
DECISION_CONSEQUENCES = {
    "suspend": gettext_lazy(
        "While it is suspended, %(holder)s cannot start assessments or request certificates "
        "in %(code)s, and their requests waiting for a decision are put on hold. It can be "
        "reinstated later."),
    "revoke": gettext_lazy(
        "%(holder)s loses the accreditation in %(code)s for good: no new assessments or "
        "certificates in it, and their requests waiting for a decision stay on hold. It "
        "cannot be undone."),
}


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, accreditation_id):
    accreditation = get_object_or_404(Accreditation, pk=accreditation_id)
    require(permissions.may_decide(request.user, accreditation),
            _("You cannot decide on this accreditation."))
    body_id, _centre = accreditation.permission_scope()
    form = DecisionForm(request.POST or None, initial={"decision": request.GET.get("decision")})
    chosen = form["decision"].value()
    if chosen not in DECISION_CONSEQUENCES and request.method == "GET":
        return redirect("bodies:body", pk=body_id)
    if chosen in DECISION_CONSEQUENCES and not is_confirmed(request):
        return confirmation_page(
            request, form=form, fields=["reason"],
            title=_("%(decision)s accreditation %(folio)s?") % {
                "decision": dict(form.fields["decision"].choices)[chosen],
                "folio": accreditation.folio},
            consequence=DECISION_CONSEQUENCES[chosen] % {
                "holder": accreditation.holder, "code": accreditation.standard.code},
            button=dict(form.fields["decision"].choices)[chosen],
            back=reverse("bodies:body", args=[body_id]))
    if not form.is_valid():
        messages.error(request, _("Choose suspend, reinstate or revoke."))
        return redirect("bodies:body", pk=body_id)
    service, done = DECISIONS[form.cleaned_data["decision"]]
    with refusals(request):
        service(actor=request.user, accreditation=accreditation,
                reason=form.cleaned_data["reason"])
        messages.success(request, _("Accreditation %(folio)s %(done)s.") % {
            "folio": accreditation.folio, "done": done})
    return redirect("bodies:body", pk=body_id)
