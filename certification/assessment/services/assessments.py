"""Assessments: an assessor opens one, judges each criterion (autosaved), gathers
evidence and closes it with a verdict. What happens to a competent verdict is the
business of the apps above (hooks.assessment_submitted)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bodies import selectors as bodies_selectors
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.text import contains_nul
from standards import selectors as standards_selectors
from standards.models import Standard

from .. import hooks, selectors
from ..evidence import inspect_upload
from ..models import Assessment, Candidacy, Evidence, Judgement


def _in_progress(candidacy, standard) -> ServiceError:
    return ServiceError(_("%(candidate)s already has an assessment in progress in %(code)s.")
                        % {"candidate": candidacy.person, "code": standard.code})


@transaction.atomic
def start_assessment(*, actor, candidacy: Candidacy, standard: Standard) -> Assessment:
    """An assessor opens an assessment of a candidate of their centre (or, for an
    independent assessor, one they registered) in a standard they are accredited for."""
    assessor = selectors.assessor_for(actor)
    if assessor is None:
        raise PermissionDenied(_("Only assessors start assessments."))
    own = (candidacy.assessor_id == assessor.pk if assessor.is_independent
           else candidacy.centre_id == assessor.centre_id)
    if not own:
        raise PermissionDenied(_("%(candidate)s is not a candidate of your assessment centre.")
                               % {"candidate": candidacy.person})
    problems = [p for p in [standards_selectors.not_in_force(standard)] if p]
    problems += bodies_selectors.blocking_accreditations(
        standard=standard, awarding_body=assessor.awarding_body, centre=assessor.centre,
        assessor=assessor)
    problems += [reason for check in hooks.start_refusals
                 for reason in check(candidacy.person, standard)]
    if problems:
        raise ServiceError(" ".join(problems))
    if Assessment.objects.filter(candidacy=candidacy, standard=standard,
                                 status=Assessment.Status.DRAFT).exists():
        raise _in_progress(candidacy, standard)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                candidacy=candidacy, standard=standard, assessor=assessor,
                centre=assessor.centre, awarding_body=assessor.awarding_body)
    except IntegrityError:  # another start won the race (one_draft_per_candidacy_and_standard)
        raise _in_progress(candidacy, standard) from None
    record_event(actor=actor, action="assessment.started", target=assessment,
                 standard=standard.code)
    return assessment


def _own_draft(actor, assessment_id) -> Assessment:
    """The assessment, locked, if it is a draft of this assessor."""
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related(
        "standard", "assessor", "candidacy__person").get(pk=assessment_id)
    if assessment.assessor.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the assessor who leads this assessment can change it."))
    if assessment.status != Assessment.Status.DRAFT:
        raise ServiceError(_("This assessment has been submitted and can no longer change."))
    return assessment


@transaction.atomic
def ensure_can_judge(*, actor, assessment_id: int) -> None:
    """Refuse as the judgement services would (PermissionDenied, ServiceError,
    Assessment.DoesNotExist) when the actor may not judge this assessment now: so that a
    page says what is wrong with the input only to the assessor who may send it."""
    _own_draft(actor, assessment_id)


class StaleJudgement(ServiceError):
    def __init__(self, message, *, judgement):
        super().__init__(message)
        self.judgement = judgement


def _stale(judgement) -> "StaleJudgement":
    return StaleJudgement(_(
        "This criterion was changed in another window at %(time)s; its newer judgement was "
        "kept.") % {"time": timezone.localtime(judgement.updated_at).strftime("%H:%M:%S")},
        judgement=judgement)


def _judge(judgement: Judgement, met: bool | None, note: str, seen_at) -> bool:
    """Apply one judgement as the assessor's page sent it; whether it changed. A blank
    never erases a recorded judgement; a page that saw an older one is refused."""
    note = note.strip()
    if contains_nul(note):
        raise ValidationError({"note": _("This note contains an invisible control character "
                                         "that cannot be stored; type it again by hand.")})
    if met is None and not note:
        return False
    if judgement.pk is not None:
        # What the page sends unchanged (e.g. saved by its own autosave meanwhile) is no
        # conflict, however old the page.
        if (judgement.met, judgement.note) == (met, note):
            return False
        if seen_at is not None and judgement.updated_at > seen_at:
            raise _stale(judgement)
    judgement.met, judgement.note = met, note
    return True


@transaction.atomic
def save_judgement(*, actor, assessment_id: int, criterion_id: int, met: bool | None,
                   note: str, seen_at=None) -> Judgement:
    """Record the judgement on one criterion (autosave).

    `seen_at` is when the assessor's page last saw this judgement: if it has changed
    since (another tab, another device), the save is refused (StaleJudgement) and the
    newer one kept. A blank judgement never erases a recorded one.
    """
    assessment = _own_draft(actor, assessment_id)
    criterion = assessment.criteria().filter(pk=criterion_id).first()
    if criterion is None:
        raise ServiceError(_("This criterion is not part of %(code)s.") % {
            "code": assessment.standard.code})
    judgement = Judgement.objects.select_for_update().filter(
        assessment=assessment, criterion=criterion).first() or Judgement(
        assessment=assessment, criterion=criterion)
    if _judge(judgement, met, note, seen_at):
        judgement.save()
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return judgement


@transaction.atomic
def record_judgements(*, actor, assessment_id: int, judgements: dict, seen_at=None,
                      seen: dict | None = None) -> tuple[int, int]:
    """Record the whole judgement form at once: `judgements` maps criterion ids to
    `(met, note)`. Criteria changed elsewhere since the page saw them (`seen`, per
    criterion id, else `seen_at`) keep their newer judgement.
    Returns (how many changed, how many were kept)."""
    seen = seen or {}
    assessment = _own_draft(actor, assessment_id)
    criteria = set(assessment.criteria().filter(pk__in=judgements).values_list("pk",
                                                                               flat=True))
    stored = {j.criterion_id: j for j in Judgement.objects.select_for_update().filter(
        assessment=assessment, criterion__in=criteria)}
    changed, kept = [], 0
    for criterion_id in sorted(criteria):
        judgement = stored.get(criterion_id) or Judgement(assessment=assessment,
                                                          criterion_id=criterion_id)
        met, note = judgements[criterion_id]
        try:
            if _judge(judgement, met, note, seen.get(criterion_id, seen_at)):
                changed.append(judgement)
        except StaleJudgement:
            kept += 1
    now = timezone.now()
    for judgement in changed:
        judgement.updated_at = now
    new = [j for j in changed if j.pk is None]
    Judgement.objects.bulk_update([j for j in changed if j.pk is not None],
                                  ["met", "note", "updated_at"])
    Judgement.objects.bulk_create(new)
    if changed:
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=now)
    return len(changed), kept


@transaction.atomic
def add_evidence(*, actor, assessment_id: int, uploaded, criterion_id: int | None = None
                 ) -> Evidence:
    assessment = _own_draft(actor, assessment_id)
    try:
        content_type, sha256 = inspect_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    criterion = None
    if criterion_id:
        criterion = assessment.criteria().filter(pk=criterion_id).first()
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
    """Close the assessment with a verdict. What follows (a competent verdict becomes a
    certificate request) is done by hooks.assessment_submitted in the same transaction."""
    assessment = _own_draft(actor, assessment_id)
    criteria = assessment.criteria()
    judged = {j.criterion_id: j.met for j in assessment.judgements.filter(
        criterion__in=criteria)}
    missing = [c for c in criteria if judged.get(c.pk) is None]
    if missing:
        raise ValidationError({"verdict": ngettext(
            "%(n)s criterion has no judgement yet; judge every criterion before submitting.",
            "%(n)s criteria have no judgement yet; judge every criterion before submitting.",
            len(missing)) % {"n": len(missing)}})
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
    assessment.returned_reason = ""
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = clock.now()
    assessment.save()
    record_event(actor=actor, action="assessment.submitted", target=assessment,
                 verdict=verdict)
    for follow_up in hooks.assessment_submitted:
        follow_up(actor, assessment)
    return assessment


def reopen_assessment(*, actor, assessment_id: int, reason: str) -> Assessment:
    """Send a submitted assessment back to its assessor as a draft, because its
    certificate request was rejected for `reason`. Runs inside the transaction of the
    rejection, whose service has checked that the actor may decide."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    for listener in hooks.assessment_reopened:
        listener(assessment)
    assessment.status, assessment.verdict, assessment.submitted_at = (
        Assessment.Status.DRAFT, "", None)
    assessment.returned_reason = reason
    assessment.save(update_fields=["status", "verdict", "submitted_at", "returned_reason",
                                   "updated_at"])
    record_event(actor=actor, action="assessment.reopened", target=assessment, reason=reason)
    return assessment


def open_scoped_assessment(*, actor, candidacy: Candidacy, standard: Standard, assessor,
                           units, reason: str) -> Assessment:
    """Open an assessment limited to `units` of the standard (what a partial recognition
    of a foreign certificate left to assess), led by `assessor`. Runs inside the
    transaction of the service that decided it, which has checked that the actor may and
    that the assessor and their centre are accredited for the standard."""
    units = list(units)
    if not units or any(unit.standard_id != standard.pk for unit in units):
        raise ValidationError({"units": _("Choose the units of %(code)s still to assess.")
                               % {"code": standard.code}})
    if Assessment.objects.filter(candidacy=candidacy, standard=standard,
                                 status=Assessment.Status.DRAFT).exists():
        raise _in_progress(candidacy, standard)
    assessment = Assessment.objects.create(
        candidacy=candidacy, standard=standard, assessor=assessor, centre=assessor.centre,
        awarding_body=assessor.awarding_body)
    assessment.scope.set(units)
    record_event(actor=actor, action="assessment.started", target=assessment,
                 standard=standard.code, units=[unit.code for unit in units], reason=reason)
    return assessment
