"""Certificates: issued with frozen claims and a signature, withdrawn with a reason,
replaced by a corrected reissue, or imported from the previous registry.

The claims (trust.claims.Claims) are taken from the live rows once, here, and stored
with the certificate; the PDF, the QR, the credential and every page read them.
"""

import datetime
import json
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bodies import permissions
from bodies import selectors as bodies_selectors
from certification.assessment.models import Person
from certification.assessment.services import people
from certification.trust import credentials, qr, signing
from certification.trust.claims import CURP, Claims, validity_end
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors

from ..folio import MalformedFolio, MistypedFolio, new_folio, normalize_folio
from ..models import Certificate
from . import statuslist
from .pdfs import queue_pdf_after_commit
from .usage import count_issued, count_withdrawn


def freeze_claims(*, folio: str, holder: Person, standard, awarding_body, centre,
                  issued_on: datetime.date, key_id: str, replaces: str = "",
                  valid_until: datetime.date | None | bool = True, units=(),
                  recognition: dict | None = None) -> Claims:
    """What the certificate will assert, read from the rows as they are now. Its validity
    ends as its standard says (`valid_until=True`) unless given (a corrected reissue
    keeps the end of the certificate it replaces). A qualification's certificate lists
    its `units` (the unit certificates it rests on); one issued by recognition of a
    foreign certificate says which (`recognition`, see Claims). The standard's SINCO
    occupations and the education level its level maps to are frozen as they are now."""
    if valid_until is True:
        valid_until = validity_end(issued_on, standard.certificate_validity_years)
    accreditation = bodies_selectors.accreditation_for(awarding_body=awarding_body,
                                                       standard=standard, on=issued_on)
    framework = standards_selectors.frozen_framework(standard)
    return Claims(
        folio=folio, issuer=settings.REGISTRY_ISSUER_URL,
        holder_name=holder.full_name,
        holder_id_type=CURP if holder.curp else holder.id_document_type,
        holder_id_number=holder.curp or holder.id_document_number,
        holder_id_country="" if holder.curp else holder.id_document_country,
        standard_code=standard.code, standard_title=standard.title,
        standard_level=standard.level, standard_purpose=standard.purpose,
        sector_name=standard.sector.name, scian_code=standard.effective_scian_code,
        awarding_body_id=awarding_body.pk, awarding_body_name=awarding_body.name,
        centre_id=centre.pk if centre else None, centre_name=centre.name if centre else "",
        issued_on=issued_on, key_id=key_id, replaces=replaces,
        accreditation_folio=accreditation.folio if accreditation else "",
        accredited_from=accreditation.valid_from if accreditation else None,
        accredited_until=accreditation.valid_until if accreditation else None,
        valid_until=valid_until or None,
        kind=standard.kind, units=tuple(units), recognition=recognition or None,
        occupations=framework["occupations"], education_level=framework["education_level"],
    )


def _insert(*, folio: str, index: int, holder, standard, awarding_body, centre=None,
            issued_on, replaces=None, units=(), recognition=None, **fields) -> Certificate:
    """Freeze the claims, sign the QR token and the credential once, and insert it all.
    A reissue keeps the units and the recognition of the certificate it replaces."""
    key = signing.active_key()
    if replaces is not None:
        units, recognition = replaces.facts.units, replaces.facts.recognition
    claims = freeze_claims(folio=folio, holder=holder, standard=standard,
                           awarding_body=awarding_body, centre=centre, issued_on=issued_on,
                           key_id=key.kid, replaces=replaces.folio if replaces else "",
                           valid_until=replaces.facts.valid_until if replaces else True,
                           units=units, recognition=recognition)
    salt = secrets.token_hex(16)  # 128 bits
    credential = credentials.certificate_credential(
        claims, status_index=index, subject_id=f"urn:uuid:{uuid.uuid4()}",
        identity_salt=salt, created=clock.now(), key=key)
    with transaction.atomic():
        return Certificate.objects.create(
            folio=folio, holder=holder, standard=standard, awarding_body=awarding_body,
            centre=centre, issued_on=issued_on, replaces=replaces, claims=claims.to_dict(),
            signing_key_id=key.kid, qr_token=qr.sign(claims, key), identity_salt=salt,
            credential=json.dumps(credential, ensure_ascii=False, indent=2),
            status_list_index=index, **fields)


