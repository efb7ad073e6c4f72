"""Is an uploaded PDF a registry document?"""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from certification.issuance.models import Certificate
from certification.trust import pdfsign

from . import selectors


@dataclass(frozen=True)
class DocumentOutcome:
    """The answer to 'is this PDF a registry document?'."""

    authentic: bool
    certificate: Certificate | None
    explanation: str


def check_document(uploaded) -> DocumentOutcome:
    """Compare an uploaded PDF with the registry: its SHA-256 against the stored PDFs, and
    its PAdES signature against the registry's signing certificate."""
    content = uploaded.read()
    digest = hashlib.sha256(content).hexdigest()
    certificate = selectors.certificate_by_pdf_hash(digest)
    if certificate is not None:
        return DocumentOutcome(True, certificate, _(
            "This is the registry's document for folio %(folio)s, unmodified (its SHA-256 "
            "matches).") % {"folio": certificate.folio})
    check = pdfsign.check_pdf(content)
    if check.intact and check.by_registry:
        return DocumentOutcome(True, None, _(
            "The registry's digital signature on this PDF is valid and covers the whole "
            "document, but this copy is not the one on file; verify its folio too."))
    if check.by_registry:
        return DocumentOutcome(False, None, _(
            "This PDF was signed by the registry but has been modified since: do not trust "
            "its contents."))
    return DocumentOutcome(False, None, _(
        "This PDF is not a document issued by the registry (no valid registry signature, "
        "and no certificate on file has this content)."))
