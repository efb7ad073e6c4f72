from celery import shared_task

from .services import imports


@shared_task(name="assessment.run_candidate_import", ignore_result=True)
def run_candidate_import(job_id: int) -> bool:
    """Register a centre's checked file of candidates, a time-boxed slice at a time
    (each slice queues the next). Safe to run twice or after a crash: it resumes at the
    last committed batch and passes over people already registered at the centre."""
    return imports.run_candidate_import(job_id=job_id)
