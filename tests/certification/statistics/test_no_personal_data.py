"""No statistics or open-data endpoint gives away a person: every page, CSV, JSON and API
answer is scanned for a CURP, a holder's or an assessor's name, and for a count of people
from 1 to STATISTICS_MIN_COUNT - 1 (5 - 1) in a breakdown of people or a filtered table."""

import re

import pytest

from certification.statistics import opendata, selectors
from tests.certification.statistics.test_pages_dataset import figures_fixture  # noqa: F401
from tests.ratelimits import forget_rate_limits

CURP = re.compile(r"[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d")
FILTERS = ["", "?state=JAL", "?state=YUC", "?sector=TUR", "?year_from=2025&level=2",
           "?year_from=2024&year_to=2024&sector=EDU&state=JAL"]
PEOPLE_COUNTS = ("certificates", "revoked", "assessments")
PEOPLE_TABLES = ("by_sex", "by_age_band", "verdicts")


def urls():
    yield "/datos-abiertos/"
    yield "/datos-abiertos/catalogo.json"
    yield "/api/v1/stats/filters/"
    for item in opendata.datasets():
        yield f"/datos-abiertos/{item.slug}.csv"
        yield f"/datos-abiertos/{item.slug}.json"
    for query in FILTERS:
        yield f"/estadisticas/{query}"
        yield f"/api/v1/stats/{query}"
        for key in selectors.DASHBOARD:
            yield f"/estadisticas/{key}.csv{query}"
            yield f"/api/v1/stats/{key}/{query}"


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_answer_shows_a_curp_or_a_persons_name(client, figures, language):
    for url in urls():
        forget_rate_limits()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        text = body(response)
        assert not CURP.findall(text), url
        shown = [mark for mark in figures.private if mark in text]
        assert shown == [], url


def small_cells(table: dict, narrowed: bool) -> list:
    if table["key"] not in PEOPLE_TABLES and not narrowed:
        return []
    return [(table["key"], row) for row in table["rows"] for key in PEOPLE_COUNTS
            if isinstance(row.get(key), int) and 0 < row[key] < 5]


def test_no_count_of_fewer_than_five_people_shows_where_it_could_point_at_someone(client,
                                                                                  figures):
    small, hidden = [], 0
    for query in FILTERS:
        for key in selectors.DASHBOARD:
            forget_rate_limits()
            table = client.get(f"/api/v1/stats/{key}/{query}").json()
            small += small_cells(table, narrowed=bool(query) and key not in (
                "lorenz", "standards_usage", "dormant_standards"))
            hidden += table["suppressed"]
    assert small == []
    assert hidden  # the dataset does have cells to hide: the scan could fail


def test_a_hidden_count_never_shows_as_a_number_on_the_page(client, figures):
    forget_rate_limits()
    html = client.get("/estadisticas/?sector=EDU", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(r"<tr><th scope=\"row\">2025</th>(.*?)</tr>", html).group(1)
    assert re.findall(r">([^<]*)</td>", row) == ["9", "hidden"]
