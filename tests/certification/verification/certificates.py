"""Certificates whose claims name a qualification's units or a recognised foreign
certificate, issued through issuance's own use case (`issue_certificate`), for the PDF,
verification and holder tests."""

import datetime

from certification.issuance.models import Certificate
from certification.issuance.services.certificates import issue_certificate
from standards.models import Standard
from tests.factories import AwardingBodyFactory, CertificateFactory, PersonFactory, StandardFactory

CHILEVALORA = {"system": "ChileValora", "country": "CL", "code": "123456",
               "issued_on": "2025-01-10", "reference": "REC-2026-7KQ3-M9TX"}


def loaded(certificate) -> Certificate:
    """The certificate as a page or the PDF task loads it: the row alone."""
    return Certificate.objects.get(pk=certificate.pk)


def qualification_certificate(units: int = 3, *, holder=None, awarding_body=None,
                              unit_fields=None, **standard) -> Certificate:
    """A qualification certificate resting on `units` unit certificates of its holder
    (made with `unit_fields` for CertificateFactory)."""
    holder = holder or PersonFactory()
    unit_certificates = [CertificateFactory(holder=holder, **(unit_fields or {}))
                         for _ in range(units)]
    qualification = StandardFactory(kind=Standard.Kind.QUALIFICATION, **{
        "title": "Servicios de alimentos y bebidas en establecimientos turísticos",
        **standard})
    qualification.components.set([unit.standard for unit in unit_certificates])
    return loaded(issue_certificate(
        holder=holder, standard=qualification,
        awarding_body=awarding_body or AwardingBodyFactory(),
        centre=None, issued_on=datetime.date(2026, 5, 4), units=[
            {"folio": unit.folio, "standard_code": unit.standard.code,
             "standard_title": unit.standard.title, "issued_on": unit.issued_on.isoformat()}
            for unit in unit_certificates]))


def recognised_certificate(*, recognition=None, holder=None, standard=None,
                           awarding_body=None) -> Certificate:
    """A certificate issued by recognition of a ChileValora certificate (by default) to
    a passport holder from Honduras."""
    holder = holder or PersonFactory(curp="", id_document_type="passport",
                                     id_document_number="H4821907",
                                     id_document_country="HN", nationality="HN")
    return loaded(issue_certificate(
        holder=holder, standard=standard or StandardFactory(),
        awarding_body=awarding_body or AwardingBodyFactory(), centre=None,
        issued_on=datetime.date(2026, 5, 4), recognition=recognition or CHILEVALORA))
