import asyncio
import datetime
import io
import re
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import pem, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from pyhanko.pdf_utils.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    pdf_string,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import SignatureCoverageLevel, async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError

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


# DocMDP, timestamps and long-term validation ----------------------------------------------

NOT_WHOLE = "Not total document signed"  # pdfsig 22.12, for a signature followed by updates
WHOLE = "Total document signed"


def trusting(*certificates) -> ValidationContext:
    return ValidationContext(trust_roots=list(certificates), allow_fetching=False,
                             revocation_mode="soft-fail")


def development_ca():
    path = Path(settings.SIGNING_KEYS_DIR) / "pdf-ca.cert.pem"
    return asn1_x509.Certificate.load(certificate_der(path))


def pyhanko_status(content: bytes, context: ValidationContext):
    signature = PdfFileReader(io.BytesIO(content)).embedded_regular_signatures[0]
    return asyncio.run(async_validate_pdf_signature(signature, context))


def appended(content: bytes, change) -> bytes:
    """`content` with an incremental update made by `change(writer)` appended."""
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    updated = output.getvalue()
    assert updated.startswith(content) and len(updated) > len(content)
    return updated


def add_free_text_note(writer):
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = writer.add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/FreeText"),
        NameObject("/Rect"): ArrayObject([FloatObject(n) for n in (40, 40, 400, 90)]),
        NameObject("/Contents"): pdf_string("CERTIFICADO ANULADO"),
        NameObject("/DA"): pdf_string("/Helv 18 Tf 1 0 0 rg"),
    }))
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), note])
    writer.update_container(page)


def replace_page_contents(writer):
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    stroke = StreamObject(stream_data=b"q 1 0 0 RG 20 w 0 0 m 800 600 l S Q")
    page[NameObject("/Contents")] = writer.add_object(stroke)
    writer.update_container(page)


def retitle(title: str):
    def change(writer):
        info_ref = writer.trailer.raw_get("/Info")
        info_ref.get_object()[NameObject("/Title")] = pdf_string(title)
        writer.mark_update(info_ref)
    return change


CONTENT_CHANGES = pytest.mark.parametrize(
    "change", [add_free_text_note, replace_page_contents], ids=["annotation", "page-contents"])


def test_the_signature_is_a_certification_signature_that_allows_no_changes(signed):
    reader = PdfFileReader(io.BytesIO(signed))
    [signature] = reader.embedded_regular_signatures
    assert signature.field_name == pdfsign.FIELD_NAME
    assert signature.docmdp_level == MDPPerm.NO_CHANGES
    [reference] = signature.sig_object["/Reference"]
    assert reference["/TransformMethod"] == "/DocMDP"
    assert reference["/TransformParams"]["/P"] == 1
    # A certification (author) signature is the one the catalog's /Perms /DocMDP names.
    assert (reader.root["/Perms"].raw_get("/DocMDP").reference
            == signature.sig_field.raw_get("/V").reference)


@CONTENT_CHANGES
def test_pyhanko_reports_a_content_update_as_a_change_docmdp_forbids(signed, change):
    status = pyhanko_status(appended(signed, change), trusting(development_ca()))
    assert status.intact and status.valid  # the signed revision itself is untouched
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert status.modification_level == ModificationLevel.OTHER
    assert status.docmdp_ok is False
    assert "ILLEGAL_MODIFICATIONS" in status.summary()


@CONTENT_CHANGES
def test_check_pdf_reports_a_content_update_as_changed_after_signing(signed, change):
    check = pdfsign.check_pdf(appended(signed, change))
    assert check == pdfsign.PdfCheck(
        False, True, "The PDF was changed or added to after it was signed.")


@CONTENT_CHANGES
def test_pdfsig_says_the_signature_no_longer_covers_the_whole_document(signed, change, pdfsig):
    report = pdfsig(appended(signed, change))
    assert NOT_WHOLE in report
    assert WHOLE not in report
    assert VALID in report  # what it signed is intact: it is the rest that is not signed