def issue_certificate(**fields) -> Certificate:
    """Insert a certificate with a fresh random folio and status-list position (a
    collision just draws again), its frozen claims signed by the registry's active key,
    and queue its PDF. Runs inside the calling service's transaction, after its
    permission check."""
    for _attempt in range(5):
        folio, index = new_folio(), statuslist.draw_index()
        try:
            certificate = _insert(folio=folio, index=index, pdf_queued_at=clock.now(),
                                  **fields)
        except IntegrityError:
            if not Certificate.objects.filter(Q(folio=folio) | Q(status_list_index=index)
                                              ).exists():
                raise  # another constraint (e.g. one certificate per request)
            continue  # drawn at the same moment by another issuance: draw again
        queue_pdf_after_commit(certificate)
        return certificate
    raise ServiceError(_("Could not draw a unique folio; please try again."))


def _locked_certificate(certificate_id) -> Certificate:
    return Certificate.objects.select_for_update(of=("self",)).select_related(
        "holder", "standard__sector", "awarding_body", "centre").get(pk=certificate_id)


def _ensure_can_withdraw(actor, certificate):
    if not permissions.can(actor, "certificate.revoke", certificate):
        raise PermissionDenied(_(
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
    certificate.status_changed_at = clock.now()
    certificate.save(update_fields=["status", "status_reason", "status_changed_at"])
    statuslist.mark_withdrawn(certificate)
    record_event(actor=actor, action=f"certificate.{status}", target=certificate,
                 reason=reason.strip())
    count_withdrawn(certificate)
    return certificate


@transaction.atomic
def reissue_certificate(*, actor, certificate_id: int, reason: str,
                        corrections: dict | None = None) -> Certificate:
    """Issue a corrected certificate that replaces this one; the old one keeps its folio
    and claims and says which certificate replaced it. `corrections` may fix how the
    holder's name is written: the national record is corrected for the future, and the
    person's other certificates keep the names they were issued with."""
    old = _locked_certificate(certificate_id)
    _ensure_can_withdraw(actor, old)
    return replace_certificate(actor=actor, old=old, reason=reason, corrections=corrections)


def replace_certificate(*, actor, old: Certificate, reason: str,
                        corrections: dict | None = None) -> Certificate:
    """The corrected reissue itself, for a service that has locked `old` and checked that
    the actor may (reissue above; a holder's correction request decided by the awarding
    body's reviewers)."""
    if old.status != Certificate.Status.VALID:
        raise ServiceError(_("Certificate %(folio)s is %(status)s already.") % {
            "folio": old.folio, "status": old.get_status_display().lower()})
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    people.correct_name(actor=actor, person_id=old.holder_id, reason=reason.strip(),
                        **(corrections or {}))
    old.holder.refresh_from_db()
    old.status, old.status_reason = Certificate.Status.REPLACED, reason.strip()
    old.status_changed_at = clock.now()
    old.save(update_fields=["status", "status_reason", "status_changed_at"])
    statuslist.mark_withdrawn(old)
    new = issue_certificate(holder=old.holder, standard=old.standard,
                            awarding_body=old.awarding_body, centre=old.centre,
                            issued_on=clock.today(), replaces=old)
    record_event(actor=actor, action="certificate.replaced", target=old, by=new.folio,
                 reason=reason.strip())
    record_event(actor=actor, action="certificate.issued", target=new, folio=new.folio,
                 replaces=old.folio)
    count_withdrawn(old, replacement=new)
    return new


@transaction.atomic
def import_certificate(*, actor, folio: str, holder: Person, standard, awarding_body,
                       issued_on: datetime.date, centre=None, source: str = "") -> Certificate:
    """Bring a certificate of the previous registry into this one, keeping its folio
    (e.g. D-0009441521) so that it verifies as before. CONOCER administrators only; the
    claims are frozen and signed now, and the audit log says it was imported."""
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators import certificates."))
    try:
        folio = normalize_folio(folio)
    except (MalformedFolio, MistypedFolio):
        raise ValidationError({"folio": _("%(folio)s is not a folio of the registry.") % {
            "folio": folio}}) from None
    if Certificate.objects.filter(folio=folio).exists():
        raise ValidationError({"folio": _("Folio %(folio)s is already in the registry.") % {
            "folio": folio}})
    certificate = _insert(folio=folio, index=statuslist.draw_index(), holder=holder,
                          standard=standard, awarding_body=awarding_body, centre=centre,
                          issued_on=issued_on, pdf_queued_at=clock.now())
    record_event(actor=actor, action="certificate.imported", target=certificate,
                 folio=folio, standard=standard.code, source=source)
    queue_pdf_after_commit(certificate)
    count_issued(certificate)
    return certificate
