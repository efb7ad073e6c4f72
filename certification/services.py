"""Certification use cases: usage figures of standards, assessor eligibility (it
depends on the certificates people hold), and assessments."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.mx import curp as stdnum_curp

from bodies import permissions as bodies_permissions
from bodies import selectors as bodies_selectors
from bodies import services as bodies_services
from bodies.models import Accreditation, Assessor
from conocer.audit import record_event
from conocer.errors import ServiceError
from standards.models import Criterion, Standard
from standards.text import fold

from . import pdf, pdfsign, selectors, signing
from .evidence import inspect_upload
from .folio import new_folio
from .identity import normalize_curp
from .models import (
    Assessment,
    Candidate,
    Certificate,
    CertificateRequest,
    Evidence,
    Judgement,
    certificate_pdf_path,
)


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
    assessor = selectors.assessor_for(actor)
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
    if candidate.certificates.filter(standard=standard,
                                     status=Certificate.Status.VALID).exists():
        raise ServiceError(_("%(candidate)s already holds a valid certificate in %(code)s.")
                           % {"candidate": candidate, "code": standard.code})
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

    A request rejected earlier is submitted again, corrected. Refused while the awarding
    body, the centre or the assessor is not accredited for the standard (suspended,
    revoked or expired): no new requests meanwhile.
    """
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related(
        "standard", "centre", "assessor", "awarding_body").get(pk=assessment.pk)
    if not (assessment.assessor.user_id == getattr(actor, "pk", None)
            or bodies_permissions.can(actor, "assessment.record", assessment)):
        raise bodies_services.PermissionDenied(_("Only the assessor's centre can request "
                                                 "this certificate."))
    if assessment.status != Assessment.Status.SUBMITTED or \
            assessment.verdict != Assessment.Verdict.COMPETENT:
        raise ServiceError(_("Only a submitted assessment with the verdict competent can "
                             "become a certificate request."))
    request = CertificateRequest.objects.select_for_update().filter(
        assessment=assessment).first()
    if request is not None and request.status != CertificateRequest.Status.REJECTED:
        raise ServiceError(_("A certificate has already been requested for this assessment."))
    problems = bodies_selectors.blocking_accreditations(
        standard=assessment.standard, awarding_body=assessment.awarding_body,
        centre=assessment.centre, assessor=assessment.assessor)
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
        request.requested_at, request.requested_by = timezone.now(), actor
        request.reviewer, request.decided_at = None, None
        request.save()
        record_event(actor=actor, action="request.resubmitted", target=request,
                     previously_rejected_for=previous_reason)
    return request


# Candidates ------------------------------------------------------------------------------

class PossibleDuplicate(ServiceError):
    """Someone with the same name and birth date is already registered."""

    def __init__(self, message, *, matches):
        super().__init__(message)
        self.matches = matches


def probable_duplicates(*, given_names, first_surname, second_surname, birth_date):
    return [c for c in Candidate.objects.filter(birth_date=birth_date)
            if fold(c.full_name) == fold(" ".join(
                p for p in (given_names, first_surname, second_surname) if p))]


