"""Every public way in has a limit per client address, counted in the shared cache:
open-data exports, the status list, the API (per address anonymous, per account signed
in) and signing in."""

import pytest
from django.conf import settings as django_settings
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from conocer.core.throttling import ApiAnonThrottle, ApiUserThrottle
from tests.factories import StandardFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**scopes):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes}}
    return set_rates


def statuses(client, url, count, **kwargs):
    return [client.get(url, **kwargs).status_code for _ in range(count)]


def test_the_default_cache_is_the_database_shared_by_every_worker():
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("url", ["/estandares/export.csv", "/estandares/export.json"])
def test_open_data_exports_are_limited(client, rates, url):
    StandardFactory()
    rates(export="3/min")
    assert statuses(client, url, 5) == [200, 200, 200, 429, 429]


def test_the_two_exports_share_one_limit(client, rates):
    rates(export="2/min")
    client.get("/estandares/export.csv")
    client.get("/estandares/export.json")
    assert client.get("/estandares/export.csv").status_code == 429


def test_the_status_list_is_limited(client, rates):
    rates(status_list="2/min")
    assert statuses(client, "/verificar/estado/revocacion.json", 3) == [200, 200, 429]


@pytest.mark.parametrize("url", ["/api/v1/standards/", "/api/v1/awarding-bodies/",
                                 "/api/v1/centres/"])
def test_api_lists_are_limited_per_address(client, rates, url):
    rates(api_anon="3/min")
    assert statuses(client, url, 4) == [200, 200, 200, 429]
    assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200


def test_signed_in_api_clients_are_limited_per_account_at_their_own_rate(rates):
    """The public endpoints read no credentials; any that does counts per account."""
    rates(api_anon="1/min", api_user="3/min")
    user = UserFactory()

    def allowed(address):
        request = Request(APIRequestFactory().get("/api/v1/schema/", REMOTE_ADDR=address))
        request.user = user
        return all(t.allow_request(request, None)
                   for t in (ApiAnonThrottle(), ApiUserThrottle()))

    assert [allowed(f"10.2.0.{n}") for n in range(4)] == [True, True, True, False]


def test_signing_in_is_limited_per_address_counting_only_attempts(client, rates):
    rates(login="3/min")
    assert set(statuses(client, "/cuenta/entrar/", 5)) == {200}  # the form is free
    attempts = [client.post("/cuenta/entrar/", {"username": f"u{n}", "password": "x"})
                for n in range(4)]
    assert [a.status_code for a in attempts] == [200, 200, 200, 429]
    assert int(attempts[-1]["Retry-After"]) > 0
    other = client.post("/cuenta/entrar/", {"username": "u", "password": "x"},
                        REMOTE_ADDR="10.1.0.1")
    assert other.status_code == 200
