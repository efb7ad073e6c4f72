"""Where to get certified: on a standard's page and in the directory, filters by state and
municipality (GET, choices from the data), each centre's contact, and the map of states."""

import re

import pytest

from tests.bodies.conftest import accredit
from tests.factories import AssessmentCentreFactory, AssessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(body_scope, body, standard):
    """Three centres accredited for EC0435: two in Jalisco (two municipalities), one in
    the Estado de México; and an independent assessor in Jalisco."""
    made = {
        "zapopan": AssessmentCentreFactory(
            awarding_body=body, name="Centro Zapopan", state="JAL", municipality="Zapopan",
            street="Av. Ávila Camacho 2670, Col. Ciudad Granja", postal_code="45010",
            phone="33 3673 2041", email="zapopan@centros.example.mx",
            website="https://zapopan.example.mx/"),
        "tlaquepaque": AssessmentCentreFactory(
            awarding_body=body, name="Centro Tlaquepaque", state="JAL",
            municipality="San Pedro Tlaquepaque"),
        "toluca": AssessmentCentreFactory(awarding_body=body, name="Centro Toluca",
                                          state="MEX", municipality="Toluca"),
    }
    for centre in made.values():
        accredit("centre", centre, standard, body)
    made["assessor"] = AssessorFactory(centre=None, awarding_body=body, state="JAL",
                                       full_name="Itzel Ramírez Cruz")
    accredit("assessor", made["assessor"], standard, body)
    return made


def where(client, standard, **params):
    page = client.get(f"/estandares/{standard.code}/", params)
    assert page.status_code == 200
    return page.text[page.text.index('id="where"'):]


def listed(html):
    return re.findall(r"<strong>([^<]+)</strong>", html)


def test_a_standard_page_lists_every_place_without_a_filter(client, centres, standard):
    assert listed(where(client, standard)) == [
        "Centro Toluca", "Centro Tlaquepaque", "Centro Zapopan", "Itzel Ramírez Cruz"]


def test_a_standard_page_filters_places_by_state(client, centres, standard):
    assert listed(where(client, standard, state="JAL")) == [
        "Centro Tlaquepaque", "Centro Zapopan", "Itzel Ramírez Cruz"]


def test_a_standard_page_filters_centres_by_municipality(client, centres, standard):
    html = where(client, standard, state="JAL", municipality="Zapopan")
    assert "Centro Zapopan" in listed(html) and "Centro Tlaquepaque" not in listed(html)


def test_the_filters_offer_only_states_and_municipalities_with_places(client, centres,
                                                                      standard):
    html = where(client, standard, state="JAL")
    states = re.findall(r'<option value="([A-Z]{3})"', html)
    assert states == ["MEX", "JAL"]  # sorted by name: Estado de México, Jalisco
    assert re.findall(r'<option value="([^"]+)"[^>]*>(?:San Pedro|Zapopan|Toluca)', html) == [
        "San Pedro Tlaquepaque", "Zapopan"]


def test_without_a_state_each_municipality_says_its_state(client, centres, standard):
    assert "Zapopan (Jalisco)" in where(client, standard)


def test_a_municipality_of_another_state_is_a_field_error_and_keeps_the_state(
        client, centres, standard):
    html = where(client, standard, state="MEX", municipality="Zapopan")
    assert "Ningún centro acreditado está en ese municipio" in html
    assert listed(html) == ["Centro Toluca"]


def test_a_state_without_places_is_a_field_error(client, centres, standard):
    html = where(client, standard, state="SON")
    assert "No hay nada acreditado en ese estado" in html
    assert len(listed(html)) == 4


def test_each_centre_shows_its_address_and_how_to_reach_it(client, centres, standard):
    html = where(client, standard, state="JAL", municipality="Zapopan")
    assert "Av. Ávila Camacho 2670, Col. Ciudad Granja" in html
    assert "C.P. 45010" in html
    assert 'href="tel:+523336732041"' in html
    assert 'href="mailto:zapopan@centros.example.mx"' in html
    assert 'href="https://zapopan.example.mx/"' in html and "zapopan.example.mx</a>" in html


def test_the_map_names_each_state_with_its_number_of_centres(client, centres, standard):
    html = where(client, standard)
    assert "<title>Jalisco: 2 centros</title>" in html
    assert "<title>Estado de México: 1 centro</title>" in html
    assert "<title>Sonora: ningún centro</title>" in html
    assert html.count("<path ") == 32


def test_a_state_on_the_map_links_to_the_list_filtered_to_it(client, centres, standard):
    html = where(client, standard)
    assert f'href="/estandares/{standard.code}/?state=JAL#where" aria-label="Jalisco: 2 centros"' \
        in html
    assert "?state=SON" not in html  # a state without centres links nowhere


def test_the_map_shades_states_by_their_number_of_centres(client, centres, standard):
    html = where(client, standard)
    shade = dict(re.findall(r'aria-label="([^":]+):[^"]*"[^>]*><title>[^<]*</title><path '
                            r'class="map-shade-(\d)', html))
    assert shade == {"Jalisco": "4", "Estado de México": "2"}


def test_the_map_has_a_table_for_screen_readers(client, centres, standard):
    html = where(client, standard)
    table = html[html.index("<table"):html.index("</table>")]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a></th><td>(\d+)', table) == [
        ("Estado de México", "1"), ("Jalisco", "2")]


def test_the_directory_filters_centres_by_municipality(client, centres):
    html = client.get("/organismos/", {"state": "JAL", "municipality": "San Pedro Tlaquepaque"}
                      ).text
    assert "Centro Tlaquepaque" in html and "Centro Zapopan" not in html


def test_the_directory_map_links_keep_the_chosen_standard(client, centres, standard):
    html = client.get("/organismos/", {"standard": standard.code}).text
    assert f'href="?state=JAL&amp;standard={standard.code}"' in html


def test_the_standard_page_does_not_query_once_per_centre(client, centres, standard, body):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            where(client, standard, state="JAL")
        return len(captured)

    before = queries()
    for n in range(5):
        accredit("centre", AssessmentCentreFactory(awarding_body=body, state="JAL",
                                                   municipality=f"Municipio {n}"),
                 standard, body)
    assert queries() == before


def test_the_directory_does_not_query_once_per_centre(client, centres, body, standard):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/organismos/", {"standard": standard.code})
        return len(captured)

    before = queries()
    for n in range(5):
        accredit("centre", AssessmentCentreFactory(awarding_body=body, state="OAX",
                                                   municipality=f"Municipio {n}"),
                 standard, body)
    assert queries() == before


def test_a_municipality_name_of_several_states_is_offered_once_for_all(client, centres,
                                                                        standard, body):
    for state in ("QUE", "CMX"):
        accredit("centre", AssessmentCentreFactory(awarding_body=body, state=state,
                                                   municipality="Benito Juárez"),
                 standard, body)
    html = where(client, standard)
    assert html.count('<option value="Benito Juárez">Benito Juárez</option>') == 1
    assert len(listed(where(client, standard, municipality="Benito Juárez"))) == 2
