import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from certification.issuance.services import certificates, requests
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def issued(submitted_request, reviewer, django_capture_on_commit_callbacks):
    """An issued certificate with its signed PDF stored (the task ran after commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    certificate.refresh_from_db()
    return certificate


def test_the_api_returns_the_json_contract(client, issued):
    data = client.get(f"/api/v1/verify/{issued.folio.lower().replace('-', '')}/").json()
    for field in ["folio", "status", "holder_name", "standard_code", "standard_title",
                  "level", "awarding_body", "issued_on", "revoked_on", "pdf_sha256"]:
        assert field in data, field
    assert data["folio"] == issued.folio
    assert data["status"] == "valid" and data["revoked_on"] is None
    assert data["holder_name"] == "Begoña Núñez Peña"
    assert data["level"] == 3
    assert data["accreditation"]["folio"] == issued.facts.accreditation_folio
    assert data["standard_url"].endswith(f"/estandares/{issued.facts.standard_code}/")


def test_the_api_gives_the_revocation_date_and_reason(client, issued, body_admin):
    certificates.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                      status="revoked", reason="Evidencia falsa.")
    data = client.get(f"/api/v1/verify/{issued.folio}/").json()
    assert data["status"] == "revoked" and data["revoked_on"]
    assert data["status_reason"] == "Evidencia falsa."


def test_the_api_answers_404_in_json_for_unknown_and_mistyped_folios(client, issued):
    unknown = client.get("/api/v1/verify/D-0000000001/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    typo = issued.folio[:-1] + ("2" if issued.folio[-1] != "2" else "3")
    mistyped = client.get(f"/api/v1/verify/{typo}/")
    assert mistyped.status_code == 404 and mistyped.json()["code"] == "mistyped"


def test_the_verify_endpoint_is_in_the_openapi_schema(client):
    import json

    paths = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)["paths"]
    assert "/api/v1/verify/{folio}/" in paths


def scan(client, certificate_or_token):
    token = getattr(certificate_or_token, "qr_token", certificate_or_token)
    return client.get(f"/Q/{token}")


def test_scanning_a_genuine_qr_leads_with_the_paper_matching_the_record(client, issued):
    response = scan(client, issued)
    assert response.status_code == 200
    text = response.text
    assert "El documento impreso coincide con el registro" in text
    assert text.index("coincide con el registro") < text.index("Certificado vigente")
    assert "Begoña Núñez Peña" in text


def test_scanning_an_altered_qr_says_so_first_and_shows_no_green_valid(client, issued):
    import base64

    import cbor2

    raw = base64.b32decode(issued.qr_token + "=" * (-len(issued.qr_token) % 8))
    message = cbor2.loads(raw)
    protected, unprotected, payload, signature = message.value
    claims = cbor2.loads(payload)
    claims[2] = "Otra Persona"
    forged = base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, [
        protected, unprotected, cbor2.dumps(claims), signature]))).decode().rstrip("=")
    text = scan(client, forged).text
    assert "El documento impreso NO coincide con el registro: ha sido alterado" in text
    assert 'class="status-valid"' not in text


def test_a_qr_signed_with_a_key_the_registry_does_not_publish_is_called_altered(client,
                                                                               issued):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certification.trust import qr, signing

    rogue = signing.SigningKey(kid="otro", private=Ed25519PrivateKey.generate())
    text = scan(client, qr.sign(issued.facts, rogue)).text
    assert "ha sido alterado" in text and "Begoña" not in text


@pytest.mark.parametrize("token", ["AAAA", "W10", "2KCE" * 200, "Z" * 5000])
def test_scanning_garbage_is_answered_never_a_server_error(client, token):
    response = scan(client, token)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "ha sido alterado" in response.text


def test_earlier_qr_codes_still_match_after_renaming_bodies_and_moving_the_server(
        client, issued, settings):
    body, centre, standard = (issued.awarding_body, issued.centre, issued.standard)
    body.name, centre.name, standard.title = "Nuevo nombre", "Nuevo centro", "Nuevo título"
    for row in (body, centre, standard):
        row.save()
    settings.SITE_URL = "http://127.0.0.1:8101"
    text = scan(client, issued).text
    assert "El documento impreso coincide con el registro" in text
    assert "CONALEP Toluca" in text and "Nuevo centro" not in text


def test_the_page_names_the_accreditation_of_the_awarding_body_and_when_it_was_checked(
        client, issued):
    text = client.get(f"/verificar/{issued.folio}/").text
    assert issued.facts.accreditation_folio
    assert f"cédula {issued.facts.accreditation_folio}" in text
    assert "Verificado contra el registro el" in text
    assert f'href="/estandares/{issued.facts.standard_code}/"' in text


def test_normalizing_the_folio_redirects_to_its_page(client, issued):
    response = client.get(f"/verificar/{issued.folio.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/verificar/{issued.folio}/"


def test_the_pdf_is_public_only_when_the_holder_joined_renap(client, issued):
    issued.refresh_from_db()
    assert issued.pdf_sha256
    assert client.get(f"/verificar/{issued.folio}/pdf/").status_code == 404
    issued.holder.public_registry_opt_in = True
    issued.holder.save()
    response = client.get(f"/verificar/{issued.folio}/pdf/")
    assert response.status_code == 200


def test_a_stored_pdf_is_recognised_as_authentic(client, issued):
    issued.refresh_from_db()
    content = issued.pdf.read()
    response = client.post("/verificar/documento/", {
        "document": SimpleUploadedFile("c.pdf", content, content_type="application/pdf")})
    assert "Documento auténtico del registro" in response.text
    assert issued.folio in response.text


def test_a_modified_pdf_is_reported_as_modified(client, issued):
    issued.refresh_from_db()
    content = bytearray(issued.pdf.read())
    middle = len(content) // 3
    content[middle] = (content[middle] + 1) % 256
    response = client.post("/verificar/documento/", {
        "document": SimpleUploadedFile("c.pdf", bytes(content))})
    assert response.status_code == 200
    assert issued.folio not in response.text
    assert "No es un documento auténtico del registro" in response.text
    assert "modificado después de firmarse" in response.text


def test_a_file_that_is_not_a_pdf_gets_a_clear_message(client):
    response = client.post("/verificar/documento/", {
        "document": SimpleUploadedFile("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50)})
    assert response.status_code == 400
    assert "no es un PDF" in response.text


def test_a_too_big_upload_gets_a_clear_message(client, settings):
    settings.DOCUMENT_CHECK_MAX_BYTES = 1000
    response = client.post("/verificar/documento/", {
        "document": SimpleUploadedFile("c.pdf", b"%PDF-" + b"0" * 5000)})
    assert response.status_code == 400
    assert "MB" in response.text


def test_holder_lookup_lists_valid_certificates_of_renap_members(client, issued):
    curp = issued.holder.curp
    assert issued.folio not in client.post("/verificar/persona/", {"curp": curp}).text
    issued.holder.public_registry_opt_in = True
    issued.holder.save()
    assert issued.folio in client.post("/verificar/persona/", {"curp": curp.lower()}).text


def test_holder_lookup_explains_a_bad_curp(client):
    response = client.post("/verificar/persona/", {"curp": "XXXX"})
    assert response.status_code == 400
    assert "18 caracteres" in response.text


def test_verification_is_rate_limited_with_a_clear_message(client, settings, issued):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": "3/min"}}
    statuses = [client.get(f"/verificar/{issued.folio}/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(f"/verificar/{issued.folio}/")
    assert "Demasiadas solicitudes" in response.text
    assert int(response["Retry-After"]) > 0
    with translation.override("en"):
        english = client.get(f"/verificar/{issued.folio}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many requests" in english.text
    assert client.get(f"/api/v1/verify/{issued.folio}/").status_code == 429


def test_rate_limits_count_each_client_separately(client, settings, issued):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": "1/min"}}
    assert client.get(f"/verificar/{issued.folio}/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(f"/verificar/{issued.folio}/", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(f"/verificar/{issued.folio}/", REMOTE_ADDR="10.0.0.1").status_code == 429


def test_every_status_reads_plainly(client):
    for status, words in [("valid", "Certificado vigente"), ("revoked", "Certificado revocado"),
                          ("cancelled", "Certificado cancelado")]:
        certificate = CertificateFactory(status=status, status_reason="" if status == "valid"
                                         else "Motivo.")
        assert words in client.get(f"/verificar/{certificate.folio}/").text
