"""The statistics API: every aggregate as JSON, filters validated with field errors (never
a 500), in the OpenAPI schema, throttled like the rest of the public API."""

import pytest
from django.core.cache import cache

from certification.statistics import selectors
from certification.statistics.filters import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(built, settings):
    settings.STATISTICS_MIN_COUNT = 5
    return built


def test_the_dashboard_endpoint_returns_every_aggregate_in_order(client, registry):
    response = client.get("/api/v1/stats/")
    assert response.status_code == 200
    body = response.json()
    assert [table["key"] for table in body["tables"]] == list(selectors.DASHBOARD)
    assert body["threshold"] == 5
    by_year = body["tables"][0]
    assert by_year["rows"] == [{"year": 2024, "certificates": 8, "revoked": 0},
                               {"year": 2025, "certificates": 8, "revoked": 1}]


def test_one_aggregate_is_the_table_the_dashboard_shows_cell_for_cell(client, registry):
    body = client.get("/api/v1/stats/top_standards/", {"sector": "A"}).json()
    assert body == selectors.top_standards(Filters(sector="A")).as_json()
    body = client.get("/api/v1/stats/top_standards/").json()
    assert body["rows"][0] == {"rank": 1, "code": "EC0001", "title": registry["s1"].title,
                               "certificates": 10, "share": 62.5}


def test_suppressed_cells_are_null_and_flagged(client, registry):
    body = client.get("/api/v1/stats/by_sex/").json()
    assert body["suppressed"] is True
    assert [row["certificates"] for row in body["rows"]] == [None, 10, 0, None]
    assert body["total"] == 16


@pytest.mark.parametrize("query, field", [
    ({"year_from": "dos mil"}, "year_from"),
    ({"year_from": "1900"}, "year_from"),
    ({"year_from": "2025", "year_to": "2024"}, "year_to"),
    ({"level": "9"}, "level"),
    ({"state": "XX"}, "state"),
    ({"sector": "ZZZ"}, "sector"),
])
def test_a_bad_filter_is_a_field_error_not_a_500(client, registry, query, field):
    response = client.get("/api/v1/stats/by_state/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_a_control_character_in_a_filter_is_refused(client, registry):
    assert client.get("/api/v1/stats/by_state/", {"level": "1\x00"}).status_code == 400


def test_an_unknown_aggregate_is_404(client, registry):
    assert client.get("/api/v1/stats/by_planet/").status_code == 404


def test_the_filter_choices_are_listed(client, registry):
    body = client.get("/api/v1/stats/filters/").json()
    assert body["years"] == [2024, 2025] and ["A", "Agricultura"] in body["sectors"]


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/stats/", "/api/v1/stats/{key}/", "/api/v1/stats/filters/"):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/stats/"]["get"]["parameters"]}
    assert {"year_from", "year_to", "sector", "level", "state"} <= parameters


def test_the_api_is_throttled_like_the_rest_of_the_public_api(client, db, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**rates, "api_anon": "2/min"}}
    cache.clear()
    codes = [client.get("/api/v1/stats/filters/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