@transaction.atomic
def register_candidate(*, actor, centre=None, privacy_consent: bool, confirm_duplicate=False,
                       **data) -> Candidate:
    """Register a person at a centre (or with an independent assessor, centre=None), by
    CURP or by another identity document.

    Raises ValidationError for field problems and PossibleDuplicate when someone with
    the same name and birth date exists (call again with confirm_duplicate=True).
    """
    assessor = selectors.assessor_for(actor)
    if centre is None:
        if assessor is None or not assessor.is_independent:
            raise bodies_services.PermissionDenied(
                _("Candidates are registered at a centre or by an independent assessor."))
    elif not bodies_permissions.can(actor, "candidate.register", centre):
        raise bodies_services.PermissionDenied(
            _("Only staff of %(centre)s can register its candidates.") % {"centre": centre})
    if not privacy_consent:
        raise ValidationError({"privacy_consent": _(
            "The person must accept the privacy notice before being registered.")})
    candidate = Candidate(centre=centre, registered_by=assessor,
                          privacy_consent_at=timezone.now(), **data)
    candidate.curp = normalize_curp(candidate.curp)
    if candidate.curp:
        candidate.id_document_type = candidate.id_document_number = ""
        candidate.id_document_country = ""
    if candidate.curp:
        existing = Candidate.objects.filter(curp=candidate.curp).select_related("centre").first()
        if existing:
            raise ValidationError({"curp": _(
                "A person with this CURP is already registered (at %(centre)s); look them "
                "up instead of registering them again.") % {"centre": existing.centre}})
    candidate.full_clean()
    if candidate.curp:
        born = stdnum_curp.get_birth_date(candidate.curp)
        if born != candidate.birth_date:
            raise ValidationError({"birth_date": _(
                "The CURP says the person was born on %(date)s.") % {"date": born}})
    if not confirm_duplicate:
        matches = probable_duplicates(
            given_names=candidate.given_names, first_surname=candidate.first_surname,
            second_surname=candidate.second_surname, birth_date=candidate.birth_date)
        if matches:
            raise PossibleDuplicate(
                _("%(name)s, born on %(date)s, may already be registered. Check the list; "
                  "register anyway only if it is another person.") % {
                    "name": candidate.full_name, "date": candidate.birth_date},
                matches=matches)
    candidate.save()
    record_event(actor=actor, action="candidate.registered", target=candidate,
                 centre=centre.code if centre else "",
                 identity="curp" if candidate.curp else "document")
    return candidate


# Assessments ------------------------------------------------------------------------------

def _own_draft(actor, assessment_id) -> Assessment:
    """The assessment, locked, if it is a draft of this assessor."""
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related(
        "standard", "assessor", "candidate").get(pk=assessment_id)
    if assessment.assessor.user_id != getattr(actor, "pk", None):
        raise bodies_services.PermissionDenied(
            _("Only the assessor who leads this assessment can change it."))
    if assessment.status != Assessment.Status.DRAFT:
        raise ServiceError(_("This assessment has been submitted and can no longer change."))
    return assessment


class StaleJudgement(ServiceError):
    def __init__(self, message, *, judgement):
        super().__init__(message)
        self.judgement = judgement


@transaction.atomic
def save_judgement(*, actor, assessment_id: int, criterion_id: int, met: bool | None,
                   note: str, seen_at=None) -> Judgement:
    """Record the judgement on one criterion (autosave).

    `seen_at` is when the assessor's page last saw this judgement: if it has changed
    since (another tab, another device), the save is refused and the newer one kept.
    A blank judgement never erases a recorded one.
    """
    assessment = _own_draft(actor, assessment_id)
    criterion = Criterion.objects.filter(pk=criterion_id,
                                         unit__standard=assessment.standard_id).first()
    if criterion is None:
        raise ServiceError(_("This criterion is not part of %(code)s.") % {
            "code": assessment.standard.code})
    judgement = Judgement.objects.select_for_update().filter(
        assessment=assessment, criterion=criterion).first()
    note = note.strip()
    if judgement is None:
        judgement = Judgement(assessment=assessment, criterion=criterion)
    else:
        if seen_at is not None and judgement.updated_at > seen_at:
            raise StaleJudgement(_(
                "This criterion was changed in another window at %(time)s; its newer "
                "judgement was kept.") % {"time": timezone.localtime(
                    judgement.updated_at).strftime("%H:%M:%S")}, judgement=judgement)
        if met is None and not note:
            return judgement
        if (judgement.met, judgement.note) == (met, note):
            return judgement
    judgement.met, judgement.note = met, note
    judgement.save()
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return judgement


@transaction.atomic
def add_evidence(*, actor, assessment_id: int, uploaded, criterion_id: int | None = None
                 ) -> Evidence:
    assessment = _own_draft(actor, assessment_id)
    content_type, sha256 = inspect_upload(uploaded)
    criterion = None
    if criterion_id:
        criterion = Criterion.objects.filter(pk=criterion_id,
                                             unit__standard=assessment.standard_id).first()
    evidence = Evidence(assessment=assessment, criterion=criterion,
                        original_name=uploaded.name[:255], content_type=content_type,
                        size=uploaded.size, sha256=sha256, uploaded_by=actor)
    evidence.file.save(uploaded.name, uploaded, save=False)
    evidence.save()
    record_event(actor=actor, action="assessment.evidence_added", target=assessment,
                 file=evidence.original_name, sha256=sha256)
    return evidence


