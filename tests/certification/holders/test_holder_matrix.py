"""Every page of the holder's space, as holder A, holder B and someone signed out, on A's
certificate and share link: no holder reaches another's data. (Staff accounts on the same
pages: tests/test_url_matrix.py.)

  ok     allowed
  no     refused (404: whether the object exists is not theirs to know), nothing of A shown
  signin sent to the holder's sign-in, nothing shown
  shown  A's share link: whoever holds it sees A's certificate, name unmasked (that is
         what A shared)
"""

import pytest
from django.urls import reverse

from certification.holders.services import sharing
from certification.issuance.models import Certificate
from tests.test_url_matrix import walk_patterns

from .conftest import sign_in_as

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "holder", "holder_b"]
#  url name                          method  anon    A       B
SPEC = """
holders:home                         GET     signin  ok      ok
holders:sign_in                      GET     ok      ok      ok
holders:sign_in                      POST    ok      ok      ok
holders:sign_in_code                 POST    ok      ok      ok
holders:open_link                    GET     ok      ok      ok
holders:open_link                    POST    ok      ok      ok
holders:confirm_email                GET     ok      ok      ok
holders:confirm_email                POST    ok      ok      ok
holders:sign_out                     POST    ok      ok      ok
holders:registry_choice              POST    signin  ok      ok
holders:certificate                  GET     signin  ok      no
holders:certificate_pdf              GET     signin  ok      no
holders:credential                   GET     signin  ok      no
holders:linkedin                     GET     signin  ok      no
holders:create_share_link            POST    signin  ok      no
holders:request_correction           GET     signin  ok      no
holders:request_correction           POST    signin  ok      no
holders:subscription                 POST    signin  ok      ok
holders:revoke_share_link            POST    signin  ok      no
holders:shared                       GET     shown   shown   shown
holders:candidate_access             GET     login   login   login
holders:candidate_access             POST    login   login   login
"""
ROWS = {}
for line in SPEC.strip().splitlines():
    name, method, *outcomes = line.split()
    ROWS[(name, method)] = dict(zip(VISITORS, outcomes, strict=True))


@pytest.fixture
def world(holder, other_holder):
    certificate = Certificate.objects.filter(holder=holder).first()
    link, token = sharing.create_share_link(person=holder, folio=certificate.folio, days=7)
    return {"holder": holder, "holder_b": other_holder, "certificate": certificate,
            "link": link, "token": token,
            "marks": [holder.curp, certificate.folio, "Ibáñez"]}


def url_of(name, world):
    folio = {"folio": world["certificate"].folio}
    kwargs = {"holders:open_link": {"token": "x" * 43},
              "holders:confirm_email": {"token": "x" * 43},
              "holders:shared": {"token": world["token"]},
              "holders:revoke_share_link": {"pk": world["link"].pk},
              "holders:candidate_access": {"pk": 1},
              "holders:home": {}, "holders:sign_in": {}, "holders:sign_in_code": {},
              "holders:sign_out": {}, "holders:registry_choice": {},
              "holders:subscription": {}}.get(name, folio)
    return reverse(name, kwargs=kwargs)


DATA = {"holders:create_share_link": {"days": 7},
        "holders:registry_choice": {"appear": "yes"},
        "holders:request_correction": {"given_names": "Otra", "first_surname": "Persona",
                                       "id_document": "X", "birth_date": "1990-01-01",
                                       "reason": "Prueba."},
        "holders:sign_in": {"email": "nadie@example.mx"},
        "holders:sign_in_code": {"identity": "X", "code": "AAAA"}}


def verdict(expected, response, world, visitor):
    status, location = response.status_code, response.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    shown = [m for m in world["marks"] if m in body.decode("utf-8", "replace")]
    if expected == "signin":
        ok = status == 302 and location.startswith(reverse("holders:sign_in")) and not shown
        return None if ok else f"{status} {location}, not the sign-in"
    if expected == "shown":
        return None if status == 200 and shown else f"{status}, shows {shown}"
    if expected == "login":
        return None if status == 302 and location.startswith(reverse("login")) else status
    if expected == "no":
        if status != 404:
            return f"{status}, not refused"
        return f"refused but shows {shown}" if shown else None
    if status in (401, 403, 404, 405):
        return f"{status}, refused"
    if visitor == "holder_b" and shown:
        return f"B sees {shown}"
    return None


def test_every_url_of_the_space_has_a_row():
    served = {name for name, _pattern in walk_patterns() if name.startswith("holders:")}
    assert served == {name for name, _method in ROWS}


@pytest.mark.parametrize(("name", "method"), sorted(ROWS))
def test_each_holder_gets_what_the_matrix_says(client, world, name, method):
    wrong = {}
    for visitor, expected in ROWS[(name, method)].items():
        client.logout()
        if visitor != "anonymous":
            sign_in_as(client, world[visitor])
        url = url_of(name, world)
        send = client.get if method == "GET" else client.post
        response = send(url, DATA.get(name, {}))
        problem = verdict(expected, response, world, visitor)
        if problem:
            wrong[visitor] = f"expected {expected}: {problem}"
    assert wrong == {}, f"{method} {name}"
