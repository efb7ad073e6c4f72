"""With the database unreachable, a real web server (gunicorn, persistent database
connections) answers /healthz 503 and its pages a friendly 503; once the database is
back, the very next request is served."""

import os

import pytest
from django.test import Client

from .processes import TcpProxy, WebServer, database_url, require_real_services

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def proxy():
    require_real_services()
    from django.db import connection

    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))).start()
    yield proxy
    proxy.close()


@pytest.fixture
def web(proxy, settings, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(proxy.port), "CONN_MAX_AGE": "60",
           "DATABASE_CONNECT_TIMEOUT": "2", "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "SIGNING_KEYS_DIR": str(settings.SIGNING_KEYS_DIR)}
    server = WebServer(env, tmp_path / "gunicorn.log")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_the_database_cut_gives_503s_and_its_return_serves_the_next_request(
        web, proxy, reviewer, record_property):
    client = Client()
    client.force_login(reviewer)
    signed_in = {**ENGLISH, "Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    assert web.get("/estandares/", **ENGLISH)[0] == 200
    assert web.get("/solicitudes/", **signed_in)[0] == 200  # the connection is now kept

    proxy.cut()
    health = web.get("/healthz")
    page = web.get("/estandares/", **ENGLISH)
    staff_page = web.get("/solicitudes/", **signed_in)
    api = web.get("/api/v1/standards/")
    assert (health[0], page[0], staff_page[0], api[0]) == (503, 503, 503, 503)
    assert '"database": "unreachable"' in health[2]
    for _status, headers, body, _took in (page, staff_page):
        assert "The registry is briefly unavailable" in body
        assert headers["retry-after"] == "30"
    assert "detail" in api[2]

    proxy.restore()
    back = [web.get("/healthz"), web.get("/estandares/", **ENGLISH),
            web.get("/solicitudes/", **signed_in)]
    assert [status for status, *_ in back] == [200, 200, 200]

    figures = {"faults": "database port refused, open connections dropped",
               "requests_during_outage": 4, "answered_503": 4,
               "slowest_503_ms": round(1000 * max(r[3] for r in (health, page, staff_page,
                                                                   api))),
               "first_request_after_return": back[0][0]}
    record_property("database_outage", figures)
    print(f"\ndatabase outage: {figures}")
