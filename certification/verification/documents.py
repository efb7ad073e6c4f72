"""Is an uploaded PDF a registry document, unmodified — and what is the certificate's
status today? The answer always says the status when the certificate can be told."""

import hashlib
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.models import Certificate
from certification.trust import pdfsign
from conocer.core import clock

from . import selectors

FOLIO_IN_TITLE = re.compile(r"(D-\d{10}|[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\s*$")


@dataclass(frozen=True)
class DocumentOutcome:
    """The answer to 'is this PDF a registry document?'."""

    authentic: bool
    certificate: Certificate | None
    explanation: str
    status: str = ""  # the certificate's status today, in words, when it is known


def status_today(certificate: Certificate) -> str:
    if certificate.status == Certificate.Status.VALID:
        valid_until = certificate.facts.valid_until
        if valid_until and certificate.facts.expired_on(clock.today()):
            return _("The certificate EXPIRED on %(date)s: its holder was competent, but its "
                     "validity has ended.") % {
                "date": formats.date_format(valid_until, "DATE_FORMAT")}
        if valid_until:
            return _("The certificate is VALID today, until %(date)s.") % {
                "date": formats.date_format(valid_until, "DATE_FORMAT")}
        return _("The certificate is VALID today.")
    # The day in the registry's time zone: date_format alone would print the UTC day.
    when = formats.date_format(timezone.localtime(certificate.status_changed_at),
                               "DATE_FORMAT") if certificate.status_changed_at else "—"
    if certificate.status == Certificate.Status.REPLACED:
        replacement = getattr(certificate, "replaced_by", None)
        return _("The certificate was REPLACED on %(date)s by folio %(new)s (%(reason)s); "
                 "only the new one is in force.") % {
            "date": when, "new": replacement.folio if replacement else "—",
            "reason": certificate.status_reason}
    word = _("REVOKED") if certificate.status == Certificate.Status.REVOKED else _("CANCELLED")
    reason = certificate.status_reason.strip().removesuffix(".")  # the message adds its own
    return _("The certificate was %(word)s on %(date)s because: %(reason)s. It is no longer "
             "valid.") % {"word": word, "date": when, "reason": reason}


def _named_in(title: str) -> Certificate | None:
    match = FOLIO_IN_TITLE.search(title or "")
    if match is None:
        return None
    try:
        return selectors.certificate_by_folio(normalize_folio(match.group(1)))
    except (MalformedFolio, MistypedFolio):
        return None


def check_document(uploaded) -> DocumentOutcome:
    """Compare an uploaded PDF with the registry: its SHA-256 against the stored PDFs, and
    its PAdES signature against the registry's signing certificate."""
    content = uploaded.read()
    certificate = selectors.certificate_by_pdf_hash(hashlib.sha256(content).hexdigest())
    if certificate is not None:
        return DocumentOutcome(True, certificate, _(
            "This is an authentic copy of the registry's document for folio %(folio)s, "
            "unmodified (its SHA-256 matches the one on file).") % {"folio": certificate.folio},
            status_today(certificate))
    check = pdfsign.check_pdf(content)
    if check.intact and check.by_registry:
        certificate = _named_in(check.title)
        return DocumentOutcome(True, certificate, _(
            "The registry's digital signature on this PDF is valid and covers the whole "
            "document, but this copy is not the one on file."),
            status_today(certificate) if certificate else "")
    if check.by_registry:
        return DocumentOutcome(False, None, _(
            "This PDF was signed by the registry but was modified after signing: do not "
            "trust its contents; verify its folio instead."))
    return DocumentOutcome(False, None, _(
        "This PDF is not a document issued by the registry (no valid registry signature, "
        "and no certificate on file has this content)."))
