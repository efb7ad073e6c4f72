"""The errors services raise. Both carry a translated message meant for the person.

Views turn them into a message or a form error (`web.refusals`), the API into a JSON
error (`api.exception_handler`). A PermissionDenied is also Django's and DRF's
PermissionDenied, so one that escapes a view still becomes a 403, never a 500.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError


class ServiceError(Exception):
    """A business rule refused the request; `message` is translated, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError, DjangoPermissionDenied):
    """The person may not do this at all (rather than: not now, not like this)."""


def message_of(error: ValidationError | ServiceError) -> str:
    """What a service refused, as one sentence for a message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return error.message
