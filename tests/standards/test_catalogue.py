import csv
import datetime
import io
import json

import pytest

from standards.models import Standard
from standards.selectors import dormant_standards
from tests.factories import CriterionFactory, StandardFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ec0076(db):
    standard = StandardFactory(
        code="EC0076", level=3,
        title="Evaluación de la competencia de candidatos con base en Estándares de Competencia",
        purpose="Servir como referente para evaluar a las personas que evalúan candidatos.",
        certified_count=12)
    CriterionFactory(unit=UnitFactory(standard=standard, code="E0221",
                                      title="Preparar la evaluación"),
                     kind="knowledge", bloom_level=2, text="Los tipos de evidencia.")
    return standard


@pytest.fixture
def childcare(db):
    return StandardFactory(code="EC0435", level=2, legacy_code="NUCCH001.01",
                           purpose="Referente para quienes cuidan a la niñez temprana.",
                           title="Prestación de servicios para la atención y cuidado de niñas "
                                 "y niños en Centros de Atención Infantil")


def codes(response):
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize("q", ["evaluacion", "EVALUACIÓN", "Evaluación de candidatos",
                               "competencia candidatos"])
def test_search_ignores_accents_and_case(client, ec0076, childcare, q):
    response = client.get("/estandares/", {"q": q})
    assert ec0076.title in response.text
    assert childcare.title not in response.text


def test_search_finds_words_with_n_tilde_typed_plainly(client, childcare, ec0076):
    response = client.get("/api/v1/standards/", {"q": "ninas"})
    assert codes(response) == ["EC0435"]


def test_search_finds_a_standard_by_its_code_or_legacy_code(client, ec0076, childcare):
    assert codes(client.get("/api/v1/standards/", {"q": "ec0076"})) == ["EC0076"]
    assert codes(client.get("/api/v1/standards/", {"q": "NUCCH001.01"})) == ["EC0435"]


def test_a_search_with_no_match_says_so(client, ec0076):
    response = client.get("/estandares/", {"q": "astronauta"})
    assert "Ningún estándar coincide" in response.text


def test_drafts_never_appear_in_the_public_catalogue(client, ec0076):
    draft = StandardFactory(status=Standard.Status.DRAFT, title="Borrador secreto")
    assert draft.title not in client.get("/estandares/").text
    assert client.get(f"/estandares/{draft.code}/").status_code == 404
    assert client.get(f"/api/v1/standards/{draft.code}/").status_code == 404


def test_expired_and_withdrawn_standards_stay_visible_and_marked(client):
    expired = StandardFactory(status=Standard.Status.EXPIRED)
    withdrawn = StandardFactory(status=Standard.Status.WITHDRAWN, withdrawn_reason="Obsoleto.")
    body = client.get("/estandares/").text
    assert expired.code in body and "Vencido" in body
    assert withdrawn.code in body and "Retirado" in body
    assert "Obsoleto." in client.get(f"/estandares/{withdrawn.code}/").text


@pytest.mark.parametrize(("params", "expected"), [
    ({"level": 3}, ["EC0076"]),
    ({"level": 2}, ["EC0435"]),
    ({"status": "published"}, ["EC0076", "EC0435"]),
    ({"has_certificates": "true"}, ["EC0076"]),
    ({"has_certificates": "false"}, ["EC0435"]),
])
def test_the_api_filters_the_catalogue(client, ec0076, childcare, params, expected):
    assert codes(client.get("/api/v1/standards/", params)) == expected


def test_the_api_filters_by_sector_and_lead_body_codes(client, ec0076, childcare):
    assert codes(client.get("/api/v1/standards/", {"sector": ec0076.sector.code})) == ["EC0076"]
    assert codes(client.get("/api/v1/standards/",
                            {"lead_body": childcare.lead_body.code})) == ["EC0435"]


def test_the_page_filters_the_catalogue_like_the_api(client, ec0076, childcare):
    body = client.get("/estandares/", {"level": 2}).text
    assert childcare.title in body
    assert ec0076.title not in body