@transaction.atomic
def remove_evidence(*, actor, evidence_id: int) -> None:
    """Take a file out of a draft assessment's portfolio (the audit log keeps its hash)."""
    evidence = Evidence.objects.get(pk=evidence_id)
    _own_draft(actor, evidence.assessment_id)
    record_event(actor=actor, action="assessment.evidence_removed",
                 target=evidence.assessment, file=evidence.original_name,
                 sha256=evidence.sha256)
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def submit_assessment(*, actor, assessment_id: int, verdict: str, feedback: str = ""
                      ) -> Assessment:
    """Close the assessment with a verdict; a competent one becomes a certificate request."""
    assessment = _own_draft(actor, assessment_id)
    criteria = Criterion.objects.filter(unit__standard=assessment.standard_id)
    judged = {j.criterion_id: j.met for j in assessment.judgements.all()}
    missing = [c for c in criteria if judged.get(c.pk) is None]
    if missing:
        raise ValidationError({"verdict": _(
            "%(n)s criteria have no judgement yet; judge every criterion before submitting.")
            % {"n": len(missing)}})
    feedback = feedback.strip()
    if verdict == Assessment.Verdict.COMPETENT:
        if not all(judged.values()):
            raise ValidationError({"verdict": _(
                "A candidate is competent only when every criterion is met.")})
    elif verdict == Assessment.Verdict.NOT_YET_COMPETENT:
        if not feedback:
            raise ValidationError({"feedback": _(
                "Write the feedback that tells the candidate what to learn before a new "
                "assessment.")})
    else:
        raise ValidationError({"verdict": _("Choose competent or not yet competent.")})
    assessment.verdict, assessment.feedback = verdict, feedback
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    record_event(actor=actor, action="assessment.submitted", target=assessment,
                 verdict=verdict)
    if verdict == Assessment.Verdict.COMPETENT:
        request_certificate(actor=actor, assessment=assessment)
    return assessment


# Requests, issuance ----------------------------------------------------------------------

def _enqueue_pdf(certificate_id: int) -> None:
    from .tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.delay(certificate_id))


def _create_certificate(**fields) -> Certificate:
    """Insert with a fresh random folio (a 55-bit collision just draws again) and sign
    its credential with the registry's active key."""
    for _attempt in range(5):
        folio = new_folio()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(folio=folio, **fields)
        except IntegrityError:
            if not Certificate.objects.filter(folio=folio).exists():
                raise  # another constraint (e.g. one certificate per request)
            continue
        certificate.signing_key_id, certificate.signature = signing.sign(certificate)
        certificate.save(update_fields=["signing_key_id", "signature"])
        return certificate
    raise ServiceError(_("Could not draw a unique folio; please try again."))


def sign_unsigned_certificates() -> int:
    """Sign certificates issued before signing existed (imported or demo data)."""
    signed = 0
    for certificate in Certificate.objects.filter(signature="").select_related(
            "holder", "standard", "awarding_body", "centre").iterator(chunk_size=500):
        kid, signature = signing.sign(certificate)
        Certificate.objects.filter(pk=certificate.pk, signature="").update(
            signing_key_id=kid, signature=signature)
        signed += 1
    return signed


def _request_to_decide(actor, request_id) -> CertificateRequest:
    """The request, locked, if this reviewer may decide it and it is still undecided."""
    req = CertificateRequest.objects.select_for_update(of=("self",)).select_related(
        "assessment__candidate", "assessment__standard", "assessment__centre",
        "assessment__assessor", "awarding_body").get(pk=request_id)
    if not bodies_permissions.can(actor, "request.review", req):
        raise bodies_services.PermissionDenied(
            _("Only reviewers of %(body)s can decide this request.") % {
                "body": req.awarding_body})
    if req.status != CertificateRequest.Status.SUBMITTED:
        raise ServiceError(_("This request has already been decided (%(status)s).") % {
            "status": req.get_status_display().lower()})
    return req


