"""Qualification certificates: issued by the registry itself once a person holds valid
certificates for every unit (component standard) of a published qualification, and
reviewed by CONOCER when a unit certificate they rest on is cancelled or revoked.

* Issuance. A unit certificate's issuance (approval, import, recognition, corrected
  reissue) tells `hooks.certificate_changes`; `on_certificate_change` then queues
  `issuance.issue_qualification_certificates` for the holder, after commit. The task
  calls `issue_due_qualifications`, which locks the person's row first: two unit
  certificates issued at the same moment queue two tasks, and the second waits for the
  first and finds its qualification certificate (one, never two). A certificate in a
  version linked to the unit's standard by an equivalent supersession counts for it
  (standards/supersession.py).
* The nightly sweep (`issue_missed_qualifications`, Celery beat) issues what no task
  did: a task lost because the broker was down when the last unit was issued, or a
  qualification published after its holders had completed it.
* Awarding body. No body is accredited for a qualification as such: the qualification
  certificate names the body of the unit certificate that completed the set (the latest
  issued), whose reviewers approved the last step and whom the holder dealt with last;
  no centre (the units were assessed in different places).
* Review. Cancelling or revoking a unit certificate flags every valid qualification
  certificate resting on it (`QualificationReview`), in the same transaction; nothing is
  revoked silently. CONOCER keeps it with a note, or revokes it (`withdraw_certificate`).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from certification.assessment.models import Person
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin
from conocer.core.tasks import enqueue_after_commit
from standards import selectors as standards_selectors
from standards import supersession
from standards.models import Standard

from .. import hooks
from ..models import Certificate, QualificationReview
from .certificates import issue_certificate, withdraw_certificate
from .usage import count_issued

logger = logging.getLogger(__name__)

TASK = "issuance.issue_qualification_certificates"
C = Certificate.Status
R = QualificationReview.Outcome
QUALIFICATION = Standard.Kind.QUALIFICATION


# Which certificates count ---------------------------------------------------------------

def unit_certificates_held(person) -> list[Certificate]:
    """The person's valid, unexpired certificates in standards (not qualifications)."""
    today = clock.today()
    return [c for c in Certificate.objects.filter(holder=person, status=C.VALID).exclude(
        standard__kind=QUALIFICATION).select_related("standard", "awarding_body")
        .order_by("-issued_on", "-pk") if not c.facts.expired_on(today)]


def counting_groups(held) -> dict[int, set[int]]:
    """{standard id of a held certificate: every standard it counts for}."""
    return supersession.equivalent_versions({c.standard_id for c in held})


def certificate_for(unit: Standard, held, groups) -> Certificate | None:
    """The latest held certificate that counts for this unit, or None."""
    return next((c for c in held if unit.pk in groups[c.standard_id]), None)


def qualifications_containing(standard_ids):
    """Published (or still in transition) qualifications with any of these units."""
    return Standard.objects.filter(
        kind=QUALIFICATION, components__in=standard_ids,
        status__in=(Standard.Status.PUBLISHED, Standard.Status.SUPERSEDED),
    ).distinct().prefetch_related("components").order_by("code")


# Issuance ------------------------------------------------------------------------------

def unit_claims(certificate: Certificate) -> dict:
    facts = certificate.facts
    return {"folio": certificate.folio, "standard_code": facts.standard_code,
            "standard_title": facts.standard_title, "issued_on": facts.issued_on.isoformat()}


@transaction.atomic
def issue_due_qualifications(*, person_id: int) -> list[Certificate]:
    """Issue the qualification certificates this person has completed and does not hold
    yet (none twice). The registry acts, not a person: there is no permission to check,
    and the audit event has no actor. Safe to run any number of times."""
    person = Person.objects.select_for_update().get(pk=person_id)
    held = unit_certificates_held(person)
    groups = counting_groups(held)
    counted = set().union(*groups.values()) if groups else set()
    candidates = list(qualifications_containing(counted))
    already = set(Certificate.objects.filter(
        holder=person, status=C.VALID, standard__in=candidates).values_list(
        "standard_id", flat=True))
    issued = []
    for qualification in candidates:
        if qualification.pk in already or standards_selectors.not_in_force(qualification):
            continue
        components = sorted(qualification.components.all(), key=lambda s: s.code)
        units = [certificate_for(unit, held, groups) for unit in components]
        if not components or None in units:
            continue
        issued.append(_issue(person, qualification, units))
    return issued


def _issue(person, qualification, units) -> Certificate:
    completing = max(units, key=lambda c: (c.issued_on, c.pk))
    certificate = issue_certificate(
        holder=person, standard=qualification, awarding_body=completing.awarding_body,
        centre=None, issued_on=clock.today(), units=[unit_claims(c) for c in units])
    record_event(actor=None, action="certificate.issued", target=certificate,
                 folio=certificate.folio, standard=qualification.code,
                 units=[c.folio for c in units], completed_by=completing.folio)
    count_issued(certificate)  # last: it locks the qualification's row until commit
    return certificate


# The nightly sweep -------------------------------------------------------------------------

