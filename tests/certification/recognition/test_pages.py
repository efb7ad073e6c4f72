"""The pages: the public route, applying without an account, tracking by reference and
birth date, CONOCER's decisions, the holder's space and the API."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from certification.recognition.models import RecognitionRequest
from certification.recognition.services import requests
from tests.certification.holders.conftest import sign_in_as

from .conftest import pdf


@pytest.fixture(autouse=True)
def fresh_limits(db):
    cache.clear()


def form_data(world, **overrides):
    return {"has_curp": "no", "id_document_type": "passport", "id_document_number": "F123456",
            "id_document_country": "HN", "nationality": "HN", "given_names": "Dilcia",
            "first_surname": "Maradiaga", "second_surname": "Zelaya", "birth_date": "1990-04-12",
            "email": "", "phone": "", "system": world.chilevalora.pk,
            "foreign_code": "CV-2023-99812", "foreign_issued_on": "2023-06-30",
            "equivalence": world.full.pk, "standard": "", "file": pdf(),
            "privacy_consent": "on", **overrides}


def track(client, reference, birth_date):
    return client.post(reverse("recognition:track"),
                       {"reference": reference, "birth_date": birth_date})


def test_the_route_page_lists_the_equivalences_in_force(client, world):
    response = client.get(reverse("recognition:route"))
    assert response.status_code == 200
    assert b"P-8520-2359-001" in response.content and b"230101" in response.content


def test_the_route_page_filters_by_country(client, world):
    response = client.get(reverse("recognition:route"), {"pais": "CO"})
    assert b"230101" in response.content and b"P-8520-2359-001" not in response.content


def test_the_route_page_reads_in_english(client, world):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("recognition:route"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"You do not need a CURP" in response.content


def test_a_person_without_an_account_applies_and_sees_the_reference(client, world):
    response = client.post(reverse("recognition:apply"), form_data(world), follow=True)
    request = RecognitionRequest.objects.get()
    assert response.status_code == 200
    assert request.reference.encode() in response.content
    assert request.id_document_number == "F123456" and request.submitted_by is None


@pytest.mark.parametrize(("field", "value"), [
    ("birth_date", "1990-02-31"), ("foreign_issued_on", "ayer"), ("system", "999999"),
    ("equivalence", "x"), ("id_document_number", ""), ("nationality", "XX"),
    ("file", ""),
])
def test_bad_input_in_the_request_form_is_a_field_error(client, world, field, value):
    response = client.post(reverse("recognition:apply"), form_data(world, **{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not RecognitionRequest.objects.exists()


def test_an_invisible_control_character_is_refused_without_a_500(client, world):
    response = client.post(reverse("recognition:apply"),
                           form_data(world, given_names="Dil\x00cia"))
    assert response.status_code == 400
    assert not RecognitionRequest.objects.exists()


def test_a_bad_file_in_the_request_form_is_a_field_error(client, world):
    response = client.post(reverse("recognition:apply"),
                           form_data(world, file=pdf("cert.png", b"%PDF-1.4 no es png")))
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_the_right_reference_and_birth_date_show_the_status(client, world):
    request = world.submit()
    response = track(client, request.reference.lower().replace("-", " "), "1990-04-12")
    assert response.status_code == 200
    assert response.context["found"] == request


@pytest.mark.parametrize("reference, birth_date", [
    ("right", "1990-04-13"), ("REC-2026-ZZZZ-ZZZZ", "1990-04-12"), ("nada", "1990-04-12")])
def test_a_wrong_pair_and_an_unknown_reference_answer_the_same(client, world, reference,
                                                               birth_date):
    request = world.submit()
    reference = request.reference if reference == "right" else reference
    response = track(client, reference, birth_date)
    assert response.status_code == 404
    assert response.context["found"] is None
    assert b"Maradiaga" not in response.content and b"CV-2023" not in response.content


def test_tracking_is_rate_limited(client, world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "recognition_track": "3/min"}}
    answers = [track(client, "REC-2026-AAAA-AAAA", "1990-01-01").status_code
               for _ in range(4)]
    assert answers == [404, 404, 404, 429]


def test_a_recognised_request_shows_its_folio_to_verify(client, world):
    request = world.submit()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body)
    request.refresh_from_db()
    response = track(client, request.reference, "1990-04-12")
    assert f"/verificar/{request.certificate.folio}/".encode() in response.content


def test_the_decision_page_is_for_conocer_only(client, world):
    request = world.submit()
    client.force_login(world.assessor_user)
    assert client.get(reverse("recognition:detail", args=[request.pk])).status_code == 403
    assert client.get(reverse("recognition:file", args=[request.pk])).status_code == 403
    assert client.get(reverse("recognition:queue")).status_code == 403


def test_conocer_recognises_from_the_decision_page(client, world):
    request = world.submit()
    client.force_login(world.conocer)
    response = client.post(reverse("recognition:detail", args=[request.pk]), {
        "decision": "full", "awarding_body": world.body.pk, "fee_waived": "500",
        "fee_waiver_reason": "Programa de retorno"}, follow=True)
    request.refresh_from_db()
    assert response.status_code == 200 and request.status == "recognised"
    assert request.certificate.folio.encode() in response.content


def test_a_decision_with_missing_choices_is_a_field_error(client, world):
    request = world.submit(equivalence=world.partial)
    client.force_login(world.conocer)
    response = client.post(reverse("recognition:detail", args=[request.pk]),
                           {"decision": "partial", "assessor": ""})
    assert response.status_code == 400
    assert "assessor" in response.context["form"].errors


def test_conocer_downloads_the_foreign_certificate(client, world):
    request = world.submit()
    client.force_login(world.conocer)
    response = client.get(reverse("recognition:file", args=[request.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
        b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")


def test_conocer_registers_a_partial_equivalence_by_unit_codes(client, world):
    client.force_login(world.conocer)
    response = client.post(reverse("recognition:equivalence_new"), {
        "system": world.sena.pk, "foreign_code": "230102", "foreign_title": "Facilitador",
        "standard": world.standard.pk, "kind": "partial", "valid_from": "2026-01-01",
        "unit_codes": "E0875"})
    assert response.status_code == 302
    assert [u.code for u in world.sena.equivalences.get(
        foreign_code="230102").units_to_assess.all()] == ["E0875"]


def test_an_unknown_unit_code_is_a_field_error(client, world):
    client.force_login(world.conocer)
    response = client.post(reverse("recognition:equivalence_new"), {
        "system": world.sena.pk, "foreign_code": "230102", "foreign_title": "Facilitador",
        "standard": world.standard.pk, "kind": "partial", "valid_from": "2026-01-01",
        "unit_codes": "E9999"})
    assert response.status_code == 400
    assert "unit_codes" in response.context["form"].errors


def test_only_conocer_registers_systems(client, world):
    client.force_login(world.assessor_user)
    response = client.post(reverse("recognition:system_new"), {
        "name": "Instituto Nacional de Formación Técnico Profesional", "acronym": "INFOTEP",
        "country": "DO"})
    assert response.status_code == 403


def test_conocer_registers_a_system(client, world):
    client.force_login(world.conocer)
    client.post(reverse("recognition:system_new"), {
        "name": "Instituto Nacional de Formación Técnico Profesional", "acronym": "INFOTEP",
        "country": "DO", "active": "on"})
    assert world.sena.__class__.objects.filter(acronym="INFOTEP", country="DO").exists()


def test_the_holder_sees_their_requests_in_their_space(client, world):
    request = world.submit()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body)
    request.refresh_from_db()
    sign_in_as(client, request.person)
    response = client.get(reverse("holders:home"))
    assert request.reference.encode() in response.content


def test_the_api_lists_systems_and_equivalences(client, world):
    systems = client.get("/api/v1/recognition/systems/").json()
    equivalences = client.get("/api/v1/recognition/equivalences/", {"country": "CO"}).json()
    rows = equivalences["results"] if isinstance(equivalences, dict) else equivalences
    names = systems["results"] if isinstance(systems, dict) else systems
    assert {s["acronym"] for s in names} == {"ChileValora", "SENA"}
    assert [(e["foreign_code"], e["units_to_assess"]) for e in rows] == [("230101", ["E0876"])]


def test_a_bad_api_filter_is_a_field_error(client, world):
    response = client.get("/api/v1/recognition/equivalences/", {"country": "XX"})
    assert response.status_code == 400 and "country" in response.json()


def test_the_no_curp_path_ends_in_a_certificate_that_verifies(client, world):
    """A passport holder from Honduras applies, is recognised, and the folio verifies."""
    client.post(reverse("recognition:apply"), form_data(world))
    request = RecognitionRequest.objects.get()
    requests.recognise(actor=world.conocer, request_id=request.pk, awarding_body=world.body)
    request.refresh_from_db()
    folio = request.certificate.folio
    page = client.get(f"/verificar/{folio}/")
    assert page.status_code == 200 and folio.encode() in page.content
    assert request.certificate.facts.recognition["reference"] == request.reference
    assert request.certificate.facts.holder_id_country == "HN"
    assert track(client, request.reference, datetime.date(1990, 4, 12)).context[
        "found"].status == "recognised"
