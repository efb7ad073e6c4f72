"""The reviewers' queue at scale: counts per status, age in working days with the service
level, search by name, CURP, folio or request number (only among the reviewer's own
body's requests), sorting, and a page of 500 requests in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.issuance.models import CertificateRequest
from certification.issuance.selectors import working_days_between
from certification.issuance.services import requests
from tests.certification.issuance.test_requests import waiting_requests
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    CandidacyFactory,
    StandardFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_queue")]

FRIDAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize(("start", "end", "days"), [
    (FRIDAY, FRIDAY, 0),
    (FRIDAY, FRIDAY + datetime.timedelta(days=1), 0),  # Saturday
    (FRIDAY, FRIDAY + datetime.timedelta(days=3), 1),  # Monday
    (FRIDAY, FRIDAY + datetime.timedelta(days=7), 5),
    (FRIDAY, FRIDAY + datetime.timedelta(days=17), 11),
])
def test_age_counts_working_days_monday_to_friday(start, end, days):
    assert working_days_between(start, end) == days


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_queue_counts_requests_per_status(reviewer_client, submitted_request, reviewer,
                                              centre, standard, assessor_user):
    waiting_requests(2, centre=centre, standard=standard, assessor_user=assessor_user)
    requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    response = reviewer_client.get("/solicitudes/")
    assert [(s, n) for s, _label, n in response.context["tabs"]] == [
        ("submitted", 2), ("approved", 1), ("rejected", 0)]


def test_a_request_waiting_past_the_service_level_is_marked_late(
        reviewer_client, submitted_request, settings):
    settings.REVIEW_SERVICE_LEVEL_DAYS = 5
    CertificateRequest.objects.filter(pk=submitted_request.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=15))
    response = reviewer_client.get("/solicitudes/")
    assert 'class="late"' in response.text and "Atrasada" in response.text


def test_a_recent_request_is_not_marked_late(reviewer_client, submitted_request, settings):
    settings.REVIEW_SERVICE_LEVEL_DAYS = 5
    assert 'class="late"' not in reviewer_client.get("/solicitudes/").text


@pytest.mark.parametrize("query", ["begoña núñez", "BEGO", "peña"])
def test_the_queue_finds_a_request_by_the_candidates_name(reviewer_client, submitted_request,
                                                          query):
    response = reviewer_client.get("/solicitudes/", {"query": query})
    assert [r.pk for r, *_ in response.context["rows"]] == [submitted_request.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="unaccent is PostgreSQL's")
def test_on_postgresql_the_name_is_found_without_accents(reviewer_client, submitted_request):
    response = reviewer_client.get("/solicitudes/", {"query": "NUNEZ pena"})
    assert [r.pk for r, *_ in response.context["rows"]] == [submitted_request.pk]


def test_the_queue_finds_a_request_by_curp_and_by_number(reviewer_client, submitted_request,
                                                         centre, standard, assessor_user):
    waiting_requests(2, centre=centre, standard=standard, assessor_user=assessor_user)
    curp = submitted_request.assessment.person.curp
    for query in (curp.lower(), str(submitted_request.pk)):
        response = reviewer_client.get("/solicitudes/", {"query": query})
        assert [r.pk for r, *_ in response.context["rows"]] == [submitted_request.pk]


def test_the_queue_finds_an_approved_request_by_its_folio_typed_without_dashes(
        reviewer_client, submitted_request, reviewer):
    certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    response = reviewer_client.get("/solicitudes/", {
        "query": certificate.folio.replace("-", "").lower(), "status": "approved"})
    assert [r.pk for r, *_ in response.context["rows"]] == [submitted_request.pk]


def test_a_curp_search_does_not_reveal_candidates_of_another_body(
        client, submitted_request, other_reviewer):
    client.force_login(other_reviewer)
    response = client.get("/solicitudes/", {
        "query": submitted_request.assessment.person.curp})
    assert response.context["rows"] == []
    assert all(n == 0 for _s, _label, n in response.context["tabs"])
    assert submitted_request.assessment.person.full_name not in response.text


def test_the_queue_is_oldest_first_and_sorts_by_standard_or_centre(
        reviewer_client, submitted_request, centre, standard, assessor_user, body):
    other_centre = AssessmentCentreFactory(awarding_body=body, name="Aaa Centro")
    other_standard = StandardFactory(code="EC0001")
    newer = CertificateRequest.objects.create(
        assessment=submitted_request.assessment.__class__.objects.create(
            candidacy=CandidacyFactory(centre=other_centre), standard=other_standard,
            assessor=AssessorFactory(centre=other_centre, awarding_body=body),
            centre=other_centre, awarding_body=body, status="submitted", verdict="competent",
            submitted_at=timezone.now()),
        awarding_body=body)

    def order(sort):
        return [r.pk for r, *_ in reviewer_client.get(
            "/solicitudes/", {"sort": sort}).context["rows"]]

    assert order("") == [submitted_request.pk, newer.pk]
    assert order("newest") == [newer.pk, submitted_request.pk]
    assert order("standard") == [newer.pk, submitted_request.pk]
    assert order("centre") == [newer.pk, submitted_request.pk]


def test_a_queue_page_of_500_requests_takes_as_many_queries_as_one_of_50(
        reviewer_client, centre, standard, assessor_user):
    waiting_requests(50, centre=centre, standard=standard, assessor_user=assessor_user)
    with CaptureQueriesContext(connection) as fifty:
        reviewer_client.get("/solicitudes/")
    waiting_requests(450, centre=centre, standard=standard, assessor_user=assessor_user)
    with CaptureQueriesContext(connection) as five_hundred:
        response = reviewer_client.get("/solicitudes/")
    assert response.context["page"].paginator.count == 500
    assert len(response.context["rows"]) == 50
    assert len(five_hundred) == len(fifty) <= 20


def test_bulk_approval_reports_each_refused_request_by_number_name_and_reason(
        reviewer_client, submitted_request, reviewer):
    requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    response = reviewer_client.post("/solicitudes/aprobar/", {
        "request": [submitted_request.pk], "confirmed": "yes"}, follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert str(submitted_request.pk) in errors[0] and "Begoña Núñez Peña" in errors[0]
    assert "ya fue resuelta" in errors[0]
