"""Input that cannot be stored is refused at the door.

A NUL character (U+0000) in the address, the query string or a form field is answered
400 with a page (or, under /api/, a JSON error) that says what to do, before any view or
database sees it: PostgreSQL cannot store NUL in text, and while Django's form fields
refuse it one by one, a path or a query parameter reaches the queries directly. JSON
bodies are left to the serializers, whose text fields refuse NUL themselves.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .text import contains_nul

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request) -> bool:
    if contains_nul(request.path_info):
        return True
    parts = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        parts.append(request.POST)
    return any(contains_nul(key) or any(contains_nul(v) for v in values)
               for part in parts for key, values in part.lists())


def bad_input_response(request):
    message = _("The address or the form contains an invisible control character that the "
                "registry cannot accept. Check what you typed or pasted, and try again.")
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "core/bad_input.html", {"message": message}, status=400)


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return bad_input_response(request)
        return self.get_response(request)
