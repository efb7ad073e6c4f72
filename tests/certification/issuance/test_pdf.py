import base64
import io
import re
import shutil
import subprocess
import urllib.parse

import pypdf
import pytest
from django.utils import translation

from certification.issuance import pdf
from certification.issuance.models import Certificate
from certification.issuance.pdf import (
    qr_svg_data_uri,
    render_certificate_pdf,
    render_certificate_pdf_naive,
)
from tests.certification.verification.certificates import (
    qualification_certificate,
    recognised_certificate,
)
from tests.factories import CertificateFactory, PersonFactory

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (841.89, 595.28)


def pdf_text(document: bytes) -> str:
    """The PDF's text with runs of white space (line breaks too) folded to one space."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def loaded(certificate):
    """The certificate as the PDF task loads it: the row alone."""
    return Certificate.objects.get(pk=certificate.pk)


def test_the_pdf_names_the_holder_the_standard_the_folio_and_the_sep():
    certificate = CertificateFactory()
    text = pdf_text(render_certificate_pdf(certificate))
    assert certificate.holder.full_name in text
    assert certificate.standard.code in text
    assert certificate.standard.title in text
    assert f"Nivel {certificate.standard.level}" in text
    assert certificate.folio in text
    assert "Secretaría de Educación Pública" in text
    assert "Certificado de Competencia Laboral" in text
    assert f"CURP: {certificate.holder.curp}" in text
    assert certificate.awarding_body.name in text
    assert certificate.centre.name in text


def test_a_name_with_accents_and_enye_is_written_correctly():
    holder = PersonFactory(given_names="Begoña", first_surname="Núñez",
                              second_surname="Ibáñez")
    text = pdf_text(render_certificate_pdf(CertificateFactory(holder=holder)))
    assert "Begoña Núñez Ibáñez" in text


def test_the_pdf_prints_the_facts_frozen_at_issuance_not_the_rows_as_they_are_now():
    certificate = CertificateFactory(centre__name="CONALEP Toluca",
                                     holder__given_names="Begoña")
    certificate.centre.name = "CONALEP Plantel Toluca II"
    certificate.centre.save()
    certificate.holder.given_names = "Begonia"
    certificate.holder.save()
    text = pdf_text(render_certificate_pdf(loaded(certificate)))
    assert "CONALEP Toluca" in text and "Toluca II" not in text
    assert "Begoña" in text and "Begonia" not in text


def test_the_certificate_is_one_a4_landscape_page():
    reader = pypdf.PdfReader(io.BytesIO(render_certificate_pdf(CertificateFactory())))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_LANDSCAPE[0], abs=1)
    assert float(box.height) == pytest.approx(A4_LANDSCAPE[1], abs=1)


def test_a_very_long_name_title_and_awarding_body_still_fit_on_one_page():
    holder = PersonFactory(given_names="María de los Ángeles Guadalupe Concepción",
                              first_surname="Hernández-Villaseñor",
                              second_surname="Xolalpa de la Peña")
    certificate = CertificateFactory(
        holder=holder,
        standard__title=("Prestación de servicios de evaluación de la competencia de "
                         "candidatos con base en estándares de competencia, " * 4)[:400],
        centre__awarding_body__name=(
            "Universidad Tecnológica de la Zona Metropolitana del Valle de México, Organismo "
            "Público Descentralizado del Gobierno del Estado de México"),
        replaces=CertificateFactory(holder=holder, status="replaced"),
    )
    reader = pypdf.PdfReader(io.BytesIO(render_certificate_pdf(loaded(certificate))))
    assert len(reader.pages) == 1


@pytest.mark.parametrize("kind", ["long name", "qualification", "recognition"])
@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_zbar_reads_the_signed_qr_code_from_a_rendering_of_the_pdf(settings, tmp_path, dpi,
                                                                   kind):
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    if pdftoppm is None or zbarimg is None:
        pytest.skip("needs pdftoppm (poppler-utils) and zbarimg (zbar-tools)")
    settings.REGISTRY_ISSUER_URL = "https://registro.conocer.gob.mx"
    if kind == "qualification":
        certificate = qualification_certificate(units=8)
    elif kind == "recognition":
        certificate = recognised_certificate()
    else:
        certificate = CertificateFactory(
            holder__given_names="María de los Ángeles Guadalupe",
            holder__first_surname="Hernández-Villaseñor", holder__second_surname="Xolalpa")
    (tmp_path / "certificate.pdf").write_bytes(render_certificate_pdf(certificate))
    subprocess.run([pdftoppm, "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
                    tmp_path / "certificate.pdf", tmp_path / "page"], check=True)
    decoded = subprocess.run([zbarimg, "--raw", "-q", tmp_path / "page.png"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert decoded == certificate.qr_text
    assert decoded.startswith("HTTPS://REGISTRO.CONOCER.GOB.MX/Q/")


def test_the_qr_code_stays_within_version_10_at_error_correction_m():
    from certification.trust import qr

    long = CertificateFactory(holder__given_names="María de los Ángeles Guadalupe Concepción",
                              holder__first_surname="Hernández-Villaseñor",
                              holder__second_surname="Xolalpa de la Peña")
    assert qr.version_of(long.qr_text) <= 10
    assert qr.version_of(CertificateFactory().qr_text) <= 10


def test_the_verification_url_is_printed_under_the_qr_code(settings):
    settings.REGISTRY_ISSUER_URL = "https://certificacion.conocer.gob.mx"
    certificate = CertificateFactory()
    text = pdf_text(render_certificate_pdf(certificate))
    assert "Verifique la autenticidad de este certificado en" in text
    # The URL may wrap after a slash; pypdf then puts a space there.
    assert certificate.facts.verification_url in text.replace("/ ", "/")


def test_a_foreign_holder_is_identified_by_their_document():
    holder = PersonFactory(curp="", id_document_type="passport",
                              id_document_number="G41873920", id_document_country="GT",
                              nationality="GT")
    text = pdf_text(render_certificate_pdf(CertificateFactory(holder=holder)))
    assert "G41873920" in text
    assert "Pasaporte G41873920 (GT)" in text
    assert "CURP" not in text


def test_the_pdf_prints_the_same_words_whatever_the_active_language():
    holder = PersonFactory(curp="", id_document_type="passport",
                              id_document_number="G41873920", id_document_country="GT")
    certificate = loaded(CertificateFactory(holder=holder))
    with translation.override("en"):
        in_english = pdf_text(render_certificate_pdf(certificate))
        assert translation.get_language() == "en"
    with translation.override("es"):
        in_spanish = pdf_text(render_certificate_pdf(certificate))
    assert in_english == in_spanish
    assert "Fecha de emisión: 4 de mayo de 2026" in in_english
    assert "Documento de identidad: Pasaporte G41873920 (GT)" in in_english
    assert "Identity document: Passport G41873920 (GT)" in in_english


def test_english_is_printed_beneath_each_spanish_line():
    certificate = loaded(CertificateFactory(standard__level=2))
    text = pdf_text(render_certificate_pdf(certificate))
    for spanish, english in [
            ("Certificado de Competencia Laboral", "Certificate of Work Competence"),
            ("Otorga el presente certificado a", "This certificate is awarded to"),
            ("por haber demostrado su competencia en el Estándar de Competencia",
             "for having demonstrated competence in the Competence Standard"),
            ("Entidad de Certificación y Evaluación", "Certification and assessment body"),
            ("Centro de Evaluación", "Assessment centre"),
            ("Fecha de emisión: 4 de mayo de 2026", "Date of issue: 2026-05-04"),
            ("Con el aval de la Secretaría de Educación Pública",
             "Endorsed by Mexico's Ministry of Public Education"),
            ("Verifique la autenticidad de este certificado en", "Verify this certificate at"),
            ("Clave de identidad de la credencial digital:",
             "Identity key of the digital credential:")]:
        assert spanish in text
        assert english in text
        assert text.index(spanish) < text.index(english), spanish
    assert "Nivel 2 / Level 2" in text


def test_the_validity_is_printed_as_a_spanish_date_and_an_iso_date():
    certificate = loaded(CertificateFactory(standard__certificate_validity_years=3))
    text = pdf_text(render_certificate_pdf(certificate))
    assert "Vigente hasta: 3 de mayo de 2029" in text
    assert "Valid until: 2029-05-03" in text


def test_a_qualification_certificate_names_the_qualification_and_lists_its_units():
    certificate = qualification_certificate(units=3)
    text = pdf_text(render_certificate_pdf(certificate))
    assert "por haber demostrado su competencia en todas las unidades de la Cualificación" in text
    assert "for having demonstrated competence in every unit of the Qualification" in text
    assert "Estándar de Competencia Competence standard" in text  # the units' heading
    assert "en el Estándar de Competencia" not in text
    assert certificate.facts.standard_title in text
    for unit in certificate.facts.units:
        assert f"{unit['standard_code']} {unit['standard_title']} {unit['folio']}" in text
    assert "más, listadas" not in text


def test_a_qualification_of_eight_units_lists_them_all_on_its_one_page():
    certificate = qualification_certificate(units=8)
    document = render_certificate_pdf(certificate)
    text = pdf_text(document)
    assert all(unit["folio"] in text for unit in certificate.facts.units)
    assert "más, listadas" not in text
    assert len(pypdf.PdfReader(io.BytesIO(document)).pages) == 1


def test_a_qualification_of_more_units_lists_seven_and_how_many_more():
    certificate = qualification_certificate(units=11)
    text = pdf_text(render_certificate_pdf(certificate))
    units = certificate.facts.units
    assert all(unit["folio"] in text for unit in units[:7])
    assert not any(unit["folio"] in text for unit in units[7:])
    assert "y 4 más, listadas en la dirección de verificación" in text
    assert "and 4 more, listed at the verification address" in text


def test_beside_a_long_name_a_qualification_lists_five_units_and_how_many_more():
    holder = PersonFactory(given_names="María de los Ángeles Guadalupe Concepción",
                           first_surname="Hernández-Villaseñor",
                           second_surname="Xolalpa de la Peña")
    certificate = qualification_certificate(units=8, holder=holder)
    text = pdf_text(render_certificate_pdf(certificate))
    assert sum(unit["folio"] in text for unit in certificate.facts.units) == 5
    assert "y 3 más, listadas en la dirección de verificación" in text


def test_a_certificate_issued_by_recognition_names_the_foreign_certificate():
    text = pdf_text(render_certificate_pdf(recognised_certificate()))
    assert ("Expedido por reconocimiento del certificado 123456 de ChileValora (Chile)"
            in text)
    assert "Issued by recognition of ChileValora certificate 123456 (Chile)" in text
    assert "REC-2026" not in text  # the request's reference is the applicant's own


def test_a_recognised_country_the_table_does_not_name_is_printed_as_its_code():
    certificate = recognised_certificate(recognition={
        "system": "TVET Authority", "country": "KE", "code": "A-77", "issued_on": "2024-02-01",
        "reference": "REC-2026-0000-0000"})
    text = pdf_text(render_certificate_pdf(certificate))
    assert "Issued by recognition of TVET Authority certificate A-77 (KE)" in text


def test_a_certificate_not_issued_by_recognition_says_nothing_of_it():
    text = pdf_text(render_certificate_pdf(loaded(CertificateFactory())))
    assert "reconocimiento" not in text and "recognition" not in text


def test_a_replacement_certificate_names_the_folio_it_replaces():
    original = CertificateFactory(status="replaced")
    replacement = CertificateFactory(holder=original.holder, standard=original.standard,
                                     replaces=original)
    text = pdf_text(render_certificate_pdf(loaded(replacement)))
    assert f"Sustituye al certificado con folio {original.folio}" in text
    assert "Sustituye" not in pdf_text(render_certificate_pdf(loaded(original)))


def test_a_certificate_without_a_centre_leaves_the_centre_line_out():
    certificate = CertificateFactory(centre=None)
    text = pdf_text(render_certificate_pdf(loaded(certificate)))
    assert "Centro de Evaluación" not in text
    assert "Entidad de Certificación y Evaluación" in text


def test_rendering_a_loaded_certificate_runs_no_query(django_assert_num_queries):
    original = CertificateFactory(status="replaced")
    certificate = loaded(CertificateFactory(holder=original.holder, replaces=original))
    with django_assert_num_queries(0):
        render_certificate_pdf(certificate)
    certificate.refresh_from_db()
    assert not certificate.pdf
    assert certificate.pdf_generated_at is None


def test_the_qr_code_is_an_svg_data_uri():
    uri = qr_svg_data_uri("https://certificacion.conocer.gob.mx/verificar/7M6E-TZWF-057N/")
    assert uri.startswith("data:image/svg+xml")
    payload = uri.split(",", 1)[1]
    svg = (base64.b64decode(payload).decode() if ";base64" in uri.split(",", 1)[0]
           else urllib.parse.unquote(payload))
    assert "<svg" in svg


# The two renderers -----------------------------------------------------------------------
# render_certificate_pdf (above, what the worker stores) draws the page in two layers;
# render_certificate_pdf_naive lays out the whole page at once. They must print the same.

def layout_text(document: bytes, tmp_path) -> list[str]:
    """The page's text as poppler lays it out, line by line, each line's words with single
    spaces (a line may start one column further for a fraction of a point)."""
    (tmp_path / "page.pdf").write_bytes(document)
    text = subprocess.run([shutil.which("pdftotext"), "-layout", tmp_path / "page.pdf", "-"],
                          capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.mark.parametrize("kind", ["plain", "long", "foreign", "replacement", "valid_until",
                                  "qualification", "many_units", "long_qualification",
                                  "recognition"])
def test_the_layered_pdf_prints_the_naive_pdfs_text_line_for_line(tmp_path, kind):
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    if kind == "long":
        certificate = CertificateFactory(
            holder__given_names="María de los Ángeles Guadalupe Concepción",
            holder__first_surname="Hernández-Villaseñor",
            holder__second_surname="Xolalpa de la Peña",
            standard__title=("Prestación de servicios de evaluación de la competencia de "
                             "candidatos con base en estándares de competencia, " * 3)[:300])
    elif kind == "foreign":
        certificate = CertificateFactory(holder=PersonFactory(
            curp="", id_document_type="passport", id_document_number="G41873920",
            id_document_country="GT", nationality="GT"), centre=None)
    elif kind == "replacement":
        original = CertificateFactory(status="replaced")
        certificate = CertificateFactory(holder=original.holder, replaces=original)
    elif kind == "valid_until":
        certificate = CertificateFactory(standard__certificate_validity_years=3)
        assert certificate.facts.valid_until
    elif kind == "qualification":
        certificate = qualification_certificate(units=8)
    elif kind == "many_units":
        certificate = qualification_certificate(units=12)
    elif kind == "long_qualification":
        certificate = qualification_certificate(
            units=8, holder=PersonFactory(given_names="María de los Ángeles Guadalupe",
                                          first_surname="Hernández-Villaseñor",
                                          second_surname="Xolalpa de la Peña"),
            title="Servicios de alimentos y bebidas en establecimientos turísticos " * 3)
    elif kind == "recognition":
        certificate = recognised_certificate(standard=CertificateFactory().standard)
    else:
        certificate = CertificateFactory()
    certificate = loaded(certificate)
    layered = layout_text(render_certificate_pdf(certificate), tmp_path)
    naive = layout_text(render_certificate_pdf_naive(certificate), tmp_path)
    assert certificate.folio in " ".join(layered)
    assert layered == naive


def endorsement_top(document: bytes, tmp_path) -> float:
    """Where the footer's endorsement ("Con el aval de …") starts, in points from the top
    of the page, as poppler's pdftotext -bbox reads it."""
    (tmp_path / "words.pdf").write_bytes(document)
    html = subprocess.run([shutil.which("pdftotext"), "-bbox", tmp_path / "words.pdf", "-"],
                          capture_output=True, text=True, check=True).stdout
    return float(re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>Con</word>', html)[1])


@pytest.mark.parametrize("kind", ["long", "long_qualification", "many_units", "recognition"])
def test_the_award_fits_its_row_so_the_footer_stays_in_place(tmp_path, kind):
    """The naive layout's award row grows with what does not fit it, pushing the footer
    down (towards the frame) and the layered award into the heading and the footer."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    long_name = {"given_names": "María de los Ángeles Guadalupe Concepción",
                 "first_surname": "Hernández-Villaseñor", "second_surname": "Xolalpa de la Peña"}
    if kind == "long":
        original = CertificateFactory(status="replaced")
        certificate = CertificateFactory(
            holder=PersonFactory(**long_name), replaces=original,
            standard__certificate_validity_years=3,
            standard__title=("Prestación de servicios de evaluación de la competencia de "
                             "candidatos con base en estándares de competencia, " * 4)[:400],
            centre__awarding_body__name=(
                "Universidad Tecnológica de la Zona Metropolitana del Valle de México, "
                "Organismo Público Descentralizado del Gobierno del Estado de México"))
    elif kind == "long_qualification":
        certificate = qualification_certificate(
            units=8, holder=PersonFactory(**long_name),
            title="Servicios de alimentos y bebidas en establecimientos turísticos " * 3)
    elif kind == "many_units":
        certificate = qualification_certificate(units=12)
    else:
        certificate = recognised_certificate(holder=PersonFactory(**long_name))
    plain = endorsement_top(render_certificate_pdf_naive(loaded(CertificateFactory())),
                            tmp_path)
    assert endorsement_top(render_certificate_pdf_naive(loaded(certificate)),
                           tmp_path) == pytest.approx(plain, abs=0.1)


def test_the_layered_pdf_draws_the_same_qr_modules_as_the_naive_svg():
    import segno

    from certification.trust import qr

    certificate = CertificateFactory()
    assert qr.modules(certificate.qr_text) == tuple(
        bytes(row) for row in segno.make(certificate.qr_text, error="m",
                                         boost_error=False).matrix)


def test_the_background_is_laid_out_once_for_many_certificates():
    pdf._background.cache_clear()
    for certificate in CertificateFactory.create_batch(3):
        render_certificate_pdf(certificate)
    assert pdf._background.cache_info().misses == 1
    assert pdf._background.cache_info().hits == 2


def test_a_changed_background_template_is_laid_out_again(settings, tmp_path):
    # A copy of the background template with one word changed, found first.
    folder = tmp_path / "certification" / "issuance" / "pdf"
    folder.mkdir(parents=True)
    original = (pdf_templates() / "background.html").read_text()
    (folder / "background.html").write_text(original.replace("Aval</p>", "Aval SEP</p>"))
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    text = pdf_text(render_certificate_pdf(CertificateFactory()))
    assert "Secretaría de Educación Pública — Aval SEP" in text


def pdf_templates():
    from pathlib import Path

    return Path(pdf.__file__).resolve().parents[2] / "templates/certification/issuance/pdf"


def test_the_stored_pdf_is_the_layered_one(issued_certificate_pdf):
    reader = pypdf.PdfReader(io.BytesIO(issued_certificate_pdf))
    x_objects = reader.pages[0]["/Resources"]["/XObject"]
    assert "/Background" in x_objects
    assert x_objects["/Background"]["/Subtype"] == "/Form"


@pytest.fixture
def issued_certificate_pdf():
    from certification.issuance.services.pdfs import store_certificate_pdf

    certificate = store_certificate_pdf(certificate_id=CertificateFactory().pk)
    with certificate.pdf.open("rb") as stored:
        return stored.read()


@pytest.mark.parametrize("kind", ["qualification", "recognition"])
def test_a_signed_qualification_or_recognition_certificate_passes_pdfsig(tmp_path, kind):
    from certification.trust import pdfsign

    if shutil.which("pdfsig") is None:
        pytest.skip("needs poppler's pdfsig")
    certificate = (qualification_certificate(units=8) if kind == "qualification"
                   else recognised_certificate())
    (tmp_path / "signed.pdf").write_bytes(pdfsign.sign_pdf(render_certificate_pdf(certificate)))
    report = subprocess.run([shutil.which("pdfsig"), tmp_path / "signed.pdf"],
                            capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in report
