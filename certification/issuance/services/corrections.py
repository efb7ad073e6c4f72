"""Corrections asked for by holders: a misspelt name, a wrong identity document or birth
date. The request goes to the queue of the awarding body that issued the certificate,
beside its certificate requests; its reviewers reissue the certificate corrected (a new
folio; the old one says it was replaced) or refuse with the reasons. The holder is told
by e-mail when they have one, and sees the outcome in their space (`corrections_of`).

What a correction changes: the replacement certificate is frozen from the corrected
national record (the person is national: the record is corrected for the certificates
issued from now on). Every other certificate of the person, of this body or another,
keeps the claims it was signed with.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum.mx import curp as stdnum_curp

from bodies import permissions
from certification.assessment.evidence import inspect_upload
from certification.assessment.models import Person
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.identity import normalize_curp, validate_curp
from conocer.core.text import validate_name

from ..models import Certificate, CorrectionRequest
from .certificates import replace_certificate

logger = logging.getLogger(__name__)

NAME_FIELDS = ("given_names", "first_surname", "second_surname")
IDENTITY_FIELDS = ("curp", "id_document_number")
FIELDS = (*NAME_FIELDS, *IDENTITY_FIELDS, "birth_date")


def _typed_changes(person: Person, changes: dict) -> dict:
    """The changes that differ from the record, checked field by field; "id_document"
    means the person's CURP, or their document's number when they have no CURP."""
    changes = dict(changes or {})
    if "id_document" in changes:
        changes["curp" if person.curp else "id_document_number"] = changes.pop("id_document")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({"changes": _("These cannot be corrected here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))}})
    typed, errors = {}, {}
    for name, value in changes.items():
        if name == "birth_date":
            try:
                value = value if isinstance(value, datetime.date) else \
                    datetime.date.fromisoformat(str(value).strip())
            except ValueError:
                errors[name] = _("Give the date as year-month-day, e.g. 1990-04-21.")
                continue
            if value > clock.today() or value.year < 1900:
                errors[name] = _("This birth date is not possible.")
                continue
        else:
            value = str(value or "").strip()
            if name == "curp":
                value = normalize_curp(value)
            try:
                if name == "second_surname" and not value:
                    pass
                elif not value:
                    raise ValidationError(_("This field cannot be empty."))
                elif name == "curp":
                    validate_curp(value)
                elif name in NAME_FIELDS:
                    validate_name(value)
                if len(value) > (18 if name == "curp" else 120):
                    raise ValidationError(_("This is too long."))
            except ValidationError as error:
                errors[name] = error.messages
                continue
        if value != getattr(person, name):
            typed[name] = value
    if "curp" in typed and not person.curp:
        errors["curp"] = _("This person is registered by another identity document; ask "
                           "for the document number to be corrected.")
    curp = typed.get("curp", person.curp)
    born = typed.get("birth_date", person.birth_date)
    if curp and not errors and stdnum_curp.get_birth_date(curp) != born:
        errors["birth_date"] = _("The CURP says the person was born on %(date)s; correct "
                                 "both if both are wrong.") % {
            "date": stdnum_curp.get_birth_date(curp)}
    if errors:
        raise ValidationError(errors)
    if not typed:
        raise ValidationError({"changes": _(
            "Nothing to correct: the registry already holds what you typed.")})
    return typed


@transaction.atomic
def request_correction(*, person, certificate_id: int, changes: dict, reason: str,
                       attachment=None) -> CorrectionRequest:
    """The holder asks for their certificate to be corrected. `changes` maps fields to the
    right values: given_names, first_surname, second_surname, curp (or id_document_number
    for people without a CURP; "id_document" means whichever they have) and birth_date.
    An optional supporting file (PDF, image, office document) is checked like evidence."""
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related(
        "holder").get(pk=certificate_id)
    if person is None or certificate.holder_id != person.pk:
        raise PermissionDenied(_("Only the holder of a certificate can ask to correct it."))
    if certificate.status != Certificate.Status.VALID:
        raise ServiceError(_("Certificate %(folio)s is %(status)s: only a valid certificate "
                             "can be corrected.") % {
            "folio": certificate.folio, "status": certificate.get_status_display().lower()})
    typed = _typed_changes(certificate.holder, changes)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what is wrong, so the reviewers can check it.")})
    if CorrectionRequest.objects.filter(certificate=certificate,
                                        status=CorrectionRequest.Status.SUBMITTED).exists():
        raise ServiceError(_("A correction of this certificate is already waiting for the "
                             "awarding body's decision."))
    correction = CorrectionRequest(
        certificate=certificate, person=certificate.holder,
        awarding_body_id=certificate.awarding_body_id, reason=reason.strip()[:2000],
        changes={k: v.isoformat() if isinstance(v, datetime.date) else v
                 for k, v in typed.items()})
    if attachment:
        try:
            correction.attachment_type, correction.attachment_sha256 = inspect_upload(
                attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
        correction.attachment = attachment
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError:  # asked twice at the same moment: one_open_correction_per_certificate
        raise ServiceError(_("A correction of this certificate is already waiting for the "
                             "awarding body's decision.")) from None
    record_event(actor=None, action="correction.requested", target=correction,
                 folio=certificate.folio, fields=sorted(typed),
                 attachment=bool(correction.attachment))
    return correction


def _correction_to_decide(actor, correction_id) -> CorrectionRequest:
    correction = CorrectionRequest.objects.select_for_update(of=("self",)).select_related(
        "certificate", "person").get(pk=correction_id)
    if not permissions.can(actor, "correction.decide", correction):
        raise PermissionDenied(_("Only the reviewers of the awarding body that issued the "
                                 "certificate decide its corrections."))
    if correction.status != CorrectionRequest.Status.SUBMITTED:
        raise ServiceError(_("This correction has already been decided (%(status)s).") % {
            "status": correction.get_status_display().lower()})
    return correction


def _correct_identity(actor, person_id, changes, reason) -> list[str]:
    """Correct the person's identity document or birth date in the national record (the
    names go through the reissue, as for any corrected reissue)."""
    person = Person.objects.select_for_update().get(pk=person_id)
    fields = [name for name in (*IDENTITY_FIELDS, "birth_date") if name in changes]
    for name in fields:
        value = changes[name]
        setattr(person, name, datetime.date.fromisoformat(value) if name == "birth_date"
                else value)
    if not fields:
        return []
    clash = Person.objects.exclude(pk=person.pk)
    if "curp" in fields and clash.filter(curp=person.curp).exists() or \
            "id_document_number" in fields and clash.filter(
                id_document_type=person.id_document_type,
                id_document_number=person.id_document_number,
                id_document_country=person.id_document_country).exists():
        raise ServiceError(_("Another person of the national registry has this identity "
                             "document: CONOCER must review both records before this "
                             "correction."))
    person.full_clean(validate_unique=False, validate_constraints=False)
    person.save(update_fields=fields)
    record_event(actor=actor, action="person.identity_corrected", target=person,
                 fields=fields, reason=reason)
    return fields


@transaction.atomic
def reissue_correction(*, actor, correction_id: int) -> Certificate:
    """Accept a correction: the certificate is reissued corrected, with a new folio, and
    the old one is replaced."""
    correction = _correction_to_decide(actor, correction_id)
    old = Certificate.objects.select_for_update(of=("self",)).select_related(
        "holder", "standard__sector", "awarding_body", "centre").get(
        pk=correction.certificate_id)
    changes = correction.changes
    reason = _("Correction asked for by the holder: %(reason)s") % {
        "reason": correction.reason}
    _correct_identity(actor, old.holder_id, changes, reason)
    old.holder.refresh_from_db()
    names = {name: changes[name] for name in NAME_FIELDS if name in changes}
    new = replace_certificate(actor=actor, old=old, reason=reason, corrections=names)
    correction.status, correction.replacement = CorrectionRequest.Status.REISSUED, new
    correction.reviewer, correction.decided_at = actor, clock.now()
    correction.save(update_fields=["status", "replacement", "reviewer", "decided_at"])
    record_event(actor=actor, action="correction.reissued", target=correction,
                 folio=old.folio, replacement=new.folio)
    _tell_holder_after_commit(correction)
    return new


@transaction.atomic
def refuse_correction(*, actor, correction_id: int, reason: str) -> CorrectionRequest:
    """Refuse a correction, with the reasons the holder will read."""
    correction = _correction_to_decide(actor, correction_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tell the holder why the correction is refused.")})
    correction.status = CorrectionRequest.Status.REFUSED
    correction.refusal_reason = reason.strip()
    correction.reviewer, correction.decided_at = actor, clock.now()
    correction.save(update_fields=["status", "refusal_reason", "reviewer", "decided_at"])
    record_event(actor=actor, action="correction.refused", target=correction,
                 folio=correction.certificate.folio, reason=correction.refusal_reason)
    _tell_holder_after_commit(correction)
    return correction


def _tell_holder_after_commit(correction: CorrectionRequest) -> None:
    email = correction.person.email
    if email:
        transaction.on_commit(lambda: _send_outcome(correction, email))


def _send_outcome(correction: CorrectionRequest, email: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = {"folio": correction.certificate.folio}
        if correction.status == CorrectionRequest.Status.REISSUED:
            names |= {"new": correction.replacement.folio,
                      "url": correction.replacement.facts.verification_url}
            body = _("Your corrected certificate has been issued with folio %(new)s; it "
                     "replaces the certificate %(folio)s. Verify it and download it at:\n"
                     "%(url)s") % names
        else:
            names["reason"] = correction.refusal_reason
            body = _("The awarding body did not accept the correction of your certificate "
                     "%(folio)s. Its reasons: %(reason)s") % names
        message = EmailMessage(
            subject=_("Your correction request for the certificate %(folio)s") % names,
            body=body, to=[email])
    try:
        message.send()
    except OSError as error:  # the decision stands; the holder sees it in their space
        logger.warning("Could not e-mail the outcome of correction %s: %s", correction.pk,
                       error)
