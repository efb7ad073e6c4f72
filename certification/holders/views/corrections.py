"""The holder's side of corrections and notices, which issuance decides and sends:
"Request a correction" of a certificate, the outcome of each request, and the notices
about the standards they hold (on by default)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certification.issuance.services import corrections, notifications
from conocer.core.errors import PermissionDenied, ServiceError

from .. import selectors
from ..forms import CorrectionForm, SubscriptionForm
from ..session import holder_required


@require_http_methods(["GET", "POST"])
@holder_required
def request_correction(request, folio):
    person = request.holder
    certificate = selectors.own_certificate(person, folio)
    if certificate is None:
        raise Http404
    form = CorrectionForm(request.POST or None, request.FILES or None,
                          initial=CorrectionForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            corrections.request_correction(
                person=person, certificate_id=certificate.pk, changes=form.changes(),
                reason=form.cleaned_data["reason"],
                attachment=form.cleaned_data["attachment"])
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_service_errors(error)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your request is with %(body)s. You will see their "
                                        "decision here and, if you have a confirmed "
                                        "address, by e-mail.") % {
                "body": certificate.facts.awarding_body_name})
            return redirect("holders:certificate", folio=folio)
    return render(request, "certification/holders/correction_form.html", {
        "certificate": certificate, "claims": certificate.facts, "form": form,
    }, status=400 if form.errors else 200)


@require_POST
@holder_required
def subscription(request):
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            notifications.set_holder_subscription(
                person=request.holder, standard_id=form.cleaned_data["standard"],
                subscribed=form.cleaned_data["subscribed"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choice about notices is saved."))
    else:
        messages.error(request, _("Choose a standard whose notices to turn on or off."))
    return redirect("holders:home")
