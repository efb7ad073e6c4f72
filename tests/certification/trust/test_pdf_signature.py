import io
import re
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from certification.issuance.pdf import render_certificate_pdf
from certification.trust import pdfsign
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

VALID = "Signature Validation: Signature is Valid."


@pytest.fixture
def unsigned():
    return render_certificate_pdf(CertificateFactory())


@pytest.fixture
def signed(unsigned):
    return pdfsign.sign_pdf(unsigned)


@pytest.fixture
def pdfsig(tmp_path):
    """Run poppler's `pdfsig` on PDF bytes; its report as text."""
    executable = shutil.which("pdfsig")
    if executable is None:
        pytest.skip("poppler's pdfsig is not installed")

    def run(content: bytes) -> str:
        path = tmp_path / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run([executable, str(path)], capture_output=True, text=True,
                                timeout=60, check=False)
        return result.stdout + result.stderr

    return run


def byte_range(content: bytes) -> list[int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", content)
    assert match, "no /ByteRange in the signed PDF"
    return [int(number) for number in match.groups()]


def signer_certificate_der(content: bytes) -> bytes:
    reader = PdfFileReader(io.BytesIO(content))
    return reader.embedded_signatures[-1].signer_cert.dump()


def certificate_der(path) -> bytes:
    return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(
        serialization.Encoding.DER)


def test_a_signed_certificate_pdf_passes_pdfsig(signed, pdfsig):
    report = pdfsig(signed)
    assert VALID in report
    assert "Signature Field Name: FirmaCONOCER" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Total document signed" in report


def test_the_signature_covers_the_whole_file_with_a_gap_only_for_itself(signed):
    start, first_length, second_start, second_length = byte_range(signed)
    assert start == 0
    assert second_start + second_length == len(signed)
    gap = signed[first_length:second_start]
    assert gap.startswith(b"<") and gap.endswith(b">")


def test_changing_one_signed_byte_makes_pdfsig_and_check_pdf_reject_the_file(
        unsigned, signed, pdfsig):
    position = len(unsigned) // 2  # in the middle of the original document's content
    _, first_length, _, _ = byte_range(signed)
    assert position < first_length  # inside the signed range, not in the /Contents hex
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    tampered = bytes(tampered)

    assert VALID not in pdfsig(tampered)
    check = pdfsign.check_pdf(tampered)
    assert not check.intact
    assert check.reason


def test_arbitrary_bytes_appended_after_signing_count_as_a_modification(signed):
    check = pdfsign.check_pdf(signed + b"\n% a line added later\n")
    assert not check.intact
    assert check.reason


def summary(check):
    return check.intact, check.by_registry, check.reason


def test_an_incremental_update_after_signing_counts_as_a_modification(signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/PageMode"] = NameObject("/UseOutlines")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    updated = output.getvalue()
    assert updated.startswith(signed) and len(updated) > len(signed)

    check = pdfsign.check_pdf(updated)
    assert not check.intact
    assert "after it was signed" in check.reason


def test_check_pdf_finds_the_registrys_own_signature_intact(signed):
    check = pdfsign.check_pdf(signed)
    assert (check.intact, check.by_registry, check.reason) == (True, True, "")
    assert check.title.startswith("Certificado de Competencia Laboral ")


def test_a_pdf_signed_with_another_certificate_is_intact_but_not_by_the_registry(
        unsigned, tmp_path):
    other = tmp_path / "other"
    assert pdfsign.ensure_development_certificate(other)
    signed_elsewhere = pdfsign.sign_pdf(
        unsigned, key_path=other / "pdf-signer.key.pem", cert_path=other / "pdf-signer.cert.pem",
        chain_paths=[other / "pdf-ca.cert.pem"])

    check = pdfsign.check_pdf(signed_elsewhere)
    assert check.intact
    assert not check.by_registry
    assert "not signed by the registry" in check.reason


def test_pdfs_signed_before_a_certificate_rotation_still_count_as_the_registrys(
        unsigned, keys_dir):
    before = pdfsign.sign_pdf(unsigned)
    (keys_dir / "pdf-signer.cert.pem").rename(keys_dir / "pdf-signer-2025.cert.pem")
    (keys_dir / "pdf-signer.key.pem").rename(keys_dir / "pdf-signer-2025.key.pem")
    assert pdfsign.ensure_development_certificate(keys_dir)

    after = pdfsign.sign_pdf(unsigned)
    assert signer_certificate_der(after) == certificate_der(keys_dir / "pdf-signer.cert.pem")
    assert signer_certificate_der(before) != signer_certificate_der(after)
    assert summary(pdfsign.check_pdf(before)) == (True, True, "")
    assert summary(pdfsign.check_pdf(after)) == (True, True, "")

    (keys_dir / "pdf-signer-2025.cert.pem").unlink()
    assert pdfsign.check_pdf(before) == pdfsign.PdfCheck(
        True, False, "The PDF was not signed by the registry.")


def test_the_signing_settings_take_precedence_over_the_keys_directory(
        unsigned, tmp_path, settings):
    production = tmp_path / "production"
    pdfsign.ensure_development_certificate(production)
    settings.PDF_SIGNING_KEY = str(production / "pdf-signer.key.pem")
    settings.PDF_SIGNING_CERT = str(production / "pdf-signer.cert.pem")
    settings.PDF_SIGNING_CHAIN = str(production / "pdf-ca.cert.pem")

    signed = pdfsign.sign_pdf(unsigned)
    assert signer_certificate_der(signed) == certificate_der(production / "pdf-signer.cert.pem")
    assert summary(pdfsign.check_pdf(signed)) == (True, True, "")


def test_an_unsigned_pdf_is_not_intact(unsigned):
    check = pdfsign.check_pdf(unsigned)
    assert check == pdfsign.PdfCheck(False, False, "The PDF has no digital signature.")


@pytest.mark.parametrize("content", [
    b"hello",
    b"",
    b"%PDF-1.7\n" + bytes(range(256)) * 4,
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
])
def test_garbage_is_not_intact_and_raises_nothing(content):
    check = pdfsign.check_pdf(content)
    assert not check.intact
    assert not check.by_registry
    assert check.reason


def test_a_truncated_signed_pdf_is_not_intact(signed):
    for length in (len(signed) // 2, len(signed) - 10):
        check = pdfsign.check_pdf(signed[:length])
        assert not check.intact
        assert check.reason


def test_ensure_development_certificate_creates_the_files_once(tmp_path):
    directory = tmp_path / "keys"
    assert pdfsign.ensure_development_certificate(directory) is True
    names = ["pdf-signer.key.pem", "pdf-signer.cert.pem", "pdf-ca.cert.pem"]
    contents = {name: (directory / name).read_bytes() for name in names}
    assert (directory / "pdf-signer.key.pem").stat().st_mode & 0o777 == 0o600

    assert pdfsign.ensure_development_certificate(directory) is False
    assert {name: (directory / name).read_bytes() for name in names} == contents


def test_the_development_signer_is_issued_by_the_development_authority(tmp_path):
    pdfsign.ensure_development_certificate(tmp_path)
    ca = x509.load_pem_x509_certificate((tmp_path / "pdf-ca.cert.pem").read_bytes())
    signer = x509.load_pem_x509_certificate((tmp_path / "pdf-signer.cert.pem").read_bytes())

    signer.verify_directly_issued_by(ca)
    assert "DESARROLLO" in ca.subject.rfc4514_string()
    subject = signer.subject
    assert subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == (
        "CONOCER — Firma de certificados (desarrollo)")
    assert subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)[0].value == "MX"
    usage = signer.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert signer.public_key().key_size == 2048
    lifetime = signer.not_valid_after_utc - signer.not_valid_before_utc
    assert 5 * 365 <= lifetime.days <= 5 * 366
