from django.db.models import QuerySet

from certification.issuance.models import Certificate


def certificate_by_folio(folio: str) -> Certificate | None:
    """The certificate with this (normalized) folio, with what its public page shows."""
    return Certificate.objects.select_related("holder", "replaced_by").filter(
        folio=folio).first()


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

