"""Small helpers shared by the HTML views of every app."""

from django.core.exceptions import ValidationError

from .errors import ServiceError


def error_text(error: ValidationError | ServiceError) -> str:
    """What a service refused, as one sentence for a flash message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return error.message


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
