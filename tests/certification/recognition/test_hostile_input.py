"""Hostile input into every recognition page, form and API filter: every answer is a page
or a message (4xx), never a server error."""

import sys
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.signals import got_request_exception

from tests.conocer.test_hostile_input import HOSTILE, HOSTILE_FIELDS

from .conftest import pdf


@pytest.fixture(autouse=True)
def generous_limits(db, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        name: "100000/min" for name in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}}


def server_errors_of(client, calls) -> list:
    """Make each (method, url, kwargs) call; the ones answered with a 5xx, with why."""
    client.raise_request_exception = False
    errors, caught = [], []

    def remember(sender, request, **kwargs):
        caught.append(repr(sys.exc_info()[1])[:120])

    got_request_exception.connect(remember)
    try:
        for method, url, kwargs in calls:
            response = getattr(client, method)(url, **kwargs)
            if response.status_code >= 500:
                errors.append((method, url[:80], str(kwargs)[:80], caught[-1:]))
    finally:
        got_request_exception.disconnect(remember)
    return errors


def form(data: dict) -> dict:
    body = urlencode(data, doseq=True, encoding="utf-8", errors="surrogateescape")
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


def test_no_hostile_value_in_a_recognition_address_gets_a_server_error(client, world):
    pages = ["/reconocimiento/?pais={}&sistema={}", "/api/v1/recognition/systems/{}/",
             "/api/v1/recognition/equivalences/{}/",
             "/api/v1/recognition/equivalences/?country={}&system={}&page={}",
             "/reconocimiento/gestion/solicitudes/{}/", "/reconocimiento/gestion/?estado={}"]
    calls = [("get", page.replace("{}", value), {}) for page in pages for value in HOSTILE]
    assert server_errors_of(client, calls[:len(calls) // 2]) == []
    client.force_login(world.conocer)
    assert server_errors_of(client, calls) == []


def test_no_hostile_value_in_a_recognition_form_gets_a_server_error(client, world):
    request = world.submit()

    def apply(value):
        return {"has_curp": "no", "id_document_type": "passport", "id_document_number": value,
                "id_document_country": "HN", "nationality": value, "given_names": value,
                "first_surname": value, "birth_date": value, "system": world.sena.pk,
                "foreign_code": value, "foreign_issued_on": value, "equivalence": value,
                "standard": value, "privacy_consent": "on"}

    anonymous = [("post", "/reconocimiento/solicitar/", form(apply(v))) for v in HOSTILE_FIELDS]
    anonymous += [("post", "/reconocimiento/solicitar/", {"data": {
        **apply("x"), "id_document_number": "F1", "birth_date": "1990-01-01",
        "foreign_issued_on": "2023-01-01", "nationality": "HN", "equivalence": "",
        "standard": world.standard.pk, "file": pdf(name, v.encode(
            "utf-8", "surrogateescape") or b"x")}})
        for v in HOSTILE_FIELDS for name in ("cert.pdf", "cert", ".pdf", "a" * 300 + ".pdf")]
    anonymous += [("post", "/reconocimiento/seguimiento/",
                   form({"reference": v, "birth_date": v})) for v in HOSTILE_FIELDS]
    assert server_errors_of(client, anonymous) == []
    client.force_login(world.conocer)
    staff = [("post", f"/reconocimiento/gestion/solicitudes/{request.pk}/", form({
        "decision": decision, "awarding_body": v, "assessor": v, "unit_codes": v,
        "reason": v, "fee_waived": v, "fee_waiver_reason": v}))
        for decision in ("full", "partial", "reject", "x") for v in HOSTILE_FIELDS]
    staff += [("post", "/reconocimiento/gestion/sistemas/nuevo/", form({
        "name": v, "acronym": v, "country": v, "website": v, "notes": v}))
        for v in HOSTILE_FIELDS]
    staff += [("post", "/reconocimiento/gestion/equivalencias/nueva/", form({
        "system": world.sena.pk, "foreign_code": v, "foreign_title": v,
        "standard": world.standard.pk, "kind": "partial", "valid_from": v, "valid_until": v,
        "unit_codes": v})) for v in HOSTILE_FIELDS]
    assert server_errors_of(client, staff) == []