def test_a_title_changed_after_signing_counts_as_a_change_though_pyhanko_allows_it(signed):
    changed = appended(signed, retitle("Certificado de Competencia Laboral D-0000000001"))
    # pyHanko's diff policy accepts any update of the /Info dictionary (DocInfoRule), at
    # the level of validation-data updates, even under DocMDP "no changes".
    status = pyhanko_status(changed, trusting(development_ca()))
    assert status.docmdp_ok is True
    assert status.modification_level == ModificationLevel.LTA_UPDATES
    # The title names the folio the verification page looks up: it must be the signed one.
    assert pdfsign.check_pdf(changed) == pdfsign.PdfCheck(
        False, True, "The PDF was changed or added to after it was signed.")


def test_pdfsig_says_a_retitled_pdf_is_not_wholly_signed(signed, pdfsig):
    report = pdfsig(appended(signed, retitle("Otro título")))
    assert NOT_WHOLE in report


def test_check_pdf_gives_the_title_as_signed(unsigned):
    signed = pdfsign.sign_pdf(unsigned)
    title = PdfFileReader(io.BytesIO(unsigned)).trailer["/Info"]["/Title"]
    assert pdfsign.check_pdf(signed).title == title


@dataclass
class TimestampAuthority:
    url: str
    ca: asn1_x509.Certificate
    requests: list = field(default_factory=list)  # content types of the requests received


