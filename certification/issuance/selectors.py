from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bodies import permissions
from bodies import selectors as bodies_selectors
from conocer.core.audit import events_about
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors

from .models import Certificate, CertificateRequest


def certificate_with_history(folio: str) -> Certificate | None:
    return Certificate.objects.select_related(
        "holder", "awarding_body", "centre", "replaces", "replaced_by",
        "request__assessment").filter(folio=folio).first()


def audit_trail(certificate: Certificate):
    """Every event of the certificate, its request and its assessment, oldest first."""
    targets = [certificate]
    if certificate.request_id:
        targets += [certificate.request, certificate.request.assessment]
    return events_about(*targets)


def request_blockers(request: CertificateRequest) -> list[str]:
    """Why a submitted request must wait: its standard no longer in force (unless CONOCER
    released it), or suspended, revoked or expired accreditations of its awarding body,
    centre or assessor for the standard. Empty when it may proceed."""
    return blockers_of([request])[request]


def blockers_of(requests) -> dict:
    """`request_blockers` of many submitted requests at once (a queue page), in a fixed
    number of queries."""
    waiting = [r for r in requests if r.status == CertificateRequest.Status.SUBMITTED]
    accreditations = bodies_selectors.blocking_accreditations_of_many(
        [(r.assessment.standard, r.awarding_body, r.assessment.centre, r.assessment.assessor)
         for r in waiting])
    found = {}
    for request, problems in zip(waiting, accreditations, strict=True):
        standard = "" if request.released_at else standards_selectors.not_in_force(
            request.assessment.standard)
        found[request] = ([standard] if standard else []) + problems
    return found


def requests_for(user, *, status: str = "", centre=None, standard=None, requested_from=None,
                 requested_until=None) -> QuerySet[CertificateRequest]:
    """Certificate requests this user may see (their awarding bodies' or centres'),
    oldest first, optionally filtered."""
    qs = CertificateRequest.objects.select_related(
        "awarding_body", "assessment__candidacy__person", "assessment__standard",
        "assessment__centre", "assessment__assessor")
    if not is_conocer_admin(user):
        centres = permissions.centres_for(user, "request.view")
        bodies = permissions.awarding_bodies_for(user, "request.view")
        qs = qs.filter(Q(awarding_body__in=bodies) | Q(assessment__centre__in=centres))
    if status:
        qs = qs.filter(status=status)
    if centre is not None:
        qs = qs.filter(assessment__centre=centre)
    if standard is not None:
        qs = qs.filter(assessment__standard=standard)
    if requested_from:
        qs = qs.filter(requested_at__date__gte=requested_from)
    if requested_until:
        qs = qs.filter(requested_at__date__lte=requested_until)
    return qs.order_by("requested_at", "pk")


def pdf_is_stored(certificate) -> bool:
    return bool(certificate.pdf and certificate.pdf_sha256
                and default_storage.exists(certificate.pdf.name))


def certificates_awaiting_pdf(*, queued_before):
    """Ids of certificates without a PDF whose rendering was never queued, could not be
    queued, or was queued before `queued_before`. Read from the partial index
    certificate_pdf_pending, which holds only certificates without a PDF, in no order:
    ordering by id would walk the primary key of millions of certificates."""
    return Certificate.objects.filter(
        Q(pdf_queued_at__isnull=True) | Q(pdf_queued_at__lt=queued_before), pdf_sha256="",
    ).order_by().values_list("pk", flat=True)


# What issuance answers to the apps below (registered in apps.py) ------------------------

def missing_certificates_for_assessor(assessor, standard) -> list[str]:
    """Why an assessor cannot be accredited for a standard, from the registry's own
    certificates: they must hold a valid certificate in the assessment standard
    (settings.ASSESSOR_STANDARD_CODE, EC0076) and one in the standard itself."""
    held = set(Certificate.objects.filter(
        holder__curp=assessor.curp, status=Certificate.Status.VALID
    ).values_list("standard__code", flat=True)) if assessor.curp else set()
    assessment_code = settings.ASSESSOR_STANDARD_CODE
    problems = []
    if assessment_code not in held:
        problems.append(_(
            "%(name)s holds no valid certificate in %(code)s (assessment of candidates), "
            "which every assessor needs.") % {"name": assessor, "code": assessment_code})
    if standard.code not in held and standard.code != assessment_code:
        problems.append(_(
            "%(name)s holds no valid certificate in %(code)s; assessors must be certified "
            "in the standard they assess.") % {"name": assessor, "code": standard.code})
    return problems


def already_certified(person, standard) -> list[str]:
    """A person holding a valid certificate in a standard needs no new assessment in it."""
    if Certificate.objects.filter(holder=person, standard=standard,
                                  status=Certificate.Status.VALID).exists():
        return [_("%(candidate)s already holds a valid certificate in %(code)s.") % {
            "candidate": person, "code": standard.code}]
    return []


def request_outcomes(assessments) -> dict[int, str]:
    """What became of each submitted assessment's request, in plain words."""
    outcomes = {}
    for req in CertificateRequest.objects.filter(assessment__in=assessments).select_related(
            "certificate"):
        text = req.get_status_display()
        certificate = getattr(req, "certificate", None)
        if certificate is not None:
            text += " · " + _("certificate %(folio)s") % {"folio": certificate.folio}
        elif req.rejection_reason:
            text += " · " + req.rejection_reason
        outcomes[req.assessment_id] = text
    return outcomes
