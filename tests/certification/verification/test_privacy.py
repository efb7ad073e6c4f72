"""Nothing public lets anyone recover a holder's CURP: not the verify page, the API, the
credential, the QR code, the status list or the public registry lookup."""

import base64
import hashlib
import itertools
import json

import cbor2
import pytest

from certification.issuance.services import requests, statuslist
from conocer.demo.people import CURP_STATE, build_curp

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(centre):
    """Begoña, whose CURP is the one her name, birth date and state give."""
    import datetime

    from tests.factories import CandidacyFactory

    born = datetime.date(1990, 4, 12)
    return CandidacyFactory(centre=centre, person__given_names="Begoña",
                            person__first_surname="Núñez", person__second_surname="Peña",
                            person__birth_date=born, person__curp=build_curp(
                                given_names="Begoña", first_surname="Núñez",
                                second_surname="Peña", birth_date=born, sex="M",
                                state="MEX", homonym=3))


@pytest.fixture
def issued(submitted_request, reviewer):
    return requests.approve_request(actor=reviewer, request_id=submitted_request.pk)


def candidate_curps(person):
    """Every CURP a person with this name and birth date could have: both sexes, every
    state, every homonym character (what an attacker who knows them would try)."""
    found = set()
    for sex, state, homonym in itertools.product("HM", CURP_STATE, range(10)):
        found.add(build_curp(given_names=person.given_names, first_surname=person.first_surname,
                             second_surname=person.second_surname,
                             birth_date=person.birth_date, sex=sex, state=state,
                             homonym=homonym))
    return found


def public_outputs(client, certificate):
    token = certificate.qr_token
    qr_payload = cbor2.loads(cbor2.loads(base64.b32decode(
        token + "=" * (-len(token) % 8))).value[2])
    return {
        "verify page": client.get(f"/verificar/{certificate.folio}/").text,
        "scanned QR page": client.get(f"/Q/{token}").text,
        "API": client.get(f"/api/v1/verify/{certificate.folio}/").content.decode(),
        "credential": client.get(f"/verificar/{certificate.folio}/credential.json"
                                 ).content.decode(),
        "QR": certificate.qr_text + json.dumps(qr_payload, default=str, ensure_ascii=False),
        "status list": statuslist.current().document,
    }


def test_no_public_output_matches_any_curp_of_the_holders_name_and_birth_date(client,
                                                                              issued):
    person = issued.holder
    assert not person.public_registry_opt_in  # the holder chose not to appear in RENAP
    candidates = candidate_curps(person)
    assert person.curp in candidates and len(candidates) > 600
    outputs = public_outputs(client, issued)
    identity_hash = json.loads(outputs["credential"])["credentialSubject"]["identifier"][0][
        "identityHash"]
    public_strings = {"", issued.folio, issued.folio.replace("-", ""), issued.qr_token,
                      issued.facts.standard_code}
    for curp in candidates:
        for name, text in outputs.items():
            assert curp not in text, (name, curp)
            assert curp[4:10] not in text.replace(person.birth_date.strftime("%Y"), ""), name
        for salt in public_strings:
            guess = "sha256$" + hashlib.sha256((curp + salt).encode()).hexdigest()
            assert guess != identity_hash


def test_the_masked_identity_shows_no_more_than_a_third_and_never_the_birth_date(client,
                                                                                issued):
    curp = issued.holder.curp
    page = client.get(f"/verificar/{issued.folio}/").text
    masked = curp[:4] + "•" * 12 + curp[-2:]
    assert masked in page
    assert sum(c != "•" for c in masked) <= len(curp) // 3


def test_the_public_registry_answers_an_opted_out_holders_curp_as_any_other(client, issued):
    import re

    def answer(curp):
        text = client.post("/verificar/persona/", {"curp": curp}).text.replace(curp, "X")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    real = issued.holder.curp
    other = next(c for c in sorted(candidate_curps(issued.holder)) if c != real)
    assert answer(real) == answer(other)
