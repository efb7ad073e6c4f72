"""What a signed-in holder does with their certificates and their record: download the
PDF and the credential, open LinkedIn's "add to profile", and choose whether to appear
in the public registry of certified persons (RENAP). Each is audited."""

from urllib.parse import urlencode

from django.db import transaction
from django.http import Http404

from certification.assessment.models import Person
from certification.assessment.services import people
from certification.issuance.models import Certificate
from certification.issuance.services import pdfs
from certification.verification import answers
from conocer.core.audit import record_event
from conocer.core.errors import ServiceError

from .. import selectors
from .signin import VIA

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def _own_valid(person: Person, folio: str) -> Certificate:
    certificate = selectors.own_certificate(person, folio)
    if certificate is None:
        raise Http404
    if certificate.status != Certificate.Status.VALID:
        raise ServiceError(selectors.status_in_words(certificate))
    return certificate


def download_pdf(*, person: Person, folio: str) -> Certificate:
    """The holder's PDF, whatever their RENAP choice (rendered now if it is not yet)."""
    certificate = _own_valid(person, folio)
    certificate = pdfs.store_certificate_pdf(certificate_id=certificate.pk)
    record_event(actor=None, action="holder.pdf_downloaded", target=certificate, via=VIA)
    return certificate


def download_credential(*, person: Person, folio: str) -> Certificate:
    """The Open Badges 3.0 credential as signed at issuance, for a wallet."""
    certificate = _own_valid(person, folio)
    record_event(actor=None, action="holder.credential_downloaded", target=certificate,
                 via=VIA)
    return certificate


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's add-to-profile address, filled from the frozen claims."""
    claims = certificate.facts
    return LINKEDIN_ADD + "?" + urlencode({
        "startTask": "CERTIFICATION_NAME",
        "name": f"{claims.standard_code} {claims.standard_title}",
        "organizationName": claims.awarding_body_name,
        "issueYear": claims.issued_on.year,
        "issueMonth": claims.issued_on.month,
        "certUrl": selectors.verify_url(certificate),
        "certId": claims.folio,
    })


def add_to_linkedin(*, person: Person, folio: str) -> str:
    certificate = _own_valid(person, folio)
    record_event(actor=None, action="holder.linkedin_opened", target=certificate, via=VIA)
    return linkedin_url(certificate)


@transaction.atomic
def set_renap_choice(*, person: Person, appear: bool) -> Person:
    """Appear, or not, in the public registry of certified persons: at once in the RENAP
    lookup (/verificar/persona/), which reads the row, and in the verify pages' PDF link,
    whose kept answers about the person's certificates are forgotten once this commits
    (verification.answers; the Person save's signal does it too)."""
    person = people.set_public_registry_choice(person_id=person.pk, appear=appear,
                                               actor_label=VIA)
    answers.forget(*selectors.certificates_of(person).values_list("folio", flat=True))
    return person
