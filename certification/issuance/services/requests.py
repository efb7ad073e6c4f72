"""Certificate requests: a competent verdict becomes a request to the awarding body,
whose reviewers approve it (issuing the certificate) or reject it with a reason (the
assessment goes back to its assessor)."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bodies import permissions
from bodies import selectors as bodies_selectors
from bodies.models import Accreditation
from certification.assessment.models import Assessment
from certification.assessment.services import assessments
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError, message_of
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors

from .. import hooks
from ..models import Certificate, CertificateRequest
from .certificates import issue_certificate
from .usage import count_issued


def _blockers(assessment, *, released=False) -> list[str]:
    """What stops a certificate request: the standard no longer in force (unless CONOCER
    released the request) and accreditations not in force."""
    problems = [] if released else [
        p for p in [standards_selectors.not_in_force(assessment.standard)] if p]
    return problems + bodies_selectors.blocking_accreditations(
        standard=assessment.standard, awarding_body=assessment.awarding_body,
        centre=assessment.centre, assessor=assessment.assessor)


def _lock_accreditations(assessment) -> None:
    """Lock the accreditations an approval rests on, so that a suspension committed
    first is the one that wins (it locks the same rows)."""
    list(Accreditation.objects.select_for_update().filter(
        standard=assessment.standard).filter(
        Q(awarding_body=assessment.awarding_body) | Q(centre=assessment.centre_id)
        | Q(assessor=assessment.assessor)).values_list("pk", flat=True))


@transaction.atomic
def request_certificate(*, actor, assessment: Assessment) -> CertificateRequest:
    """The centre asks the awarding body for the certificate of a competent candidate.

    A request rejected earlier is submitted again, corrected. Refused while the awarding
    body, the centre or the assessor is not accredited for the standard (suspended,
    revoked or expired): no new requests meanwhile.
    """
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related(
        "standard", "centre", "assessor", "awarding_body").get(pk=assessment.pk)
    if not (assessment.assessor.user_id == getattr(actor, "pk", None)
            or permissions.can(actor, "assessment.record", assessment)):
        raise PermissionDenied(_("Only the assessor's centre can request this certificate."))
    if assessment.status != Assessment.Status.SUBMITTED or \
            assessment.verdict != Assessment.Verdict.COMPETENT:
        raise ServiceError(_("Only a submitted assessment with the verdict competent can "
                             "become a certificate request."))
    request = CertificateRequest.objects.select_for_update().filter(
        assessment=assessment).first()
    if request is not None and request.status != CertificateRequest.Status.REJECTED:
        raise ServiceError(_("A certificate has already been requested for this assessment."))
    problems = _blockers(assessment)
    if problems:
        raise ServiceError(" ".join(problems))
    if request is None:
        request = CertificateRequest.objects.create(
            assessment=assessment, awarding_body=assessment.awarding_body, requested_by=actor)
        record_event(actor=actor, action="request.submitted", target=request,
                     standard=assessment.standard.code)
    else:
        previous_reason = request.rejection_reason
        request.status, request.rejection_reason = CertificateRequest.Status.SUBMITTED, ""
        request.requested_at, request.requested_by = clock.now(), actor
        request.reviewer, request.decided_at = None, None
        request.save()
        record_event(actor=actor, action="request.resubmitted", target=request,
                     previously_rejected_for=previous_reason)
    return request


def request_after_submission(actor, assessment: Assessment) -> None:
    """A competent verdict becomes a certificate request (assessment's submission hook)."""
    if assessment.verdict == Assessment.Verdict.COMPETENT:
        request_certificate(actor=actor, assessment=assessment)


def _request_to_decide(actor, request_id) -> CertificateRequest:
    """The request, locked, if this reviewer may decide it and it is still undecided."""
    req = CertificateRequest.objects.select_for_update(of=("self",)).select_related(
        "assessment__candidacy__person", "assessment__standard__sector",
        "assessment__centre", "assessment__assessor", "awarding_body").get(pk=request_id)
    if not permissions.can(actor, "request.review", req):
        raise PermissionDenied(_("Only the reviewers of the request's awarding body can "
                                 "decide it."))
    if req.status != CertificateRequest.Status.SUBMITTED:
        raise ServiceError(_("This request has already been decided (%(status)s).") % {
            "status": req.get_status_display().lower()})
    return req


@transaction.atomic
def approve_request(*, actor, request_id: int) -> Certificate:
    """Approve a certificate request and issue its certificate (one, even if two
    reviewers approve at the same moment)."""
    req = _request_to_decide(actor, request_id)
    _lock_accreditations(req.assessment)
    blockers = _blockers(req.assessment, released=req.released_at is not None)
    if blockers:
        raise ServiceError(_("This request is on hold: %(why)s") % {"why": " ".join(blockers)})
    assessment = req.assessment
    certificate = issue_certificate(
        request=req, holder=assessment.person, standard=assessment.standard,
        awarding_body=req.awarding_body, centre=assessment.centre, issued_on=clock.today(),
        recognition=hooks.recognition_of(assessment))
    req.status = CertificateRequest.Status.APPROVED
    req.reviewer, req.decided_at = actor, clock.now()
    req.save(update_fields=["status", "reviewer", "decided_at"])
    record_event(actor=actor, action="request.approved", target=req)
    record_event(actor=actor, action="certificate.issued", target=certificate,
                 folio=certificate.folio, standard=assessment.standard.code)
    count_issued(certificate)  # last: it locks the standard's row until commit
    return certificate


def approve_requests(*, actor, request_ids) -> tuple[list[Certificate], list[tuple[int, str]]]:
    """Bulk approval: each request in its own transaction; returns the issued certificates
    and, for each request that could not be approved, its number and why (an unknown or
    foreign id is one of those, told in the same words, not an error after the others
    were approved)."""
    issued, refused = [], []
    for request_id in request_ids:
        try:
            issued.append(approve_request(actor=actor, request_id=request_id))
        except (ObjectDoesNotExist, PermissionDenied):
            refused.append((request_id, _("You cannot decide this request.")))
        except (ServiceError, ValidationError) as error:
            refused.append((request_id, message_of(error)))
    return issued, refused


@transaction.atomic
def reject_request(*, actor, request_id: int, reason: str) -> CertificateRequest:
    """Send the request back to the centre with the reason; the assessment reopens."""
    req = _request_to_decide(actor, request_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the centre why the request is rejected.")})
    req.status, req.rejection_reason = CertificateRequest.Status.REJECTED, reason.strip()
    req.reviewer, req.decided_at = actor, clock.now()
    req.save(update_fields=["status", "rejection_reason", "reviewer", "decided_at"])
    assessments.reopen_assessment(actor=actor, assessment_id=req.assessment_id,
                                  reason=reason.strip())
    record_event(actor=actor, action="request.rejected", target=req, reason=reason.strip())
    return req


@transaction.atomic
def release_request(*, actor, request_id: int, reason: str) -> CertificateRequest:
    """CONOCER lets a request that was submitted before its standard expired or was
    withdrawn be decided anyway (a transition period); accreditations still apply."""
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators release requests on hold."))
    req = CertificateRequest.objects.select_for_update(of=("self",)).select_related(
        "assessment__standard").get(pk=request_id)
    if req.status != CertificateRequest.Status.SUBMITTED:
        raise ServiceError(_("Only a request awaiting review can be released."))
    problem = standards_selectors.not_in_force(req.assessment.standard)
    if not problem:
        raise ServiceError(_("This request is not on hold for its standard."))
    if req.released_at is not None:
        raise ServiceError(_("This request was released already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    req.released_at, req.released_by = clock.now(), actor
    req.release_reason = reason.strip()
    req.save(update_fields=["released_at", "released_by", "release_reason"])
    record_event(actor=actor, action="request.released", target=req,
                 reason=req.release_reason, standard_problem=problem)
    return req
