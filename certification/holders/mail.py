"""The holder's e-mails: a subject and a plain-text body per message, from templates
under templates/certification/holders/email/, in the language active when sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse


def absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def send(template: str, *, to: str, **context) -> None:
    subject = render_to_string(f"certification/holders/email/{template}_subject.txt",
                               context).strip()
    body = render_to_string(f"certification/holders/email/{template}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body,
                 from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
