from celery import shared_task

from . import selectors
from .services import pdfs, usage


@shared_task(name="issuance.refresh_standard_usage")
def refresh_standard_usage() -> int:
    """Nightly recount of certified people per standard (repairs any missed update)."""
    return usage.refresh_standard_usage()


@shared_task(name="issuance.render_certificate_pdf", bind=True,
             autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=600,
             retry_jitter=True, max_retries=8)
def render_certificate_pdf(self, certificate_id: int) -> str:
    """Render, store and hash the certificate's PDF. Safe to run twice: the second run
    finds the stored PDF and leaves it. Retries with back-off on any failure."""
    return pdfs.store_certificate_pdf(certificate_id=certificate_id).pdf_sha256


@shared_task(name="issuance.ensure_certificate_pdfs")
def ensure_certificate_pdfs() -> int:
    """Hourly: re-enqueue certificates whose PDF is missing (a lost message or a dead
    worker loses nothing; the Certificate row is the source of truth)."""
    ids = list(selectors.certificates_missing_pdf()[:500])
    for certificate_id in ids:
        render_certificate_pdf.delay(certificate_id)
    return len(ids)
