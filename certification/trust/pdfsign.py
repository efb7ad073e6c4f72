"""PAdES signatures on the certificate PDF, so any PDF reader can tell whether the file is
the one the registry issued and whether it was changed afterwards.

The signer is an X.509 certificate with its RSA key, plus the chain up to its authority:

* production: settings.PDF_SIGNING_KEY, PDF_SIGNING_CERT and PDF_SIGNING_CHAIN (file paths;
  the chain may be one path or a list of paths), installed by operators;
* otherwise the files in settings.SIGNING_KEYS_DIR: `pdf-signer.key.pem`,
  `pdf-signer.cert.pem` and `pdf-ca.cert.pem`. `ensure_development_certificate` creates a
  development authority and signer there (not valid for anything outside development).

Rotation: keep the previous signer certificates in SIGNING_KEYS_DIR as
`pdf-signer<anything>.cert.pem` (e.g. `pdf-signer-2025.cert.pem`); PDFs they signed still
count as signed by the registry.

`check_pdf` is meant for files people upload to the verification page, so it never raises:
anything that is not an intact, registry-signed PDF comes back with a short English reason.
"""

import asyncio
import concurrent.futures
import datetime
import functools
import hashlib
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.generic import IndirectObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.validation import (
    SignatureCoverageLevel,
    async_validate_pdf_signature,
)
from pyhanko_certvalidator import ValidationContext

from .pdfsigner import KeptKeySigner, reserved_bytes, signature_space

logger = logging.getLogger(__name__)

KEY_FILE = "pdf-signer.key.pem"
CERT_FILE = "pdf-signer.cert.pem"
CHAIN_FILE = "pdf-ca.cert.pem"
CERT_GLOB = "pdf-signer*.cert.pem"  # the current signer certificate and rotated ones

FIELD_NAME = "FirmaCONOCER"
REASON = "Certificado de competencia laboral emitido por el Registro Nacional"
LOCATION = "México"

ORGANIZATION = "Consejo Nacional de Normalización y Certificación de Competencias Laborales"
CA_COMMON_NAME = "CONOCER Registro Nacional — DESARROLLO (no válido)"
SIGNER_COMMON_NAME = "CONOCER — Firma de certificados (desarrollo)"
VALIDITY = datetime.timedelta(days=5 * 365)


class PdfSigningError(RuntimeError):
    """The PDF signing key or certificate cannot be loaded."""


# Development certificate ------------------------------------------------------------------

def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def ensure_development_certificate(directory: Path) -> bool:
    """Create a development authority and a PDF signer certificate issued by it in
    `directory`, unless the signer's key and certificate are already there. Returns whether
    it created them."""
    directory = Path(directory)
    key_path, cert_path = directory / KEY_FILE, directory / CERT_FILE
    if key_path.exists() and cert_path.exists():
        return False
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)  # clock skew

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(CA_COMMON_NAME)
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_COMMON_NAME))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    # The private key is written to a file that is never readable by others, not even briefly.
    key_path.unlink(missing_ok=True)
    key_path.touch(mode=0o600)
    key_path.chmod(0o600)
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (directory / CHAIN_FILE).write_bytes(_pem(ca_cert))
    cert_path.write_bytes(_pem(cert))
    return True


# Configuration ------------------------------------------------------------------------------

def _keys_dir() -> Path:
    return Path(settings.SIGNING_KEYS_DIR)


def _chain_setting() -> list[Path]:
    value = getattr(settings, "PDF_SIGNING_CHAIN", "")
    if not value:
        return []
    if isinstance(value, str | Path):
        return [Path(value)]
    return [Path(item) for item in value if item]


