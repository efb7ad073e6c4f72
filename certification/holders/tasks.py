"""E-mails of the holder's space, sent after the request that asked for them has been
answered (a worker; in the embedded default, right after commit). They load by primary
key: the secret each carries is made here, so it never passes through the broker."""

from celery import shared_task

from .services import signin


@shared_task(name="holders.send_sign_in_link", ignore_result=True)
def send_sign_in_link(person_id: int) -> None:
    signin.send_sign_in_link(person_id=person_id)


@shared_task(name="holders.send_email_confirmation", ignore_result=True)
def send_email_confirmation(person_id: int) -> None:
    signin.send_email_confirmation(person_id=person_id)
