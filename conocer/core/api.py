"""The API's one error adapter: DRF's exception handler, taught the services' errors.

ServiceError → 400 {"detail": message}; Django's ValidationError → 400 with field
errors; PermissionDenied → 403 with its message. Everything else as DRF does it.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
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


# What the public API's read operations may answer besides 200, for the OpenAPI schema.
DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})
BAD_REQUEST = OpenApiResponse(
    {"type": "object", "additionalProperties": {"anyOf": [
        {"type": "array", "items": {"type": "string"}}, {"type": "string"}]}},
    description="The request cannot be used: the messages by parameter (a filter's value), "
                "or `detail` (e.g. an invisible control character in the address).")
TOO_MANY = OpenApiResponse(DETAIL, description="Too many requests: try again later "
                                               "(see the Retry-After header).")
PUBLIC_LIST_ERRORS = {400: BAD_REQUEST,
                      404: OpenApiResponse(DETAIL, description="No such page of results."),
                      429: TOO_MANY}
PUBLIC_RETRIEVE_ERRORS = {400: BAD_REQUEST,
                          404: OpenApiResponse(DETAIL, description="Not in the registry."),
                          429: TOO_MANY}


def blank_or_formatted(result, generator, request, public):
    """drf-spectacular hook: a text field that may be blank (an e-mail, a website) is
    described as `oneOf: [<format>, <empty>]`; but formats are annotations in OpenAPI, so ""
    matches both and a validator refuses it. `anyOf` says what is meant."""
    def walk(node):
        if isinstance(node, dict):
            options = node.get("oneOf")
            if isinstance(options, list) and {"type": "string", "maxLength": 0} in options:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(result)
    return result
