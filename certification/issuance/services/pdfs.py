import datetime
import hashlib
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from certification.trust import pdfsign
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.tasks import enqueue_after_commit, publish

from .. import pdf, selectors
from ..models import Certificate, certificate_pdf_path

RENDER_PDF = "issuance.render_certificate_pdf"
_rendering = threading.Lock()


def queue_pdf_after_commit(certificate: Certificate) -> None:
    """Queue the rendering of the certificate's PDF once the transaction commits. The
    certificate was inserted with `pdf_queued_at` set; if the broker cannot take the task,
    it is cleared so that the next sweep (within a minute) queues it."""
    enqueue_after_commit(RENDER_PDF, certificate.pk,
                         on_failure=lambda: _mark_not_queued([certificate.pk]))


def _mark_not_queued(certificate_ids) -> None:
    Certificate.objects.filter(pk__in=certificate_ids, pdf_sha256="").update(
        pdf_queued_at=None)


def queue_missing_pdfs() -> int:
    """The minute sweep: queue the PDFs of certificates that have none and whose rendering
    was never queued, could not be queued, or was queued more than
    settings.PDF_REQUEUE_AFTER seconds ago (a lost message, a dead worker); at most
    settings.PDF_SWEEP_BATCH per run, stopping at the broker's first refusal. Queueing a
    certificate twice is harmless: its rendering stores one PDF. Returns how many were
    queued."""
    now = clock.now()
    waiting = selectors.certificates_awaiting_pdf(
        queued_before=now - datetime.timedelta(seconds=settings.PDF_REQUEUE_AFTER))
    queued = []
    for certificate_id in waiting[:settings.PDF_SWEEP_BATCH]:
        if not publish(RENDER_PDF, certificate_id):
            break
        queued.append(certificate_id)
    Certificate.objects.filter(pk__in=queued, pdf_sha256="").update(pdf_queued_at=now)
    return len(queued)


def store_certificate_pdf(*, certificate_id: int) -> Certificate:
    """Render, sign and store the certificate's PDF, recording its SHA-256. Idempotent: a
    certificate whose stored PDF is present is left as it is.

    Rendered under the certificate's row lock (other processes: PostgreSQL) and this
    process's lock (threads: SQLite, which has no row locks), so a worker, the sweep and
    a first download at once render it once; the file is written before its hash is
    committed, and a PDF is served only once its hash is, so no one gets half a file."""
    certificate = Certificate.objects.get(pk=certificate_id)
    if selectors.pdf_is_stored(certificate):
        return certificate
    with _rendering, transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if selectors.pdf_is_stored(locked):
            return locked
        content = pdfsign.sign_pdf(pdf.render_certificate_pdf(locked))
        name = certificate_pdf_path(locked, "")
        if default_storage.exists(name):
            default_storage.delete(name)
        locked.pdf.save(name, ContentFile(content), save=False)
        locked.pdf_sha256 = hashlib.sha256(content).hexdigest()
        locked.pdf_generated_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_generated_at"])
        record_event(actor=None, action="certificate.pdf_generated", target=locked,
                     sha256=locked.pdf_sha256)
    return locked
