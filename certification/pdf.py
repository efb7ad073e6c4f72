"""The SEP-endorsed certificate as a one-page A4 landscape PDF.

`render_certificate_pdf` is a pure function: it reads the certificate (and the
related rows the caller already loaded) and returns bytes; storing the file, its
hash and the generation time is the caller's business. Load the certificate with
`select_related(*PDF_RELATED)` so rendering runs no query at all.

The document is a legal text in Spanish, so it is always rendered in Spanish,
whatever language the request or the worker is running in.
"""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import signing
from .models import Certificate

TEMPLATE = "certification/pdf/certificate.html"
PDF_RELATED = ("holder", "standard", "awarding_body", "centre", "replaces")


def verification_url(certificate: Certificate) -> str:
    """The public page where anyone can check this certificate, as printed under the QR."""
    return settings.SITE_URL + reverse("certification:verify_folio", args=[certificate.folio])


def qr_text(certificate: Certificate) -> str:
    """What the QR code carries: the verification URL and, once the certificate is signed,
    its compact signed credential (`?c=`), so that it can be checked offline."""
    url = verification_url(certificate)
    if certificate.signature:
        url += "?c=" + signing.token(certificate)
    return url


def qr_svg_data_uri(text: str) -> str:
    """A QR code for `text` (error correction M) as an SVG `data:` URI for <img src>."""
    qr = segno.make(text, error="m", boost_error=False)
    # Unit-sized modules and the standard four-module quiet zone; the <img> is sized in CSS.
    return qr.svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, always in Spanish. No database writes, no storage."""
    import weasyprint  # needs Pango/Cairo system libraries; imported only when rendering

    url = verification_url(certificate)
    with translation.override("es"):
        html = render_to_string(TEMPLATE, {
            "certificate": certificate,
            "holder": certificate.holder,
            "standard": certificate.standard,
            "verification_url": url,
            "qr_data_uri": qr_svg_data_uri(qr_text(certificate)),
        })
        document = weasyprint.HTML(string=html, base_url=settings.SITE_URL + "/",
                                   url_fetcher=_url_fetcher())
        return document.write_pdf()


def _url_fetcher():
    """Resources come only from `data:` URIs (the QR): never the network or the disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})