def test_an_unknown_filter_value_is_a_field_error_not_a_500(client, ec0076):
    response = client.get("/api/v1/standards/", {"level": "9"})
    assert response.status_code == 400
    assert "level" in response.json()
    assert client.get("/estandares/", {"level": "nueve"}).status_code == 200


def test_the_api_detail_includes_the_structure(client, ec0076):
    data = client.get("/api/v1/standards/EC0076/").json()
    assert data["title"] == ec0076.title
    assert data["units"][0]["code"] == "E0221"
    assert data["units"][0]["criteria"][0] == {
        "kind": "knowledge", "text": "Los tipos de evidencia.", "bloom_level": 2, "order": 1}


def test_the_api_detail_accepts_lower_case_and_version_codes(client):
    StandardFactory(code="EC0217.01")
    assert client.get("/api/v1/standards/ec0217.01/").status_code == 200


def test_the_openapi_schema_describes_the_standards_endpoints(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/api/v1/standards/" in paths
    assert "/api/v1/standards/{code}/" in paths


def test_the_api_docs_page_loads_its_assets_locally(client):
    body = client.get("/api/v1/docs/").text
    assert "swagger-ui" in body
    assert "cdn" not in body.lower()


def test_the_detail_page_shows_everything_a_person_needs(client, ec0076):
    newer = StandardFactory(code="EC0076.01", supersedes=ec0076)
    body = client.get("/estandares/EC0076/").text
    for text in [ec0076.purpose, ec0076.sector.name, ec0076.lead_body.name,
                 "Preparar la evaluación", "Los tipos de evidencia.", newer.code, "12"]:
        assert text in body


def test_the_detail_page_of_an_unknown_code_is_404(client):
    assert client.get("/estandares/EC9999/").status_code == 404


def test_the_csv_export_has_the_documented_columns_and_one_row_per_standard(
        client, ec0076, childcare):
    response = client.get("/estandares/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["code"] for r in rows] == ["EC0076", "EC0435"]
    assert rows[0]["title"] == ec0076.title
    assert rows[0]["units"] == "1" and rows[0]["criteria"] == "1"
    assert rows[1]["legacy_code"] == "NUCCH001.01"


def test_the_csv_export_follows_the_search(client, ec0076, childcare):
    response = client.get("/estandares/export.csv", {"q": "niñas"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["code"] for r in rows] == ["EC0435"]


def test_the_json_export_includes_the_structure(client, ec0076):
    response = client.get("/estandares/export.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data[0]["code"] == "EC0076"
    assert data[0]["units"][0]["criteria"][0]["bloom_level"] == 2


def test_a_standard_without_certificates_for_24_months_is_dormant():
    today = datetime.date(2026, 11, 25)
    dormant = StandardFactory(dof_published_on=datetime.date(2015, 1, 5),
                              last_certified_on=datetime.date(2024, 11, 1))
    never_used = StandardFactory(dof_published_on=datetime.date(2015, 1, 5))
    StandardFactory(dof_published_on=datetime.date(2015, 1, 5),
                    last_certified_on=datetime.date(2026, 1, 1))
    StandardFactory(dof_published_on=datetime.date(2026, 6, 1))  # too new to judge
    StandardFactory(status=Standard.Status.EXPIRED, dof_published_on=datetime.date(2010, 1, 1))
    assert set(dormant_standards(today=today)) == {dormant, never_used}


def test_admins_see_the_dormant_list_and_its_count_on_the_dashboard(client, conocer_admin):
    StandardFactory(code="EC0999", dof_published_on=datetime.date(2015, 1, 5))
    conocer_admin.is_superuser = True
    conocer_admin.save()
    client.force_login(conocer_admin)
    assert "EC0999" in client.get("/estandares/inactivos/").text
    assert "1 estándar inactivo" in client.get("/admin/").text


def test_the_public_cannot_see_the_dormant_list(client, member):
    client.force_login(member)
    assert client.get("/estandares/inactivos/").status_code == 403