@transaction.atomic
def approve_request(*, actor, request_id: int) -> Certificate:
    """Approve a certificate request and issue its certificate (one, even if two
    reviewers approve at the same moment)."""
    req = _request_to_decide(actor, request_id)
    blockers = bodies_selectors.blocking_accreditations(
        standard=req.assessment.standard, awarding_body=req.awarding_body,
        centre=req.assessment.centre, assessor=req.assessment.assessor)
    if blockers:
        raise ServiceError(_("This request is on hold: %(why)s") % {"why": " ".join(blockers)})
    assessment = req.assessment
    certificate = _create_certificate(
        request=req, holder=assessment.candidate, standard=assessment.standard,
        awarding_body=req.awarding_body, centre=assessment.centre,
        issued_on=timezone.localdate())
    req.status = CertificateRequest.Status.APPROVED
    req.reviewer, req.decided_at = actor, timezone.now()
    req.save(update_fields=["status", "reviewer", "decided_at"])
    record_event(actor=actor, action="request.approved", target=req)
    record_event(actor=actor, action="certificate.issued", target=certificate,
                 folio=certificate.folio, standard=assessment.standard.code)
    refresh_standard_usage(standard_ids=[assessment.standard_id])
    _enqueue_pdf(certificate.pk)
    return certificate


def approve_requests(*, actor, request_ids) -> tuple[list[Certificate], list[str]]:
    """Bulk approval: each request in its own transaction; returns issued certificates and
    the reasons of those that could not be approved."""
    issued, refused = [], []
    for request_id in request_ids:
        try:
            issued.append(approve_request(actor=actor, request_id=request_id))
        except ServiceError as error:
            refused.append(error.message)
    return issued, refused


