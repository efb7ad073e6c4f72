"""The views' one error adapter, and small helpers shared by the HTML views.

A view calls a service inside `with refusals(request):` (or `refusals(request,
form=form)` when it renders a form). A refusal (ServiceError, ValidationError) becomes
a message — or errors on the form, next to the field they name — and the view goes on
to its failure path; a PermissionDenied is let through, and Django answers 403 with
its message; an object the service could not find becomes a 404. Success and failure
can thus take different paths while the view still reads top to bottom:

    with refusals(request):
        certificate = services.approve_request(actor=request.user, request_id=pk)
        messages.success(request, ...)
        return redirect("issuance:requests")
    return redirect("issuance:request_detail", pk=pk)
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .errors import PermissionDenied, ServiceError, message_of


def require(allowed: bool, message) -> None:
    """Refuse with a 403 unless `allowed`: views call it before they read or validate
    anything, so that nothing (a form's errors, a message) answers someone who may not
    act here. The service checks again; this only makes the refusal come first."""
    if not allowed:
        raise PermissionDenied(message)


def form_error_text(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def add_service_errors(form, error: ValidationError | ServiceError) -> None:
    """Show a service's refusal on the form: next to its field when it names one."""
    if isinstance(error, ServiceError):
        form.add_error(None, error.message)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@contextlib.contextmanager
def refusals(request, *, form=None):
    """Turn what a service refuses into a message (or form errors); see the module."""
    try:
        yield
    except PermissionDenied:
        raise
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except (ServiceError, ValidationError) as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, message_of(error))


def refusal_status(error: ServiceError | ValidationError) -> int:
    """The HTTP status of a refusal answered as JSON (scripts of the pages)."""
    return 403 if isinstance(error, PermissionDenied) else 400


# Confirming what cannot be undone ------------------------------------------------------------
#
# An irreversible action (approve, revoke, publish…) is performed only by a POST that carries
# `confirmed`. Its button says the consequence in `data-confirm`; with JavaScript,
# static/js/confirm.js shows that sentence in a dialog and adds `confirmed` when the person
# agrees. Without it the form arrives unconfirmed and the view answers `confirmation_page`:
# the same sentence and a form that posts back everything typed, now confirmed. A GET of the
# action's address shows that page too.
#
#     form = ReasonForm(request.POST or None)
#     if not (is_confirmed(request) and form.is_valid()):
#         return confirmation_page(request, form=form, title=…, consequence=…, button=…,
#                                  back=reverse(…))

CONFIRMED = "confirmed"
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}


def is_confirmed(request) -> bool:
    """Whether this request may perform an irreversible action (see above)."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def confirmation_page(request, *, title, consequence, button, back: str, form=None,
                      fields=None) -> HttpResponse:
    """The page that asks before an irreversible action: the consequence in plain words,
    the `fields` of `form` (all of them by default) to check or complete, with their
    errors when the form was sent, and every other value sent carried in hidden inputs,
    so that nothing typed is lost on the way."""
    data = request.POST if request.method == "POST" else request.GET
    shown = [form[name] for name in (fields or form.fields)] if form is not None else []
    names = {field.html_name for field in shown} | NOT_CARRIED
    carried = [(key, value) for key in data if key not in names
               for value in data.getlist(key)]
    return render(request, "confirm.html", {
        "title": title, "consequence": consequence, "button": button, "back": back,
        "form": form, "fields": shown, "carried": carried, "confirmed": CONFIRMED,
    })
