"""Open data (/datos-abiertos/): every dataset listed with its columns, licence, stable
URLs and last change; each CSV holds the records of its JSON; the DCAT catalogue names
every distribution; only public fields of organisations accredited today."""

import csv
import io
import json

import lxml.html
import pytest

from certification.statistics import opendata
from tests.certification.statistics.test_pages_dataset import figures_fixture  # noqa: F401
from tests.factories import AwardingBodyFactory
from tests.ratelimits import forget_rate_limits

SLUGS = ["estandares", "organismos-certificadores", "centros-de-evaluacion",
         "certificados-por-anio", "certificados-por-estandar", "certificados-por-estado",
         "certificados-por-sector", "certificados-por-nivel"]


def download(client, slug, extension):
    forget_rate_limits()
    response = client.get(f"/datos-abiertos/{slug}.{extension}")
    assert response.status_code == 200, slug
    return b"".join(response.streaming_content).decode("utf-8"), response


def csv_records(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_page_lists_every_dataset_with_its_columns_licence_and_urls(client, figures):
    response = client.get("/datos-abiertos/", HTTP_ACCEPT_LANGUAGE="en")
    doc = lxml.html.fromstring(response.content.decode())
    assert [s.get("id") for s in doc.xpath("//section[@class='dataset']")] == SLUGS
    for slug in SLUGS:
        section = doc.xpath(f"//section[@id='{slug}']")[0]
        links = section.xpath(".//ul[@class='downloads']//a/@href")
        assert links == [f"http://testserver/datos-abiertos/{slug}.csv",
                         f"http://testserver/datos-abiertos/{slug}.json"]
        columns = section.xpath(".//table/tbody/tr/th//text()")
        assert columns == [f.name for f in opendata.dataset(slug).fields]
        assert section.xpath(".//a[@href='https://datos.gob.mx/libreusomx']")
        assert section.xpath(".//time/@datetime"), slug


def test_the_counts_were_last_updated_when_the_newest_certificate_was_made(client, figures):
    newest = max(c.created_at for c in figures.certificates)
    item = next(i for i in opendata.described(opendata.datasets(), _request(client))
                if i["dataset"].slug == "certificados-por-anio")
    assert item["updated"] == opendata.day_of(newest)


def _request(client):
    from django.test import RequestFactory

    return RequestFactory().get("/datos-abiertos/")


@pytest.mark.parametrize("slug", SLUGS[1:])
def test_each_csv_holds_the_records_of_its_json(client, figures, slug):
    text, response = download(client, slug, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    records, _response = download(client, slug, "json")
    records = json.loads(records)
    fields = [f.name for f in opendata.dataset(slug).fields]
    assert next(csv.reader(io.StringIO(text))) == fields
    expected = [{name: "; ".join(v) if isinstance(v := record[name], list) else
                 "" if v is None else str(v) for name in fields} for record in records]
    assert csv_records(text) == expected
    assert records


def test_the_standards_catalogue_is_the_same_as_its_own_export(client, figures):
    text, _response = download(client, "estandares", "csv")
    forget_rate_limits()
    own = b"".join(client.get("/estandares/export.csv").streaming_content).decode()
    assert text == own
    records = json.loads(download(client, "estandares", "json")[0])
    assert sorted(r["code"] for r in records) == sorted(r["code"] for r in csv_records(text))


def test_the_aggregates_are_the_hand_counted_figures(client, figures):
    assert csv_records(download(client, "certificados-por-anio", "csv")[0]) == [
        {"year": "2024", "certificates": "9", "revoked": "0"},
        {"year": "2025", "certificates": "11", "revoked": "1"}]
    by_standard = {r["code"]: r["certificates"] for r in csv_records(
        download(client, "certificados-por-estandar", "csv")[0])}
    assert by_standard == {"EC0217": "10", "EC0076": "5", "EC0435": "5", "EC0999": "0"}


def test_only_bodies_accredited_today_are_listed_with_their_public_fields(client, figures):
    AwardingBodyFactory(name="Entidad sin acreditación vigente")
    records = json.loads(download(client, "organismos-certificadores", "json")[0])
    assert [r["acronym"] for r in records] == ["CONALEP", "IDEFT"]
    assert set(records[0]) == {"name", "acronym", "kind", "state", "state_name", "city",
                               "email", "phone", "website", "standards"}
    assert records[0]["standards"] == ["EC0217"]
    centres = json.loads(download(client, "centros-de-evaluacion", "json")[0])
    assert sorted(c["name"] for c in centres) == ["Centro Mérida", "Centro Zapopan"]


def test_the_catalogue_names_every_distribution_by_media_type_and_url(client, figures):
    catalogue = client.get("/datos-abiertos/catalogo.json").json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert [d["identifier"].rsplit("/", 1)[1] for d in catalogue["dataset"]] == SLUGS
    for dataset in catalogue["dataset"]:
        assert dataset["title"] and dataset["description"] and dataset["modified"]
        assert dataset["license"] == "https://datos.gob.mx/libreusomx"
        assert [d["mediaType"] for d in dataset["distribution"]] == ["text/csv",
                                                                     "application/json"]
        for distribution in dataset["distribution"]:
            forget_rate_limits()
            path = distribution["downloadURL"].removeprefix("http://testserver")
            assert client.get(path).status_code == 200


def test_a_formula_in_a_centre_name_is_neutralised_in_the_csv(client, figures):
    centre = figures.centres[0]
    centre.name = "=cmd|' /C calc'!A0"
    centre.save(update_fields=["name"])
    text, _response = download(client, "centros-de-evaluacion", "csv")
    assert "'=cmd|' /C calc'!A0" in [r["name"] for r in csv_records(text)]
    records = json.loads(download(client, "centros-de-evaluacion", "json")[0])
    assert "=cmd|' /C calc'!A0" in [r["name"] for r in records]


def test_an_unknown_dataset_is_not_found(client, figures):
    assert client.get("/datos-abiertos/no-existe.csv").status_code == 404
    assert client.get("/datos-abiertos/no-existe.json").status_code == 404