def configured_paths() -> tuple[Path, Path, list[Path]]:
    """(key, certificate, chain) as configured: the PDF_SIGNING_* settings where set, the
    files in SIGNING_KEYS_DIR otherwise."""
    directory = _keys_dir()
    key = getattr(settings, "PDF_SIGNING_KEY", "") or directory / KEY_FILE
    cert = getattr(settings, "PDF_SIGNING_CERT", "") or directory / CERT_FILE
    chain = _chain_setting()
    if not chain and not getattr(settings, "PDF_SIGNING_CERT", ""):
        chain = [path for path in [directory / CHAIN_FILE] if path.exists()]
    return Path(key), Path(cert), chain


def _stamp(paths: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    """Paths with their modification times: a cache key that changes when a file does."""
    stamped = []
    for path in paths:
        try:
            stamped.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            stamped.append((str(path), -1))
    return tuple(stamped)


# Signing ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _load_signer(key: tuple[str, int], cert: tuple[str, int],
                 chain: tuple[tuple[str, int], ...]) -> signers.SimpleSigner:
    loaded = signers.SimpleSigner.load(key[0], cert[0],
                                       ca_chain_files=[path for path, _ in chain] or None)
    if loaded is None:  # pyHanko logs the cause and returns None
        raise PdfSigningError(
            f"Cannot load the PDF signing key {key[0]} and certificate {cert[0]}: in "
            f"development run 'python manage.py create_signing_keys'.")
    return KeptKeySigner(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                         cert_registry=loaded.cert_registry)


def _run(coroutine_function, *args, **kwargs):
    """Run a pyHanko coroutine from synchronous code, even under a running event loop
    (an async view): asyncio.run refuses to nest, so a worker thread runs it then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_function(*args, **kwargs))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function(*args, **kwargs)).result()


def _timestamper():
    url = getattr(settings, "PDF_TSA_URL", "")
    return timestamps.HTTPTimeStamper(url, timeout=10) if url else None


def sign_pdf(content: bytes, *, key_path: Path | str | None = None,
             cert_path: Path | str | None = None,
             chain_paths: Sequence[Path | str] | None = None) -> bytes:
    """`content` with a PAdES certification signature appended as an incremental update.

    It is a certification (author) signature with DocMDP "no changes allowed": a validator
    that honours DocMDP refuses any later update. With `PDF_TSA_URL` set, an RFC 3161
    timestamp is added (PAdES B-T); with a production chain (`PDF_SIGNING_CHAIN`), the
    validation data is embedded too (B-LT).

    The keyword arguments override the configured key, certificate and chain (for tests and
    one-off tools); by default the configured ones sign."""
    key, cert, chain = configured_paths()
    if key_path is not None:
        key = Path(key_path)
    if cert_path is not None:
        cert = Path(cert_path)
    if chain_paths is not None:
        chain = [Path(path) for path in chain_paths]
    (key_stamp, cert_stamp), chain_stamp = _stamp([key, cert]), _stamp(chain)
    signer = _load_signer(key_stamp, cert_stamp, chain_stamp)
    long_term = bool(_chain_setting())
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=REASON, location=LOCATION, certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES, embed_validation_info=long_term,
        validation_context=_validation_context() if long_term else None)
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    output = io.BytesIO()
    timestamper = _timestamper()
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper)
    # pyHanko sizes the signature by making a whole dry-run signature first (two fifths of
    # the signing time). Without a timestamp or validation data, every signature of one
    # signer has the same size, so the space pyHanko reserved the first time is reused.
    fixed_size = timestamper is None and not long_term
    reserved = reserved_bytes.get(signer) if fixed_size else None
    _run(pdf_signer.async_sign_pdf, writer, output=output, bytes_reserved=reserved)
    signed = output.getvalue()
    if fixed_size and reserved is None:
        reserved_bytes[signer] = signature_space(signed)
    return signed


# Checking -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PdfCheck:
    intact: bool  # signed, the signature covers the whole file, and it checks out
    by_registry: bool  # the signing certificate is (or was) the registry's PDF signer
    reason: str = ""  # why not, when either is False
    title: str = ""  # the document's title, as signed (it names the folio)


def _fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


@functools.lru_cache(maxsize=16)
def _certificates(stamped: tuple[tuple[str, int], ...]) -> tuple[bytes, ...]:
    """DER of every certificate in the (PEM or DER) files; unreadable files are skipped."""
    found = []
    for path, _ in stamped:
        try:
            data = Path(path).read_bytes()
            if b"-----BEGIN" in data:
                certificates = x509.load_pem_x509_certificates(data)
            else:
                certificates = [x509.load_der_x509_certificate(data)]
        except (OSError, ValueError) as error:
            logger.warning("Skipping certificate file %s: %s", path, error)
            continue
        found.extend(c.public_bytes(serialization.Encoding.DER) for c in certificates)
    return tuple(found)


def registry_fingerprints() -> frozenset[str]:
    """SHA-256 fingerprints of the registry's signer certificates, current and rotated."""
    _, cert, _ = configured_paths()
    paths = {cert, *sorted(_keys_dir().glob(CERT_GLOB))}
    return frozenset(_fingerprint(der) for der in _certificates(_stamp(sorted(paths))))


