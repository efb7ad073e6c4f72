"""The one error adapter of the views and of the API, the clock and held tasks."""

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory

from conocer.core import clock, tasks
from conocer.core.api import exception_handler
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.web import refusals


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


class NameForm(forms.Form):
    name = forms.CharField()


def messages_of(request):
    return [str(m) for m in get_messages(request)]


def test_a_refusal_becomes_a_message_and_the_view_goes_on(request_):
    with refusals(request_):
        raise ServiceError("No se puede ahora.")
    assert messages_of(request_) == ["No se puede ahora."]


def test_a_refusal_naming_a_field_lands_next_to_it_on_the_form(request_):
    form = NameForm({"name": "x"})
    assert form.is_valid()
    with refusals(request_, form=form):
        raise ValidationError({"name": "Ese nombre ya existe."})
    assert form.errors == {"name": ["Ese nombre ya existe."]}
    assert messages_of(request_) == []


def test_a_permission_refusal_is_let_through_to_become_a_403(request_):
    with pytest.raises(PermissionDenied), refusals(request_):
        raise PermissionDenied("Solo la Entidad emisora.")


def test_an_object_the_service_cannot_find_becomes_a_404(request_):
    from django.contrib.auth.models import User

    with pytest.raises(Http404), refusals(request_):
        raise User.DoesNotExist


def test_the_api_answers_a_refusal_with_its_message(rf):
    response = exception_handler(ServiceError("Ya fue resuelta."), {})
    assert (response.status_code, response.data) == (400, {"detail": "Ya fue resuelta."})


def test_the_api_answers_field_errors_and_forbidden_with_their_messages():
    invalid = exception_handler(ValidationError({"reason": "Dé el motivo."}), {})
    assert (invalid.status_code, invalid.data) == (400, {"reason": ["Dé el motivo."]})
    forbidden = exception_handler(PermissionDenied("Solo revisores."), {})
    assert (forbidden.status_code, forbidden.data["detail"]) == (403, "Solo revisores.")


def test_the_clock_travels_only_inside_the_block():
    moment = datetime.datetime(2024, 3, 5, 17, tzinfo=datetime.UTC)
    with clock.travel_to(moment):
        assert clock.now() == moment
        assert clock.today() == datetime.date(2024, 3, 5)
    assert clock.now().year >= 2026


def test_the_clock_refuses_a_moment_without_a_time_zone():
    with pytest.raises(ValueError), clock.travel_to(datetime.datetime(2024, 3, 5)):
        pass


def test_held_tasks_are_collected_instead_of_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, tasks.held() as held:
        tasks.enqueue_after_commit("issuance.render_certificate_pdf", 7)
    assert held == [("issuance.render_certificate_pdf", (7,))]
    assert callbacks == []
