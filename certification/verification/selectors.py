from django.db.models import QuerySet

from certification.issuance.models import Certificate, StatusList
from certification.issuance.services import statuslist


def certificate_by_folio(folio: str) -> Certificate | None:
    """The certificate with this (normalized) folio, with what its public page shows: one
    row by the unique index (no ordering to plan), without the stored credential and QR
    token (kilobytes each; read only if asked for)."""
    return (Certificate.objects.select_related("holder", "replaced_by")
            .defer("credential", "qr_token", "identity_salt", "replaced_by__credential",
                   "replaced_by__qr_token", "replaced_by__claims")
            .filter(folio=folio).order_by().first())


def credential_of(folio: str) -> str | None:
    """The stored, signed credential of this folio, or None: one column of one row."""
    return (Certificate.objects.filter(folio=folio).order_by()
            .values_list("credential", flat=True).first())


_status_lists: dict[str, str] = {}


def status_list() -> tuple[str, str]:
    """(ETag, document) of the stored status list: each request reads the ETag only (a
    few bytes, whatever the registry's size); the document is read once per version by
    each process and kept in its memory, a version at a time."""
    etag = (StatusList.objects.filter(purpose="revocation").order_by()
            .values_list("etag", flat=True).first())
    if not etag:
        stored = statuslist.current()
        return stored.etag, stored.document
    document = _status_lists.get(etag)
    if document is None:
        document = (StatusList.objects.filter(purpose="revocation", etag=etag).order_by()
                    .values_list("document", flat=True).first())
        if document is None:  # changed in between: read both again
            stored = statuslist.current()
            return stored.etag, stored.document
        _status_lists.clear()
        _status_lists[etag] = document
    return etag, document


def pdf_is_public(certificate: Certificate) -> bool:
    """Anyone may download the PDF of a valid certificate whose holder chose to appear in
    the public registry of certified persons (RENAP). Whether it is rendered yet does not
    matter: the download renders a missing one."""
    return (certificate.status == Certificate.Status.VALID
            and certificate.holder.public_registry_opt_in)


def public_certificates_of(curp: str) -> QuerySet[Certificate]:
    """Valid certificates of a CURP, only if its holder opted into RENAP."""
    return Certificate.objects.filter(
        holder__curp=curp, holder__public_registry_opt_in=True,
        status=Certificate.Status.VALID).order_by("-issued_on")


def certificate_by_pdf_hash(sha256: str) -> Certificate | None:
    return Certificate.objects.select_related("replaced_by").filter(
        pdf_sha256=sha256).first()