def _certificate(subject, issuer, public_key, issuer_key, *, ca, time_stamping=False):
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@pytest.fixture(scope="module")
def tsa():
    """An RFC 3161 timestamp authority on 127.0.0.1, answering with pyHanko's
    DummyTimeStamper and a TSA certificate issued by a CA of its own."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _certificate(_name("Test TSA CA"), _name("Test TSA CA"), ca_key.public_key(), ca_key,
                      ca=True)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = _certificate(_name("Test TSA"), ca.subject, tsa_key.public_key(), ca_key,
                            ca=False, time_stamping=True)
    stamper = DummyTimeStamper(
        tsa_cert=_asn1(tsa_cert),
        tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        certs_to_embed=[_asn1(ca)])
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            received.append(self.headers.get("Content-Type"))
            request = tsp.TimeStampReq.load(
                self.rfile.read(int(self.headers["Content-Length"])))
            reply = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address
    yield TimestampAuthority(f"http://{host}:{port}/tsa", _asn1(ca), received)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_a_timestamp_authority_the_signature_carries_a_valid_timestamp(
        unsigned, tsa, settings):
    settings.PDF_TSA_URL = tsa.url
    before = datetime.datetime.now(datetime.UTC)
    signed = pdfsign.sign_pdf(unsigned)

    assert tsa.requests and set(tsa.requests) == {"application/timestamp-query"}
    status = pyhanko_status(signed, trusting(development_ca(), tsa.ca))
    timestamp = status.timestamp_validity
    assert timestamp is not None
    assert timestamp.intact and timestamp.valid and timestamp.trusted
    assert timestamp.signing_cert.subject.native["common_name"] == "Test TSA"
    assert before - datetime.timedelta(seconds=5) <= timestamp.timestamp
    assert timestamp.timestamp <= datetime.datetime.now(datetime.UTC)
    assert status.bottom_line
    assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in status.summary()
    assert summary(pdfsign.check_pdf(signed)) == (True, True, "")


def test_signing_fails_loudly_when_the_timestamp_authority_is_down(unsigned, settings):
    settings.PDF_TSA_URL = f"http://127.0.0.1:{unused_port()}/tsa"
    with pytest.raises(TimestampRequestError, match="Error while contacting timestamp service"):
        pdfsign.sign_pdf(unsigned)


@pytest.fixture
def production(tmp_path, settings):
    """Signing settings as in production: key, certificate and chain (B-LT)."""
    directory = tmp_path / "production"
    pdfsign.ensure_development_certificate(directory)
    settings.PDF_SIGNING_KEY = str(directory / "pdf-signer.key.pem")
    settings.PDF_SIGNING_CERT = str(directory / "pdf-signer.cert.pem")
    settings.PDF_SIGNING_CHAIN = [str(directory / "pdf-ca.cert.pem")]
    return directory


def test_with_a_signing_chain_the_pdf_carries_validation_data_and_stays_intact(
        unsigned, production):
    signed = pdfsign.sign_pdf(unsigned)

    reader = PdfFileReader(io.BytesIO(signed))
    [signature] = reader.embedded_regular_signatures
    # pyHanko puts the validation data in a /DSS dictionary in an update of its own after
    # the signature, not in the CMS revocation-info attribute.
    assert reader.total_revisions == signature.signed_revision + 2
    dss = reader.root["/DSS"]
    embedded = {stream.get_object().data for stream in dss["/Certs"]}
    assert certificate_der(production / "pdf-ca.cert.pem") in embedded
    assert certificate_der(production / "pdf-signer.cert.pem") in embedded
    assert "/VRI" in dss
    attributes = {a["type"].native for a in signature.signer_info["signed_attrs"]}
    assert "adobe_revocation_info_archival" not in attributes

    ca = asn1_x509.Certificate.load(certificate_der(production / "pdf-ca.cert.pem"))
    status = pyhanko_status(signed, trusting(ca))
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert status.modification_level == ModificationLevel.LTA_UPDATES
    assert status.docmdp_ok is True

    check = pdfsign.check_pdf(signed)
    assert summary(check) == (True, True, "")
    assert check.title.startswith("Certificado de Competencia Laboral ")


def test_pdfsig_reports_a_long_term_pdf_as_not_wholly_signed_though_it_is_intact(
        unsigned, production, pdfsig):
    # poppler counts the validation-data update like any other (Adobe Reader does not).
    report = pdfsig(pdfsign.sign_pdf(unsigned))
    assert VALID in report
    assert NOT_WHOLE in report


def test_long_term_signing_with_a_timestamp_needs_the_tsa_root_in_the_chain(
        unsigned, production, tsa, settings, tmp_path):
    settings.PDF_TSA_URL = tsa.url
    with pytest.raises(PathBuildingError, match="Test TSA"):
        pdfsign.sign_pdf(unsigned)

    tsa_root = tmp_path / "tsa-ca.cert.pem"
    tsa_root.write_bytes(pem.armor("CERTIFICATE", tsa.ca.dump()))
    settings.PDF_SIGNING_CHAIN = [*settings.PDF_SIGNING_CHAIN, str(tsa_root)]
    signed = pdfsign.sign_pdf(unsigned)
    ca = asn1_x509.Certificate.load(certificate_der(production / "pdf-ca.cert.pem"))
    status = pyhanko_status(signed, trusting(ca, tsa.ca))
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert summary(pdfsign.check_pdf(signed)) == (True, True, "")


def test_signatures_after_the_first_one_of_a_signer_are_valid_for_pyhanko_and_pdfsig(pdfsig):
    # The first signature of a signer is pyHanko's own; later ones reuse its encoding with
    # their own digest and RSA signature written in (pdfsigner._CmsTemplate).
    first, second, third = (pdfsign.sign_pdf(render_certificate_pdf(CertificateFactory()))
                            for _ in range(3))
    contents = [re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", signed).group(1)
                for signed in (first, second, third)]
    assert len(set(contents)) == 3
    for signed in (second, third):
        check = pdfsign.check_pdf(signed)
        assert (check.intact, check.by_registry, check.reason) == (True, True, "")
        assert VALID in pdfsig(signed)
        assert "Total document signed" in pdfsig(signed)


def test_a_signature_does_not_verify_against_another_documents_bytes():
    first = pdfsign.sign_pdf(render_certificate_pdf(CertificateFactory()))
    second = pdfsign.sign_pdf(render_certificate_pdf(CertificateFactory()))
    # The second file's signature moved into the first file: the digests differ.
    start, first_length, second_start, _ = byte_range(second)
    signature = second[first_length:second_start]
    _, own_length, own_second_start, _ = byte_range(first)
    if own_second_start - own_length != len(signature):
        pytest.skip("the two signatures have different sizes")
    swapped = first[:own_length] + signature + first[own_second_start:]
    assert not pdfsign.check_pdf(swapped).intact
