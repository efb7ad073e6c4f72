"""The awarding body's queue of holders' correction requests (beside certificate
requests): look, reissue corrected or refuse with reasons; and the link in holders'
notices that turns them off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from bodies import permissions
from conocer.core import downloads
from conocer.core.roles import is_conocer_admin
from conocer.core.web import confirmation_page, is_confirmed, refusals, require

from . import selectors
from .forms import ReasonForm
from .models import CorrectionRequest
from .services import corrections, notifications

FIELD_LABELS = {
    "given_names": gettext_lazy("Given names"), "first_surname": gettext_lazy("First surname"),
    "second_surname": gettext_lazy("Second surname"), "curp": gettext_lazy("CURP"),
    "id_document_number": gettext_lazy("Document number"),
    "birth_date": gettext_lazy("Birth date"),
}
DECIDERS_ONLY = gettext_lazy("Only the reviewers of the awarding body that issued the "
                             "certificate decide its corrections.")
REISSUE_CONSEQUENCE = gettext_lazy(
    "A corrected certificate with a new folio will be issued and the national record "
    "corrected for the certificates issued from now on. Anyone who verifies folio "
    "%(folio)s will see it replaced by the new one; the person's other certificates keep "
    "what they say. It cannot be undone.")
REFUSAL_CONSEQUENCE = gettext_lazy(
    "The holder will read the reasons you write. The certificate stays as it is.")


def _require_decider(request):
    require(is_conocer_admin(request.user) or permissions.awarding_bodies_for(
        request.user, "correction.decide").exists(), DECIDERS_ONLY)


def _decidable(request, pk) -> CorrectionRequest:
    _require_decider(request)
    correction = get_object_or_404(selectors.corrections_for(request.user), pk=pk)
    return correction


@login_required
@require_GET
def correction_queue(request):
    _require_decider(request)
    status = request.GET.get("status", CorrectionRequest.Status.SUBMITTED)
    if status not in CorrectionRequest.Status.values:
        status = CorrectionRequest.Status.SUBMITTED
    page = Paginator(selectors.corrections_for(request.user, status=status), 50).get_page(
        request.GET.get("page"))
    counts = selectors.correction_counts(request.user)
    return render(request, "certification/issuance/corrections.html", {
        "page": page, "status": status,
        "rows": [(c, _asked(c)) for c in page],
        "tabs": [(value, label, counts[value])
                 for value, label in CorrectionRequest.Status.choices],
    })


def _asked(correction) -> list[tuple[str, str, str]]:
    """(field, as printed on the certificate, as asked) for each field to correct."""
    claims, person = correction.certificate.facts, correction.person
    printed = {"curp": claims.holder_id_number, "id_document_number": claims.holder_id_number}
    return [(FIELD_LABELS.get(name, name), printed.get(name, getattr(person, name, "")),
             value) for name, value in correction.changes.items()]


@login_required
@require_GET
def correction_detail(request, pk):
    correction = _decidable(request, pk)
    return render(request, "certification/issuance/correction_detail.html", {
        "correction": correction, "claims": correction.certificate.facts,
        "asked": _asked(correction), "refuse_form": ReasonForm(),
        "reissue_consequence": REISSUE_CONSEQUENCE % {"folio": correction.certificate.folio},
        "refuse_consequence": REFUSAL_CONSEQUENCE,
    })


@login_required
@require_GET
def correction_attachment(request, pk):
    correction = _decidable(request, pk)
    if not correction.attachment:
        raise Http404
    return downloads.attachment(
        request, correction.attachment, filename=correction.attachment.name.rsplit("/", 1)[-1],
        content_type=correction.attachment_type or "application/octet-stream",
        gone=_("The registry no longer has the document attached to this correction "
               "request. Decide on what the request says, or ask the holder to send the "
               "document again."))


@login_required
@require_http_methods(["GET", "POST"])
def reissue_correction(request, pk):
    correction = _decidable(request, pk)
    folio = correction.certificate.folio
    if not is_confirmed(request):
        return confirmation_page(
            request, title=_("Reissue the certificate %(folio)s corrected?") % {"folio": folio},
            consequence=REISSUE_CONSEQUENCE % {"folio": folio},
            button=_("Issue the corrected certificate"),
            back=reverse("issuance:correction_detail", args=[pk]))
    with refusals(request):
        new = corrections.reissue_correction(actor=request.user, correction_id=pk)
        messages.success(request, _("Certificate %(new)s issued; it replaces %(old)s.") % {
            "new": new.folio, "old": folio})
        return redirect("issuance:corrections")
    return redirect("issuance:correction_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def refuse_correction(request, pk):
    correction = _decidable(request, pk)
    form = ReasonForm(request.POST or None)
    page = {"title": _("Refuse the correction of %(folio)s?") % {
                "folio": correction.certificate.folio},
            "consequence": REFUSAL_CONSEQUENCE,
            "button": _("Refuse the correction"),
            "back": reverse("issuance:correction_detail", args=[pk])}
    if not (is_confirmed(request) and form.is_valid()):
        return confirmation_page(request, form=form, **page)
    with refusals(request, form=form):
        corrections.refuse_correction(actor=request.user, correction_id=pk,
                                      **form.cleaned_data)
        messages.success(request, _("Correction refused; the holder will see the reasons."))
        return redirect("issuance:corrections")
    return confirmation_page(request, form=form, **page)


@csrf_exempt  # mail programs post here (RFC 8058 one-click); the signed link is the key
@require_http_methods(["GET", "POST"])
def holder_unsubscribe(request, token):
    """The link in a holder's notices and reminders: one click turns them off for that
    standard (the holder can turn them on again in their space)."""
    with refusals(request):
        standard = notifications.unsubscribe_holder(token=token)
        return render(request, "standards/subscription.html", {
            "standard": standard, "outcome": "unsubscribed"})
    return render(request, "standards/subscription.html", {"outcome": "invalid"}, status=400)
