"""With the database down, pages answer a friendly 503 (and /healthz says why); the next
request after it comes back is served."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from conocer.core.outages import database_answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    with mock.patch.object(connection, "cursor",
                           side_effect=OperationalError("could not connect to server")):
        yield


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_page_answers_a_friendly_503_while_the_database_is_down(english, database_down):
    response = english.get("/estandares/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The registry is briefly unavailable" in response.text
    assert "OperationalError" not in response.text


def test_the_503_page_is_in_the_visitors_language(client, database_down):
    response = client.get("/estandares/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in response.text


def test_a_signed_in_page_answers_503_when_the_session_cannot_be_read():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory())
    with mock.patch.object(connection, "cursor",
                           side_effect=OperationalError("could not connect to server")):
        response = client.get("/solicitudes/")
    assert response.status_code == 503
    assert "The registry is briefly unavailable" in response.text


def test_the_api_answers_503_in_json_while_the_database_is_down(client, database_down):
    response = client.get("/api/v1/standards/")
    assert response.status_code == 503
    assert "detail" in response.json()


def test_a_page_is_served_again_on_the_first_request_after_the_database_returns(english):
    with mock.patch.object(connection, "cursor",
                           side_effect=OperationalError("could not connect to server")):
        assert english.get("/estandares/").status_code == 503
    assert english.get("/estandares/").status_code == 200


@pytest.mark.urls("tests.core.outage_urls")
def test_a_database_error_while_the_database_answers_stays_a_500():
    client = Client(raise_request_exception=False)
    assert client.get("/falla/database/").status_code == 500


@pytest.mark.urls("tests.core.outage_urls")
def test_a_bug_stays_a_500():
    client = Client(raise_request_exception=False)
    assert client.get("/falla/bug/").status_code == 500


def test_the_probe_says_whether_the_database_answers(database_down):
    assert database_answers(["default"]) is False


def test_the_header_leaves_out_staff_sections_rather_than_fail(rf, database_down):
    from conocer.context_processors import navigation

    request = rf.get("/")
    request.user = mock.Mock(is_authenticated=True,
                             memberships=mock.Mock(all=mock.Mock(side_effect=OperationalError)))
    assert navigation(request) == {"nav": {}}


def test_healthz_says_which_dependency_failed(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert response["Retry-After"] == "30"


def test_a_signed_in_page_is_served_when_the_database_answers(client):
    client.force_login(UserFactory())
    assert client.get("/estandares/").status_code == 200
