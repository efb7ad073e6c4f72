"""CONOCER's side: foreign systems, equivalences, and the requests to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from conocer.core import downloads
from conocer.core.audit import events_about
from conocer.core.roles import is_conocer_admin
from conocer.core.web import refusals, require

from .. import selectors
from ..forms import DecisionForm, EquivalenceForm, SystemForm
from ..models import Equivalence, ForeignSystem, RecognitionRequest
from ..services import catalogue, requests

ONLY_CONOCER = _("This page is for CONOCER administrators.")


def _conocer(request):
    require(is_conocer_admin(request.user), ONLY_CONOCER)


@login_required
def queue(request):
    _conocer(request)
    status = request.GET.get("estado", "")
    status = status if status in RecognitionRequest.Status.values else ""
    return render(request, "certification/recognition/queue.html", {
        "requests": selectors.review_queue(status=status)[:200], "status": status,
        "statuses": RecognitionRequest.Status.choices,
    })


@login_required
def systems(request):
    _conocer(request)
    return render(request, "certification/recognition/systems.html", {
        "systems": ForeignSystem.objects.all(),
        "equivalences": Equivalence.objects.select_related("system", "standard")
        .prefetch_related("units_to_assess"),
    })


@login_required
def system_form(request, pk=None):
    _conocer(request)
    system = get_object_or_404(ForeignSystem, pk=pk) if pk else None
    form = SystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            saved = catalogue.save_system(actor=request.user, system_id=pk,
                                          **form.cleaned_data)
            messages.success(request, _("%(system)s saved.") % {"system": saved.acronym})
            return redirect("recognition:systems")
    return render(request, "certification/recognition/edit.html", {
        "form": form, "title": _("Foreign certification system"),
    }, status=400 if form.errors else 200)


@login_required
def equivalence_form(request, pk=None):
    _conocer(request)
    equivalence = get_object_or_404(Equivalence, pk=pk) if pk else None
    form = EquivalenceForm(request.POST or None, instance=equivalence)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            saved = catalogue.save_equivalence(actor=request.user, equivalence_id=pk,
                                               **form.service_data())
            messages.success(request, _("Equivalence %(equivalence)s saved.") % {
                "equivalence": saved})
            return redirect("recognition:systems")
    return render(request, "certification/recognition/edit.html", {
        "form": form, "title": _("Equivalence"),
    }, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    _conocer(request)
    found = get_object_or_404(RecognitionRequest.objects.select_related(
        "system", "standard", "equivalence", "centre", "certificate", "assessment__centre",
        "awarding_body", "reviewer"), pk=pk)
    form = DecisionForm(request.POST or None, request=found)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            _decide(request, found, form.cleaned_data)
            return redirect("recognition:detail", pk=pk)
    return render(request, "certification/recognition/detail.html", {
        "found": found, "form": form, "events": events_about(found),
    }, status=400 if form.errors else 200)


def _decide(request, found, data):
    fee = {"fee_waived": data["fee_waived"], "fee_waiver_reason": data["fee_waiver_reason"],
           "reason": data["reason"]}
    if data["decision"] == DecisionForm.FULL:
        decided = requests.recognise(actor=request.user, request_id=found.pk,
                                     awarding_body=data["awarding_body"], **fee)
        messages.success(request, _("Recognised: certificate %(folio)s issued.") % {
            "folio": decided.certificate.folio})
    elif data["decision"] == DecisionForm.PARTIAL:
        requests.recognise_partially(actor=request.user, request_id=found.pk,
                                     assessor=data["assessor"],
                                     unit_codes=data["unit_codes"].split(","), **fee)
        messages.success(request, _("Partly recognised: the assessment of the remaining "
                                    "units is open."))
    else:
        requests.reject(actor=request.user, request_id=found.pk, **fee)
        messages.success(request, _("The request was not recognised; the person can read "
                                    "the reasons."))


@login_required
def certificate_file(request, pk):
    """The foreign certificate as the person sent it: to the reviewers only, as a
    download (never rendered in the registry's pages)."""
    _conocer(request)
    found = get_object_or_404(RecognitionRequest, pk=pk)
    return downloads.attachment(
        request, found.file, filename=found.original_name, content_type=found.content_type,
        headers={"X-Content-Type-Options": "nosniff"},
        gone=_("The registry no longer has the foreign certificate this person sent. Ask "
               "them, through their request's reference, to send it again."))
