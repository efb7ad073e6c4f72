import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from certification.trust import pdfsign
from conocer.core.audit import record_event

from .. import pdf, selectors
from ..models import Certificate, certificate_pdf_path


def store_certificate_pdf(*, certificate_id: int) -> Certificate:
    """Render, sign and store the certificate's PDF, recording its SHA-256. Idempotent: a
    certificate whose stored PDF is present is left as it is."""
    certificate = Certificate.objects.get(pk=certificate_id)
    if selectors.pdf_is_stored(certificate):
        return certificate
    content = pdfsign.sign_pdf(pdf.render_certificate_pdf(certificate))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if selectors.pdf_is_stored(locked):
            return locked
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
