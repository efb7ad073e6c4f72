from django.db.models import Q, QuerySet

from bodies import permissions
from bodies import selectors as bodies_selectors
from bodies.models import Assessor
from conocer.models import AuditEvent

from .models import Assessment, Certificate, CertificateRequest


def certificate_by_folio(folio: str) -> Certificate | None:
    """The certificate with this (normalized) folio, with what its public page shows."""
    return (
        Certificate.objects.select_related(
            "holder", "standard", "awarding_body", "centre", "replaced_by"
        )
        .filter(folio=folio)
        .first()
    )



def request_blockers(request: CertificateRequest) -> list[str]:
    """Why a submitted request must wait: suspended, revoked or expired accreditations of
    its awarding body, centre or assessor for the standard. Empty when it may proceed."""
    assessment = request.assessment
    return bodies_selectors.blocking_accreditations(
        standard=assessment.standard, awarding_body=request.awarding_body,
        centre=assessment.centre, assessor=assessment.assessor)


def requests_for(user, *, status: str = "", centre=None, standard=None, requested_from=None,
                 requested_until=None) -> QuerySet[CertificateRequest]:
    """Certificate requests this user may see (their awarding bodies' or centres'),
    oldest first, optionally filtered."""
    qs = CertificateRequest.objects.select_related(
        "awarding_body", "assessment__candidate", "assessment__standard",
        "assessment__centre", "assessment__assessor")
    if not permissions.is_conocer_admin(user):
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


def assessor_for(user) -> Assessor | None:
    """The assessor record of a signed-in user, if they are one."""
    if not (user and user.is_authenticated):
        return None
    return Assessor.objects.filter(user=user).select_related("centre", "awarding_body").first()


def assessments_of(assessor) -> QuerySet[Assessment]:
    return assessor.assessments.select_related("candidate", "standard", "request").order_by(
        "-started_at")


def assessment_file(assessment_id: int) -> Assessment:
    """An assessment with everything its file shows: structure, judgements, evidence."""
    return Assessment.objects.select_related(
        "candidate", "standard", "assessor", "centre", "awarding_body").prefetch_related(
        "judgements", "evidence", "standard__units__criteria").get(pk=assessment_id)


def judged_structure(assessment: Assessment) -> list:
    """[(unit, [(criterion, judgement or None), …]), …] of an assessment_file()."""
    judgements = {j.criterion_id: j for j in assessment.judgements.all()}
    return [(unit, [(c, judgements.get(c.pk)) for c in unit.criteria.all()])
            for unit in assessment.standard.units.all()]


def certificate_with_history(folio: str) -> Certificate | None:
    return Certificate.objects.select_related(
        "holder", "standard", "awarding_body", "centre", "replaces", "replaced_by",
        "request__assessment").filter(folio=folio).first()


def audit_trail(certificate: Certificate):
    """Every event of the certificate, its request and its assessment, oldest first."""
    targets = Q(target_type="certification.certificate", target_id=str(certificate.pk))
    if certificate.request_id:
        targets |= Q(target_type="certification.certificaterequest",
                     target_id=str(certificate.request_id))
        targets |= Q(target_type="certification.assessment",
                     target_id=str(certificate.request.assessment_id))
    return AuditEvent.objects.filter(targets).select_related("actor").order_by(
        "created_at", "id")


def pdf_is_public(certificate: Certificate) -> bool:
    """Anyone may download the PDF of a valid certificate whose holder chose to appear in
    the public registry of certified persons (RENAP)."""
    return (certificate.status == Certificate.Status.VALID
            and certificate.holder.public_registry_opt_in and bool(certificate.pdf_sha256))


def public_certificates_of(curp: str) -> QuerySet[Certificate]:
    """Valid certificates of a CURP, only if its holder opted into RENAP."""
    return Certificate.objects.filter(
        holder__curp=curp, holder__public_registry_opt_in=True,
        status=Certificate.Status.VALID).select_related("standard", "awarding_body").order_by(
        "-issued_on")


def certificate_by_pdf_hash(sha256: str) -> Certificate | None:
    return Certificate.objects.select_related("holder", "standard").filter(
        pdf_sha256=sha256).first()