def holders_who_may_be_due(qualification: Standard) -> list[int]:
    """Ids of the people who may have completed this qualification and do not hold it:
    valid certificates in at least as many of its units (or their equivalent versions)
    as it has, and no valid certificate of it. One GROUP BY per qualification, over the
    certificates of its units only. An upper bound — an expired certificate, or two
    versions of one unit, count here — that `issue_due_qualifications` makes exact."""
    components = [unit.pk for unit in qualification.components.all()]
    if not components:
        return []
    counted = set().union(*supersession.equivalent_versions(components).values())
    holding = Certificate.objects.filter(standard=qualification, status=C.VALID)
    return list(
        Certificate.objects.filter(status=C.VALID, standard_id__in=counted)
        .exclude(holder_id__in=holding.values("holder_id"))
        .values("holder_id").annotate(units=Count("standard_id", distinct=True))
        .filter(units__gte=len(components)).order_by("holder_id")
        .values_list("holder_id", flat=True))


def issue_missed_qualifications() -> int:
    """Issue every qualification certificate that is due and was not issued: its task
    was lost (the broker down when the last unit was issued), or the qualification was
    published after its holders completed it. Each person in a transaction of their own
    (`issue_due_qualifications`: the registry acts, audited per certificate). Returns how
    many were issued; safe to run any number of times."""
    issued = 0
    for qualification in Standard.objects.filter(
            kind=QUALIFICATION,
            status__in=(Standard.Status.PUBLISHED, Standard.Status.SUPERSEDED),
    ).prefetch_related("components").order_by("code"):
        if standards_selectors.not_in_force(qualification):
            continue
        for person_id in holders_who_may_be_due(qualification):
            issued += len(issue_due_qualifications(person_id=person_id))
    if issued:
        logger.info("The qualifications sweep issued %d certificate(s) no task had.",
                    issued)
    return issued


# What issuance's hook tells us (registered in apps.py) -------------------------------------

def on_certificate_change(certificate: Certificate, change: str) -> None:
    """A unit certificate issued: queue the holder's qualifications, after commit. A unit
    certificate cancelled or revoked: flag the qualification certificates resting on it.
    A qualification certificate withdrawn: its pending reviews are closed."""
    if certificate.standard.is_qualification:
        if change == hooks.WITHDRAWN:
            _close_pending(certificate)
        return
    if change == hooks.ISSUED:
        counted = supersession.equivalent_versions([certificate.standard_id])[
            certificate.standard_id]
        if qualifications_containing(counted).exists():
            enqueue_after_commit(TASK, certificate.holder_id)
    elif certificate.status in (C.CANCELLED, C.REVOKED):
        flag_qualifications(unit_certificate=certificate)


def _folios_of(certificate: Certificate) -> set[str]:
    """The certificate's folio and those of the certificates it corrected: a qualification
    lists the unit certificate as it was when the qualification was issued."""
    folios, current = set(), certificate
    while current is not None:
        folios.add(current.folio)
        current = current.replaces
    return folios


def flag_qualifications(*, unit_certificate: Certificate) -> list[QualificationReview]:
    """Flag, for CONOCER's review, every valid qualification certificate that rests on
    this (now cancelled or revoked) unit certificate. Runs inside the withdrawal."""
    folios = _folios_of(unit_certificate)
    flagged = []
    for qualification in Certificate.objects.select_for_update().filter(
            holder_id=unit_certificate.holder_id, status=C.VALID,
            standard__kind=QUALIFICATION).order_by("pk"):
        if not folios & {unit["folio"] for unit in qualification.facts.units}:
            continue
        review, created = QualificationReview.objects.get_or_create(
            certificate=qualification, unit_certificate=unit_certificate,
            defaults={"reason": unit_certificate.status_reason})
        if created:
            record_event(actor=None, action="qualification_review.flagged",
                         target=qualification, review=review.pk,
                         unit=unit_certificate.folio, status=unit_certificate.status,
                         reason=unit_certificate.status_reason)
            flagged.append(review)
    return flagged


def _close_pending(certificate: Certificate) -> None:
    """A flagged qualification certificate withdrawn another way needs no decision."""
    QualificationReview.objects.filter(certificate=certificate, outcome=R.PENDING).update(
        outcome=R.WITHDRAWN, decided_at=clock.now())


# CONOCER's decision ---------------------------------------------------------------------

@transaction.atomic
def decide_review(*, actor, review_id: int, keep: bool, note: str) -> QualificationReview:
    """Keep the flagged qualification certificate (the note says why) or revoke it (the
    note is the reason its verify page shows); the other pending reviews of the same
    certificate are decided with it when it is revoked."""
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators review qualification "
                                 "certificates."))
    review = QualificationReview.objects.select_for_update(of=("self",)).select_related(
        "certificate").get(pk=review_id)
    if review.outcome != R.PENDING:
        raise ServiceError(_("This review has already been decided (%(outcome)s).") % {
            "outcome": review.get_outcome_display().lower()})
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write why: the registry keeps it with the "
                                         "decision.")})
    outcome = R.KEPT if keep else R.REVOKED
    decided = QualificationReview.objects.filter(pk=review.pk) if keep else \
        QualificationReview.objects.filter(certificate=review.certificate, outcome=R.PENDING)
    decided.update(outcome=outcome, note=note, decided_by=actor, decided_at=clock.now())
    if not keep:
        withdraw_certificate(actor=actor, certificate_id=review.certificate_id,
                             status=C.REVOKED, reason=note)
    record_event(actor=actor, action="qualification_review.decided",
                 target=review.certificate, review=review.pk, outcome=outcome, note=note)
    review.refresh_from_db()
    return review
