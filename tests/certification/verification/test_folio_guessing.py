"""Walking the sequential legacy folios is impractical: answers "no such folio" have a
tight budget per address (10 a minute, 100 a day), page and API together; found folios
do not spend it."""

import pytest
from django.utils import translation

from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def legacy():
    """Four imported certificates among the first 60 sequential legacy folios."""
    return [CertificateFactory(folio=f"D-{n:010d}") for n in (5, 20, 35, 50)]


def walk(client, count, url="/verificar/D-{:010d}/"):
    return [client.get(url.format(n)).status_code for n in range(1, count + 1)]


def test_sixty_sequential_guesses_find_one_of_four_before_the_wait(client, legacy):
    statuses = walk(client, 60)
    assert statuses.count(404) == 10
    assert statuses.count(200) == 1  # D-0000000005, guessed before the budget ran out
    assert statuses.count(429) == 49 and statuses[11:] == [429] * 49


def test_the_wait_is_explained_and_says_how_long(client, legacy):
    walk(client, 11)
    with translation.override("en"):
        response = client.get("/verificar/D-0000000020/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many folios that are not in the registry" in response.text
    assert 0 < int(response["Retry-After"]) <= 120  # this minute, and some of the next


def test_found_folios_do_not_spend_the_not_found_budget(client, legacy):
    assert set(walk(client, 30, url=f"/verificar/{legacy[0].folio}/?n={{}}")) == {200}
    assert walk(client, 10).count(404) == 9  # D-0000000005 found, 9 misses


def test_the_api_and_the_pages_share_the_budget(client, legacy):
    assert walk(client, 6, url="/api/v1/verify/D-{:010d}/").count(404) == 5
    assert walk(client, 4, url="/verificar/D-{:010d}/credential.json").count(404) == 4
    assert client.get("/verificar/D-0000000099/").status_code == 404  # the tenth
    refused = client.get(f"/api/v1/verify/{legacy[1].folio}/")
    assert refused.status_code == 429
    assert "demasiados folios que no están en el registro" in refused.json()["detail"]
    assert client.get(f"/verificar/{legacy[1].folio}/pdf/").status_code == 429


def test_the_daily_budget_holds_when_the_minute_one_refills(client, legacy, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "folio_not_found": "1000/min", "folio_not_found_daily": "15/day"}}
    statuses = walk(client, 30)
    assert statuses.count(404) == 15 and statuses[-1] == 429
    assert int(client.get("/verificar/D-0000000001/")["Retry-After"]) > 3600


def test_each_address_has_its_own_budget(client, legacy):
    walk(client, 11)
    assert client.get("/verificar/D-0000000001/").status_code == 429
    assert client.get("/verificar/D-0000000001/", REMOTE_ADDR="10.0.0.9").status_code == 404


def test_the_addresses_of_one_ipv6_network_share_a_budget(client, legacy):
    for n in range(1, 11):
        client.get(f"/verificar/D-{n + 60:010d}/", REMOTE_ADDR=f"2001:db8:1:2::{n:x}")
    assert client.get("/verificar/D-0000000001/",
                      REMOTE_ADDR="2001:db8:1:2:ffff::1").status_code == 429
    assert client.get("/verificar/D-0000000001/",
                      REMOTE_ADDR="2001:db8:1:3::1").status_code == 404
