from celery import shared_task

from .services import imports, notifications, pdfs, qualifications, usage


@shared_task(name="issuance.refresh_standard_usage")
def refresh_standard_usage() -> int:
    """Nightly recount of certified people per standard (repairs any missed update)."""
    return usage.refresh_standard_usage()


@shared_task(name="issuance.render_certificate_pdf", bind=True, ignore_result=True,
             autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=120,
             retry_jitter=True, max_retries=8)
def render_certificate_pdf(self, certificate_id: int) -> str:
    """Render, store and hash the certificate's PDF. Safe to run twice: the second run
    finds the stored PDF and leaves it. Retries with back-off on any failure (at most two
    minutes apart: a countdown longer than the broker's visibility timeout would be
    delivered twice)."""
    return pdfs.store_certificate_pdf(certificate_id=certificate_id).pdf_sha256


@shared_task(name="issuance.ensure_certificate_pdfs", ignore_result=True)
def ensure_certificate_pdfs() -> int:
    """Every minute: queue the PDFs that a broker outage, a lost message or a dead worker
    left behind (the Certificate row is the source of truth)."""
    return pdfs.queue_missing_pdfs()


@shared_task(name="issuance.send_renewal_reminders", ignore_result=True)
def send_renewal_reminders() -> int:
    """Daily: remind holders 90 and 30 days before their certificate's validity ends
    (once per threshold: the sent log says what went out)."""
    return notifications.send_renewal_reminders()


@shared_task(name="issuance.issue_qualification_certificates", ignore_result=True,
             autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=120,
             retry_jitter=True, max_retries=8)
def issue_qualification_certificates(person_id: int) -> int:
    """Issue the qualification certificates a person has just completed (queued after a
    unit certificate is issued). Safe to run twice, or at the same time for the same
    person: the service locks the person and issues none twice."""
    return len(qualifications.issue_due_qualifications(person_id=person_id))


@shared_task(name="issuance.issue_missed_qualifications", ignore_result=True)
def issue_missed_qualifications() -> int:
    """Nightly: the qualification certificates no task issued (a task lost with the
    broker, a qualification published after its holders completed it)."""
    return qualifications.issue_missed_qualifications()


@shared_task(name="issuance.run_certificate_import", ignore_result=True)
def run_certificate_import(job_id: int) -> bool:
    """Import a checked file of historical certificates, a time-boxed slice at a time
    (each slice queues the next). Safe to run twice or after a crash: it resumes at the
    last committed batch and passes over what is already imported."""
    return imports.run_certificate_import(job_id=job_id)
