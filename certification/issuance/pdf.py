"""The SEP-endorsed certificate as a one-page A4 landscape PDF.

`render_certificate_pdf` is a pure function of the certificate's frozen claims and what
was signed from them at issuance (the QR token): it reads no other row and returns
bytes; storing the file, its hash and the generation time is the caller's business.

The document is a legal text in Spanish, so it is always rendered in Spanish,
whatever language the request or the worker is running in.
"""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from certification.assessment.models import Person
from certification.trust.claims import CURP, Claims

from .models import Certificate

TEMPLATE = "certification/issuance/pdf/certificate.html"


def printed_identity(claims: Claims) -> str:
    """The holder's identity as the certificate prints it, in the active language."""
    if claims.holder_id_type == CURP:
        return f"CURP: {claims.holder_id_number}"
    kind = Person.DocumentType(claims.holder_id_type).label
    return f"{kind} {claims.holder_id_number} ({claims.holder_id_country})"


def grouped(secret: str) -> str:
    """A long code printed in groups of four, to be read and typed back."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg_data_uri(text: str) -> str:
    """A QR code for `text` (error correction M) as an SVG `data:` URI for <img src>."""
    qr = segno.make(text, error="m", boost_error=False)
    # Unit-sized modules and the standard four-module quiet zone; the <img> is sized in CSS.
    return qr.svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, always in Spanish. No database access, no storage."""
    import weasyprint  # needs Pango/Cairo system libraries; imported only when rendering

    claims = certificate.facts
    with translation.override("es"):
        html = render_to_string(TEMPLATE, {
            "claims": claims,
            "identity": printed_identity(claims),
            "verification_url": claims.verification_url,
            "qr_data_uri": qr_svg_data_uri(certificate.qr_text),
            "identity_key": grouped(certificate.identity_salt),
        })
        document = weasyprint.HTML(string=html, base_url=claims.issuer + "/",
                                   url_fetcher=_url_fetcher())
        return document.write_pdf()


def _url_fetcher():
    """Resources come only from `data:` URIs (the QR): never the network or the disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})