def _validation_context() -> ValidationContext:
    """Trust the configured chain; revocation data is used when present (soft-fail), as
    the registry fetches nothing while signing or checking."""
    _, _, chain = configured_paths()
    roots = [asn1_x509.Certificate.load(der) for der in _certificates(_stamp(chain))]
    return ValidationContext(trust_roots=roots, allow_fetching=False,
                             revocation_mode="soft-fail")


def check_pdf(content: bytes) -> PdfCheck:
    """Is this PDF, byte for byte, one the registry signed? Never raises on bad input."""
    try:
        reader = PdfFileReader(io.BytesIO(content))
        signatures = reader.embedded_regular_signatures
    except Exception as error:  # noqa: BLE001 (uploaded files can be anything)
        logger.info("Unreadable PDF: %r", error)
        return PdfCheck(False, False, "The file is not a readable PDF.")
    if not signatures:
        return PdfCheck(False, False, "The PDF has no digital signature.")
    # The last signature is the one that must cover everything; any earlier one covers only
    # a revision that was followed by changes.
    signature = signatures[-1]
    try:
        status = _run(async_validate_pdf_signature, signature, _validation_context())
    except Exception as error:  # noqa: BLE001 (a malformed signature is a failed check)
        logger.info("PDF signature validation failed: %r", error)
        return PdfCheck(False, False, "The PDF's signature cannot be validated.")

    by_registry = _fingerprint(status.signing_cert.dump()) in registry_fingerprints()
    if not (status.intact and status.valid):
        return PdfCheck(False, by_registry, "The PDF was modified after it was signed.")
    # Only validation data (DSS) or document timestamps may follow the signature (PAdES
    # B-LT/LTA); anything else added after it is a modification.
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level == ModificationLevel.LTA_UPDATES)
    # pyHanko lets any later update rewrite the /Info dictionary (its diff policy counts
    # that with the validation-data updates), but the title names the folio: it must be
    # the one that was signed.
    signed_title = _title(reader, signature.signed_revision)
    retitled = _title(reader) != signed_title
    if not whole or len(signatures) > 1 or status.docmdp_ok is False or retitled:
        return PdfCheck(False, by_registry,
                        "The PDF was changed or added to after it was signed.")
    if not by_registry:
        return PdfCheck(True, False, "The PDF was not signed by the registry.")
    return PdfCheck(True, True, "", title=signed_title)


def _title(reader, revision: int | None = None) -> str:
    """The /Info title in a revision of the file (by default the latest)."""
    try:
        handler = reader if revision is None else reader.get_historical_resolver(revision)
        info = handler.trailer_view.raw_get("/Info")
        if isinstance(info, IndirectObject):
            info = handler.get_object(info.reference)
        return str(info["/Title"])
    except Exception:  # noqa: BLE001 (a PDF without the entry, or a strange one)
        return ""
