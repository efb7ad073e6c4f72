"""The catalogue's CSV export (the registry's one CSV export) neutralises formula injection
in every text column: titles, sector and lead body names, codes."""

import csv
import io

import pytest

from tests.factories import LeadBodyFactory, SectorFactory, StandardFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+SUM(1)", "-1+2", "@SUM(1)", "\tX", "\rX"]


def exported(client):
    response = client.get("/estandares/export.csv")
    text = b"".join(response.streaming_content).decode()
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_a_hostile_title_is_exported_as_text_not_as_a_formula(client, hostile):
    # Written below the services (an old import): they refuse tabs and returns in titles.
    StandardFactory(code="EC0100", title=hostile)
    assert exported(client)["EC0100"]["title"] == "'" + hostile


@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_hostile_sector_and_lead_body_names_are_exported_as_text(client, hostile):
    sector = SectorFactory(name=hostile)
    StandardFactory(code="EC0101", sector=sector,
                    lead_body=LeadBodyFactory(name=hostile, sector=sector),
                    legacy_code=hostile[:20])
    row = exported(client)["EC0101"]
    assert row["sector"] == row["lead_body"] == "'" + hostile
    assert row["legacy_code"] == "'" + hostile[:20]


def test_numbers_stay_numbers(client):
    StandardFactory(code="EC0102", title="Atención a comensales", level=2, fee="2800.00")
    row = exported(client)["EC0102"]
    assert (row["title"], row["level"], row["fee_mxn"]) == ("Atención a comensales", "2", "2800.00")
