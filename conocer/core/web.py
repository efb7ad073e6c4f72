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
from django.http import Http404

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
