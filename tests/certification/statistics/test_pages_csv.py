"""The CSV of each chart (/estadisticas/<key>.csv): the numbers of the table beside the
chart, with the same filters, and cell by cell what the API gives as JSON."""

import csv
import io

import pytest

from certification.statistics import selectors
from tests.certification.statistics.test_pages_dataset import figures_fixture  # noqa: F401
from tests.ratelimits import forget_rate_limits

FILTERS = ["", "?state=JAL", "?sector=EDU", "?year_from=2025&year_to=2025&level=3"]


def csv_of(client, key, query=""):
    response = client.get(f"/estadisticas/{key}.csv{query}")
    assert response.status_code == 200, key
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("query", FILTERS)
def test_each_csv_equals_the_api_json_cell_by_cell(client, figures, query):
    for key in selectors.DASHBOARD:
        forget_rate_limits()
        rows = csv_of(client, key, query)
        data = client.get(f"/api/v1/stats/{key}/{query}").json()
        assert rows[0] == [column["key"] for column in data["columns"]], key
        expected = [["" if row[c["key"]] is None else str(row[c["key"]])
                     for c in data["columns"]] for row in data["rows"]]
        assert rows[1:] == expected, key


def test_the_csv_holds_the_numbers_of_the_table(client, figures):
    assert csv_of(client, "by_year") == [["year", "certificates", "revoked"],
                                         ["2024", "9", "0"], ["2025", "11", "1"]]
    assert csv_of(client, "by_sector") == [["sector", "name", "certificates", "share"],
                                           ["EDU", "Educación y formación de personas", "15",
                                            "75.0"],
                                           ["TUR", "Turismo", "5", "25.0"]]


def test_a_hidden_cell_is_empty_in_the_csv(client, figures):
    assert csv_of(client, "by_year", "?sector=EDU")[1:] == [["2024", "6", "0"],
                                                            ["2025", "9", ""]]


def test_a_csv_with_a_bad_filter_says_which_and_why(client, figures):
    response = client.get("/estadisticas/by_year.csv?year_from=20x5",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content.decode().startswith("year_from: ")


def test_an_unknown_table_has_no_csv(client, figures):
    assert client.get("/estadisticas/no_such_table.csv").status_code == 404


def test_a_formula_in_a_label_is_neutralised_in_the_csv(client, figures):
    from certification.statistics import services
    from tests.factories import AssessmentCentreFactory, AwardingBodyFactory, CertificateFactory

    body = AwardingBodyFactory(name='=HYPERLINK("http://x","y")')
    for _n in range(5):
        CertificateFactory(standard=figures.standards["EC0217"],
                           centre=AssessmentCentreFactory(awarding_body=body))
    services.repair_statistics()
    names = [row[0] for row in csv_of(client, "by_awarding_body")[1:]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in names