@transaction.atomic
def reject_request(*, actor, request_id: int, reason: str) -> CertificateRequest:
    """Send the request back to the centre with the reason; the assessment reopens."""
    req = _request_to_decide(actor, request_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the centre why the request is rejected.")})
    req.status, req.rejection_reason = CertificateRequest.Status.REJECTED, reason.strip()
    req.reviewer, req.decided_at = actor, timezone.now()
    req.save(update_fields=["status", "rejection_reason", "reviewer", "decided_at"])
    Assessment.objects.filter(pk=req.assessment_id).update(
        status=Assessment.Status.DRAFT, verdict="", submitted_at=None)
    record_event(actor=actor, action="request.rejected", target=req, reason=reason.strip())
    return req


# After issuance -----------------------------------------------------------------------------

def _locked_certificate(certificate_id) -> Certificate:
    return Certificate.objects.select_for_update(of=("self",)).select_related(
        "holder", "standard", "awarding_body").get(pk=certificate_id)


def _ensure_can_withdraw(actor, certificate):
    if not bodies_permissions.can(actor, "certificate.revoke", certificate):
        raise bodies_services.PermissionDenied(_(
            "Only CONOCER administrators and the issuing awarding body can change a "
            "certificate."))
    if certificate.status != Certificate.Status.VALID:
        raise ServiceError(_("Certificate %(folio)s is %(status)s already.") % {
            "folio": certificate.folio, "status": certificate.get_status_display().lower()})


@transaction.atomic
def withdraw_certificate(*, actor, certificate_id: int, status: str, reason: str
                         ) -> Certificate:
    """Cancel (issued in error) or revoke (obtained improperly) a certificate."""
    certificate = _locked_certificate(certificate_id)
    _ensure_can_withdraw(actor, certificate)
    if status not in (Certificate.Status.CANCELLED, Certificate.Status.REVOKED):
        raise ValidationError({"status": _("Choose cancel or revoke.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    certificate.status, certificate.status_reason = status, reason.strip()
    certificate.status_changed_at = timezone.now()
    certificate.save(update_fields=["status", "status_reason", "status_changed_at"])
    record_event(actor=actor, action=f"certificate.{status}", target=certificate,
                 reason=reason.strip())
    refresh_standard_usage(standard_ids=[certificate.standard_id])
    return certificate


@transaction.atomic
def reissue_certificate(*, actor, certificate_id: int, reason: str,
                        corrections: dict | None = None) -> Certificate:
    """Issue a corrected certificate that replaces this one; the old one keeps its folio
    and says which certificate replaced it. `corrections` may fix the holder's names."""
    old = _locked_certificate(certificate_id)
    _ensure_can_withdraw(actor, old)
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    holder = old.holder
    changed = {k: v.strip() for k, v in (corrections or {}).items()
               if k in ("given_names", "first_surname", "second_surname")
               and v.strip() != getattr(holder, k)}
    if changed:
        for name, value in changed.items():
            setattr(holder, name, value)
        holder.full_clean()
        holder.save(update_fields=list(changed))
        record_event(actor=actor, action="candidate.corrected", target=holder,
                     fields=sorted(changed))
    old.status, old.status_reason = Certificate.Status.REPLACED, reason.strip()
    old.status_changed_at = timezone.now()
    old.save(update_fields=["status", "status_reason", "status_changed_at"])
    new = _create_certificate(holder=holder, standard=old.standard,
                              awarding_body=old.awarding_body, centre=old.centre,
                              issued_on=timezone.localdate(), replaces=old)
    record_event(actor=actor, action="certificate.replaced", target=old, by=new.folio,
                 reason=reason.strip())
    record_event(actor=actor, action="certificate.issued", target=new, folio=new.folio,
                 replaces=old.folio)
    _enqueue_pdf(new.pk)
    return new


def store_certificate_pdf(*, certificate_id: int) -> Certificate:
    """Render and store the certificate's PDF, recording its SHA-256. Idempotent: a
    certificate whose stored PDF is present is left as it is."""
    certificate = Certificate.objects.select_related(*pdf.PDF_RELATED).get(pk=certificate_id)
    if pdf_is_stored(certificate):
        return certificate
    content = pdfsign.sign_pdf(pdf.render_certificate_pdf(certificate))
    with transaction.atomic():
        locked = _locked_certificate(certificate_id)
        if pdf_is_stored(locked):
            return locked
        name = certificate_pdf_path(locked, "")
        if default_storage.exists(name):
            default_storage.delete(name)
        locked.pdf.save(name, ContentFile(content), save=False)
        locked.pdf_sha256 = hashlib.sha256(content).hexdigest()
        locked.pdf_generated_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_generated_at"])
        record_event(actor=None, action="certificate.pdf_generated", target=locked,
                     sha256=locked.pdf_sha256)
    return locked


def pdf_is_stored(certificate) -> bool:
    return bool(certificate.pdf and certificate.pdf_sha256
                and default_storage.exists(certificate.pdf.name))


def certificates_missing_pdf():
    return Certificate.objects.filter(pdf_sha256="").values_list("pk", flat=True)


@dataclass(frozen=True)
class DocumentOutcome:
    """The answer to 'is this PDF a registry document?'."""

    authentic: bool
    certificate: Certificate | None
    explanation: str


def check_document(uploaded) -> DocumentOutcome:
    """Compare an uploaded PDF with the registry: its SHA-256 against the stored PDFs, and
    its PAdES signature against the registry's signing certificate."""
    content = uploaded.read()
    digest = hashlib.sha256(content).hexdigest()
    certificate = selectors.certificate_by_pdf_hash(digest)
    if certificate is not None:
        return DocumentOutcome(True, certificate, _(
            "This is the registry's document for folio %(folio)s, unmodified (its SHA-256 "
            "matches).") % {"folio": certificate.folio})
    check = pdfsign.check_pdf(content)
    if check.intact and check.by_registry:
        return DocumentOutcome(True, None, _(
            "The registry's digital signature on this PDF is valid and covers the whole "
            "document, but this copy is not the one on file; verify its folio too."))
    if check.by_registry:
        return DocumentOutcome(False, None, _(
            "This PDF was signed by the registry but has been modified since: do not trust "
            "its contents."))
    return DocumentOutcome(False, None, _(
        "This PDF is not a document issued by the registry (no valid registry signature, "
        "and no certificate on file has this content)."))
