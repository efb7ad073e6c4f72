"""A NUL character (which PostgreSQL cannot store in text) in the address, the query string
or a form is answered 400 with a page that says what to do, before any query runs."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/estandares/%00/", "/estandares/EC%000076/",
                                 "/certificados/AB%00/", "/verificar/%00/",
                                 "/estandares/?q=%00", "/estandares/?q%00=x",
                                 "/candidatos/?q=a%00b", "/organismos/?standard=%00"])
def test_a_nul_in_the_address_is_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "core/bad_input.html" in [t.name for t in response.templates]


def test_a_nul_in_an_api_address_is_a_400_json_error(client):
    response = client.get("/api/v1/standards/?q=%00")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_nul_in_a_form_field_is_a_400_page(client):
    response = client.post("/verificar/persona/", {"curp": "NUPB\x00900412MMCXXX01"})
    assert response.status_code == 400
    assert "core/bad_input.html" in [t.name for t in response.templates]


def test_a_nul_in_a_multipart_form_field_is_a_400_page(client):
    response = client.post("/verificar/documento/", {
        "note": "a\x00b", "document": SimpleUploadedFile("c.pdf", b"%PDF-1.4\n")})
    assert response.status_code == 400


def test_a_json_body_is_left_to_the_serializers(client):
    response = client.post("/api/v1/standards/", json.dumps({"q": "\u0000"}),
                           content_type="application/json")
    assert response.status_code in (401, 403, 405)


def test_input_without_nul_goes_through(client):
    assert client.get("/estandares/?q=evaluaci%C3%B3n").status_code == 200
