"""The dashboards' pages: who opens which, the period filter and its errors, the CSV of
each table, the links from the landing page, and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bodies.models import Membership
from certification.dashboards import selectors
from tests.certification.dashboards.conftest import R, at, certificate_of, request_of
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    LeadBodyFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_a_reviewer_opens_their_bodys_dashboard(client, body, reviewer, centre):
    request_of(centre)
    client.force_login(reviewer)
    response = english(client).get(f"/tableros/organismo/{body.pk}/")
    assert response.status_code == 200
    assert "Requests waiting for a decision" in response.text
    assert f'href="/tableros/organismo/{body.pk}/waiting.csv?start=' in response.text


def test_the_dashboard_is_in_spanish_by_default(client, body, reviewer):
    client.force_login(reviewer)
    response = client.get(f"/tableros/organismo/{body.pk}/")
    assert '<html lang="es"' in response.text


def test_another_bodys_dashboard_is_refused_before_anything_is_computed(
        client, body, other_body, monkeypatch):
    client.force_login(member_of(R.REVIEWER, awarding_body=other_body))

    def computed(*args, **kwargs):
        raise AssertionError("a figure was computed for someone refused")

    monkeypatch.setattr(selectors, "dashboard", computed)
    monkeypatch.setattr(selectors, "table", computed)
    assert client.get(f"/tableros/organismo/{body.pk}/").status_code == 403
    assert client.get(f"/tableros/organismo/{body.pk}/waiting.csv").status_code == 403
    assert client.get(f"/tableros/organismo/{body.pk}/?start=nada").status_code == 403


def test_a_body_that_does_not_exist_is_not_found(client, conocer_admin):
    client.force_login(conocer_admin)
    assert client.get("/tableros/organismo/987654/").status_code == 404


def test_a_centres_assessor_opens_the_centre_dashboard_but_not_the_bodys(client, centre,
                                                                            body):
    assessor = AssessorFactory(user=UserFactory(), centre=centre, awarding_body=body)
    Membership.objects.create(user=assessor.user, role=R.ASSESSOR, centre=centre)
    client.force_login(assessor.user)
    assert client.get(f"/tableros/centro/{centre.pk}/").status_code == 200
    assert client.get(f"/tableros/organismo/{body.pk}/").status_code == 403
    other = AssessmentCentreFactory(awarding_body=body)
    assert client.get(f"/tableros/centro/{other.pk}/").status_code == 403


def test_a_lead_bodys_dashboard_is_for_its_members_and_board(client, reviewer):
    lead_body, other = LeadBodyFactory(), LeadBodyFactory()
    board = member_of(R.ADMINISTRATOR, lead_body=lead_body)
    client.force_login(board)
    assert client.get(f"/tableros/comite/{lead_body.pk}/").status_code == 200
    assert client.get(f"/tableros/comite/{other.pk}/").status_code == 403
    client.force_login(reviewer)
    assert client.get(f"/tableros/comite/{lead_body.pk}/by_standard.csv").status_code == 403


def test_the_registrys_dashboard_is_only_for_conocer(client, reviewer, conocer_admin):
    client.force_login(reviewer)
    assert client.get("/tableros/conocer/").status_code == 403
    assert client.get("/tableros/conocer/exportar/").status_code == 403
    client.force_login(conocer_admin)
    assert client.get("/tableros/conocer/").status_code == 200


@pytest.mark.parametrize(("query", "field", "message"), [
    ("start=2026-13-01", "start", "Enter a valid date."),
    ("start=1500-01-01", "start", "Give a date between 1990 and 2100."),
    ("end=9999-12-31", "end", "Give a date between 1990 and 2100."),
    ("start=2026-06-01&end=2026-01-01", "end",
     "The end of the period cannot come before its start."),
])
def test_a_bad_period_gives_a_field_error_not_a_500(client, body, reviewer, query, field,
                                                     message):
    client.force_login(reviewer)
    response = english(client).get(f"/tableros/organismo/{body.pk}/?{query}")
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    csv_response = client.get(f"/tableros/organismo/{body.pk}/waiting.csv?{query}")
    assert csv_response.status_code == 400 and message in csv_response.text


def test_the_period_chosen_bounds_the_figures(client, body, reviewer, centre):
    standard = StandardFactory(code="EC0217")
    certificate_of(centre, standard=standard, issued_on=datetime.date(2026, 3, 2))
    certificate_of(centre, standard=standard, issued_on=datetime.date(2024, 3, 2))
    client.force_login(reviewer)
    url = f"/tableros/organismo/{body.pk}/by_standard.csv"
    assert rows_of(client.get(url))[1:] == [["EC0217", standard.title, "1"]]
    assert rows_of(client.get(url + "?start=2024-01-01"))[1:] == [
        ["EC0217", standard.title, "2"]]


def test_each_csv_holds_exactly_the_rows_of_its_table(client, body, reviewer, centre):
    for reason in ("Falta la firma.", "Falta la firma.", "=HYPERLINK(\"x\")"):
        request_of(centre, status="rejected", decided_at=at(datetime.date(2026, 8, 3)),
                   reason=reason)
    client.force_login(reviewer)
    page = english(client).get(f"/tableros/organismo/{body.pk}/")
    shown = {table.key: table for table, _csv in page.context["figures"]}
    for key, table in shown.items():
        response = client.get(f"/tableros/organismo/{body.pk}/{key}.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert rows_of(response)[0] == table.header
        assert len(rows_of(response)) == len(table.rows) + 1
    assert rows_of(client.get(f"/tableros/organismo/{body.pk}/rejection_reasons.csv"))[1:] == [
        ["Falta la firma.", "2"], ["'=HYPERLINK(\"x\")", "1"]]


def test_an_unknown_table_is_not_found(client, body, reviewer, conocer_admin):
    client.force_login(reviewer)
    assert client.get(f"/tableros/organismo/{body.pk}/nada.csv").status_code == 404
    client.force_login(conocer_admin)
    assert client.get("/tableros/conocer/by_centre.csv").status_code == 404


def test_export_everything_lists_one_csv_per_table_of_the_registry(client, conocer_admin):
    client.force_login(conocer_admin)
    page = english(client).get("/tableros/conocer/exportar/?start=2025-01-01")
    dashboard = english(client).get("/tableros/conocer/?start=2025-01-01")
    keys = [table.key for table, _csv in dashboard.context["figures"]]
    assert [name for name, _title, _url in page.context["files"]] == [f"{k}.csv" for k in keys]
    for _name, _title, url in page.context["files"]:
        assert "start=2025-01-01" in url
        assert client.get(url).status_code == 200


def test_each_role_finds_its_dashboards_on_the_landing_page(client, body, centre, reviewer,
                                                             conocer_admin):
    assessor = member_of(R.ASSESSOR, centre=centre)
    lead_body = LeadBodyFactory()
    committee = member_of(R.MEMBER, lead_body=lead_body)
    nobody = UserFactory()
    expected = {
        reviewer: [f"/tableros/organismo/{body.pk}/"],
        assessor: [f"/tableros/centro/{centre.pk}/"],
        committee: [f"/tableros/comite/{lead_body.pk}/"],
        conocer_admin: ["/tableros/conocer/"],
        nobody: [],
    }
    for user, urls in expected.items():
        client.force_login(user)
        links = client.get("/panel/").context["dashboards"]
        assert [link.url for link in links] == urls


def _issue(centre, n):
    standard, assessor = StandardFactory(), AssessorFactory(centre=centre)
    for i in range(n):
        certificate_of(centre, standard=standard, issued_on=datetime.date(2026, 5, 4),
                       assessor=assessor if i % 2 else None)
        request_of(centre, status="rejected", decided_at=at(datetime.date(2026, 8, 3)),
                   reason=f"Motivo {i}")


@pytest.mark.parametrize("kind", ["body", "centre", "conocer"])
def test_a_dashboard_takes_the_same_queries_for_2_or_20_certificates(
        client, body, centre, reviewer, conocer_admin, kind, django_assert_max_num_queries):
    urls = {"body": f"/tableros/organismo/{body.pk}/", "centre": f"/tableros/centro/{centre.pk}/",
            "conocer": "/tableros/conocer/"}
    client.force_login(conocer_admin if kind == "conocer" else reviewer)
    _issue(centre, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(urls[kind]).status_code == 200
    _issue(AssessmentCentreFactory(awarding_body=body), 18)
    with django_assert_max_num_queries(len(few)):
        client.get(urls[kind])
    assert len(few) <= 21  # the figures: 11 at most; the rest: the session, user and menu
