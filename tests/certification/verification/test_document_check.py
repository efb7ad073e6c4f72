"""The document check (POST /verificar/documento/): an uploaded PDF is told authentic or
not, and whenever the certificate can be told, its status today is stated."""

import datetime
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone, translation
from pyhanko.pdf_utils.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    pdf_string,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from certification.issuance.models import Certificate
from certification.issuance.pdf import render_certificate_pdf
from certification.issuance.services import certificates, requests
from certification.trust import pdfsign
from certification.verification.documents import check_document
from conocer.core import clock
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")
# Late evening in Mexico City: already the next day in UTC.
LATE_EVENING = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=MEXICO)


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
    assert certificate.pdf_sha256
    return certificate


def stored_pdf(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as file:
        return file.read()


def upload(client, content: bytes) -> str:
    response = client.post("/verificar/documento/", {
        "document": SimpleUploadedFile("certificado.pdf", content,
                                       content_type="application/pdf")})
    assert response.status_code == 200
    return response.text


def check(content: bytes):
    with translation.override("es"):
        return check_document(io.BytesIO(content))


def local_date(moment) -> str:
    with translation.override("es"):
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def revoke(certificate, actor, reason="Evidencia falsificada", when=LATE_EVENING):
    with clock.travel_to(when):
        certificates.withdraw_certificate(actor=actor, certificate_id=certificate.pk,
                                          status="revoked", reason=reason)
    certificate.refresh_from_db()
    return certificate


def with_free_text_note(content: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = writer.add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/FreeText"),
        NameObject("/Rect"): ArrayObject([FloatObject(n) for n in (40, 40, 400, 90)]),
        NameObject("/Contents"): pdf_string("Nivel 5"),
        NameObject("/DA"): pdf_string("/Helv 18 Tf 0 g"),
    }))
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), note])
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def with_title(content: bytes, title: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()[NameObject("/Title")] = pdf_string(title)
    writer.mark_update(info_ref)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_the_stored_pdf_of_a_valid_certificate_is_authentic_and_valid(client, issued):
    outcome = check(stored_pdf(issued))
    assert outcome.authentic
    assert outcome.certificate == issued
    assert outcome.status == "El certificado está VIGENTE hoy."

    page = upload(client, stored_pdf(issued))
    assert "Documento auténtico del registro" in page
    assert "Es una copia auténtica del documento del registro para el folio" in page
    assert issued.folio in page
    assert "VIGENTE" in page


def test_the_stored_pdf_of_a_revoked_certificate_says_it_was_revoked_when_and_why(
        client, issued, body_admin):
    content = stored_pdf(issued)  # the copy the holder downloaded while it was valid
    revoked = revoke(issued, body_admin)

    outcome = check(content)
    assert outcome.authentic and outcome.certificate == revoked
    assert outcome.status == (
        f"El certificado fue REVOCADO el {local_date(revoked.status_changed_at)} por este "
        "motivo: Evidencia falsificada. Ya no es válido.")
    assert "10 de marzo de 2026" in outcome.status  # the day in Mexico, not in UTC

    page = upload(client, content)
    assert "Es una copia auténtica del documento" in page
    assert "REVOCADO" in page and "10 de marzo de 2026" in page
    assert "Evidencia falsificada" in page
    assert "VIGENTE" not in page
    assert 'class="notice info"' not in page  # not presented as a plain "authentic"


def test_the_stored_pdf_of_a_replaced_certificate_names_the_new_folio(
        client, issued, body_admin, django_capture_on_commit_callbacks):
    content = stored_pdf(issued)
    with clock.travel_to(LATE_EVENING), django_capture_on_commit_callbacks(execute=True):
        new = certificates.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                               reason="Nombre mal escrito")
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.REPLACED

    outcome = check(content)
    assert outcome.authentic and outcome.certificate == issued
    assert outcome.status == (
        f"El certificado fue SUSTITUIDO el 10 de marzo de 2026 por el folio {new.folio} "
        "(Nombre mal escrito); solo el nuevo está vigente.")

    page = upload(client, content)
    assert "SUSTITUIDO" in page and new.folio in page
    assert "VIGENTE hoy" not in page


@pytest.mark.parametrize("withdrawn", [False, True], ids=["valid", "revoked"])
def test_a_registry_signed_copy_that_is_not_on_file_is_told_by_its_title_with_its_status(
        client, issued, body_admin, withdrawn):
    resigned = pdfsign.sign_pdf(render_certificate_pdf(issued))
    assert resigned != stored_pdf(issued)
    if withdrawn:
        revoke(issued, body_admin, reason="Evaluación irregular.")

    outcome = check(resigned)
    assert outcome.authentic and outcome.certificate == issued
    assert "no es la que está en el archivo" in outcome.explanation
    if withdrawn:
        assert outcome.status.startswith("El certificado fue REVOCADO el 10 de marzo de 2026")
        assert "motivo: Evaluación irregular. Ya no es válido." in outcome.status
    else:
        assert outcome.status == "El certificado está VIGENTE hoy."

    page = upload(client, resigned)
    assert "La firma digital del registro en este PDF es válida" in page
    assert issued.folio in page
    assert ("REVOCADO" if withdrawn else "VIGENTE") in page


def test_a_pdf_with_an_appended_update_is_modified_and_states_no_status(client, issued):
    modified = with_free_text_note(stored_pdf(issued))

    outcome = check(modified)
    assert (outcome.authentic, outcome.certificate, outcome.status) == (False, None, "")
    assert "modificado después de firmarse" in outcome.explanation

    page = upload(client, modified)
    assert "No es un documento auténtico del registro" in page
    assert "modificado después de firmarse" in page
    assert "VIGENTE" not in page and "REVOCADO" not in page
    assert issued.folio not in page


def test_a_pdf_retitled_to_name_another_certificate_is_modified(client, issued):
    other = CertificateFactory()  # valid: a forger would like to borrow its status
    retitled = with_title(stored_pdf(issued),
                          f"Certificado de Competencia Laboral {other.folio}")

    outcome = check(retitled)
    assert (outcome.authentic, outcome.certificate, outcome.status) == (False, None, "")

    page = upload(client, retitled)
    assert "modificado después de firmarse" in page
    assert other.folio not in page and issued.folio not in page
    assert "VIGENTE" not in page
