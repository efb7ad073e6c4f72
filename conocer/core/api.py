"""The API's one error adapter: DRF's exception handler, taught the services' errors.

ServiceError → 400 {"detail": message}; Django's ValidationError → 400 with field
errors; PermissionDenied → 403 with its message. Everything else as DRF does it.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PermissionDenied, ServiceError


def exception_handler(exc, context):
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(detail=exc.message)
    elif isinstance(exc, ServiceError):
        exc = exceptions.ValidationError({"detail": exc.message})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return drf_exception_handler(exc, context)
