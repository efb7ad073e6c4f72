"""The certificate's QR code for the holder's page: the same text the PDF prints
(`Certificate.qr_text`), drawn as inline SVG (no image request, nothing inline the
content security policy would refuse)."""

import segno
from django.utils.safestring import mark_safe

from certification.issuance.models import Certificate


def svg(certificate: Certificate) -> str:
    code = segno.make(certificate.qr_text, error="m")
    return mark_safe(code.svg_inline(scale=4, title=certificate.folio))  # noqa: S308
