"""The home page's one search box: a folio goes to its verification, words to the
catalogue."""

import pytest

from certification.issuance.folio import new_folio

pytestmark = pytest.mark.django_db


def landing(client, q):
    response = client.get("/buscar/", {"q": q})
    assert response.status_code == 302
    return response["Location"]


def test_the_home_page_has_one_box_for_a_standard_or_a_folio(client):
    page = client.get("/").text
    assert 'action="/buscar/"' in page and 'name="q"' in page


def test_a_folio_goes_to_its_verification(client):
    folio = new_folio()
    assert landing(client, folio) == f"/verificar/{folio}/"


def test_a_folio_typed_in_lower_case_without_dashes_goes_to_its_verification(client):
    folio = new_folio()
    assert landing(client, folio.replace("-", "").lower()) == f"/verificar/{folio}/"


def test_a_legacy_folio_goes_to_its_verification(client):
    assert landing(client, "D-0012345678") == "/verificar/D-0012345678/"


def test_a_mistyped_folio_goes_to_the_verify_page_that_explains(client):
    folio = new_folio()
    wrong = folio[:-1] + ("0" if folio[-1] != "0" else "1")
    assert landing(client, wrong) == f"/verificar/?folio={wrong}"


def test_words_go_to_the_catalogue(client):
    assert landing(client, "guardería  infantil") == "/estandares/?q=guarder%C3%ADa+infantil"


def test_a_twelve_letter_word_is_words_not_a_folio(client):
    assert landing(client, "electricista") == "/estandares/?q=electricista"


def test_a_standard_code_goes_to_the_catalogue(client):
    assert landing(client, "EC0076") == "/estandares/?q=EC0076"


def test_an_empty_search_opens_the_whole_catalogue(client):
    assert landing(client, "   ") == "/estandares/"
