"""Certification use cases: usage figures of standards, assessor eligibility (it
depends on the certificates people hold), and assessments."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from bodies import permissions as bodies_permissions
from bodies import selectors as bodies_selectors
from bodies import services as bodies_services
from bodies.models import Accreditation, Assessor
from conocer.audit import record_event
from conocer.errors import ServiceError
from standards.models import Standard

from .models import Assessment, Candidate, Certificate, CertificateRequest


@transaction.atomic
def refresh_standard_usage(*, standard_ids=None) -> int:
    """Recount people holding a valid certificate, and the last issue date, per standard.

    Called after issuing or revoking and nightly; the catalogue reads the stored figures
    instead of counting certificates on every request. Returns how many standards changed.
    """
    standards = Standard.objects.all()
    if standard_ids is not None:
        standards = standards.filter(pk__in=standard_ids)
    usage = Certificate.objects.filter(standard=OuterRef("pk")).values("standard").annotate(
        people=Count("holder", distinct=True, filter=Q(status=Certificate.Status.VALID)),
        last=Max("issued_on"),
    )
    changed = 0
    for standard in standards.annotate(
        people=Subquery(usage.values("people")), last=Subquery(usage.values("last"))
    ).only("pk", "certified_count", "last_certified_on"):
        people = standard.people or 0
        if (standard.certified_count, standard.last_certified_on) != (people, standard.last):
            Standard.objects.filter(pk=standard.pk).update(
                certified_count=people, last_certified_on=standard.last)
            changed += 1
    return changed


# Assessor eligibility ------------------------------------------------------------------

def assessor_eligibility_problems(*, assessor: Assessor, standard: Standard) -> list[str]:
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


@transaction.atomic
def accredit_assessor(*, actor, assessor: Assessor, standard: Standard,
                      valid_from: datetime.date, valid_until: datetime.date) -> Accreditation:
    """Accredit an assessor for a standard once the registry shows they are eligible."""
    problems = assessor_eligibility_problems(assessor=assessor, standard=standard)
    if problems:
        raise ValidationError({"standard": problems})
    return bodies_services.grant_accreditation(
        actor=actor, assessor=assessor, standard=standard, valid_from=valid_from,
        valid_until=valid_until)


# Assessments ------------------------------------------------------------------------------

@transaction.atomic
def start_assessment(*, actor, candidate: Candidate, standard: Standard) -> Assessment:
    """An assessor opens an assessment of a candidate of their centre (or, for an
    independent assessor, one they registered) in a standard they are accredited for."""
    assessor = Assessor.objects.filter(user=actor).select_related(
        "centre", "awarding_body").first() if actor and actor.is_authenticated else None
    if assessor is None:
        raise bodies_services.PermissionDenied(_("Only assessors start assessments."))
    own_candidate = (candidate.registered_by_id == assessor.pk if assessor.is_independent
                     else candidate.centre_id == assessor.centre_id)
    if not own_candidate:
        raise bodies_services.PermissionDenied(_(
            "%(candidate)s is not a candidate of your assessment centre.") % {
            "candidate": candidate})
    problems = bodies_selectors.blocking_accreditations(
        standard=standard, awarding_body=assessor.awarding_body, centre=assessor.centre,
        assessor=assessor)
    if problems:
        raise ServiceError(" ".join(problems))
    if Assessment.objects.select_for_update().filter(
            candidate=candidate, standard=standard, status=Assessment.Status.DRAFT).exists():
        raise ServiceError(_("%(candidate)s already has an assessment in progress in "
                             "%(code)s.") % {"candidate": candidate, "code": standard.code})
    assessment = Assessment.objects.create(
        candidate=candidate, standard=standard, assessor=assessor, centre=assessor.centre,
        awarding_body=assessor.awarding_body)
    record_event(actor=actor, action="assessment.started", target=assessment,
                 standard=standard.code)
    return assessment


@transaction.atomic
def request_certificate(*, actor, assessment: Assessment) -> CertificateRequest:
    """The centre asks the awarding body for the certificate of a competent candidate.

    Refused while the awarding body, the centre or the assessor is not accredited for
    the standard (suspended, revoked or expired): no new requests meanwhile.
    """
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related(
        "standard", "centre", "assessor", "awarding_body").get(pk=assessment.pk)
    if not bodies_permissions.can(actor, "assessment.record", assessment):
        raise bodies_services.PermissionDenied(_("Only the assessor's centre can request "
                                                 "this certificate."))
    if assessment.status != Assessment.Status.SUBMITTED or \
            assessment.verdict != Assessment.Verdict.COMPETENT:
        raise ServiceError(_("Only a submitted assessment with the verdict competent can "
                             "become a certificate request."))
    if CertificateRequest.objects.filter(assessment=assessment).exists():
        raise ServiceError(_("A certificate has already been requested for this assessment."))
    problems = bodies_selectors.blocking_accreditations(
        standard=assessment.standard, awarding_body=assessment.awarding_body,
        centre=assessment.centre, assessor=assessment.assessor)
    if problems:
        raise ServiceError(" ".join(problems))
    request = CertificateRequest.objects.create(assessment=assessment,
                                                awarding_body=assessment.awarding_body,
                                                requested_by=actor)
    record_event(actor=actor, action="request.submitted", target=request,
                 standard=assessment.standard.code)
    return request
