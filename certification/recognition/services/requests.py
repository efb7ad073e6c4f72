"""Recognition requests: a person (or a centre's staff on their behalf) submits a foreign
certificate; a CONOCER administrator recognises it fully (a Mexican certificate is issued
through issuance), partly (an assessment of the remaining units is opened at a centre
accredited for the standard) or not at all (with reasons). Nothing here charges: the
reviewer records any fee waived or subsidised."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bodies import permissions
from bodies import selectors as bodies_selectors
from certification.assessment.evidence import inspect_upload
from certification.assessment.services import assessments, people
from certification.issuance.models import Certificate
from certification.issuance.services.certificates import issue_certificate
from certification.issuance.services.usage import count_issued
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors

from .. import selectors
from ..models import PERSON_FIELDS, RecognitionRequest
from ..reference import new_reference

# A foreign certificate is a document or a photograph of one.
ACCEPTED_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def _inspected(uploaded) -> tuple[str, str]:
    if uploaded is None:
        raise ValidationError({"file": _("Attach the foreign certificate (PDF or photo).")})
    try:
        content_type, sha256 = inspect_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    if content_type not in ACCEPTED_TYPES:
        raise ValidationError({"file": ValidationError(_(
            "%(name)s is not a PDF or an image (JPEG, PNG, WebP); attach the certificate "
            "itself or a photo of it.") % {"name": uploaded.name}, code="bad_type")})
    return content_type, sha256


def _asked_for(*, system, standard, equivalence):
    """The Mexican standard asked for: the equivalence's, or the one chosen."""
    if equivalence is not None:
        if equivalence.system_id != system.pk:
            raise ValidationError({"equivalence": _(
                "This equivalence is for certificates of %(system)s.") % {
                "system": equivalence.system.acronym}})
        if not equivalence.in_force():
            raise ValidationError({"equivalence": _("This equivalence is not in force.")})
        if standard is not None and standard.pk != equivalence.standard_id:
            raise ValidationError({"standard": _(
                "The equivalence you chose is with %(code)s.") % {
                "code": equivalence.standard.code}})
        standard = equivalence.standard
    if standard is None:
        raise ValidationError({"standard": _(
            "Choose the Mexican standard you ask for, or the equivalence of your "
            "certificate.")})
    problem = standards_selectors.not_in_force(standard)
    if problem:
        raise ValidationError({"standard": problem})
    return standard


@transaction.atomic
def submit_request(*, actor, uploaded, privacy_consent: bool, system, foreign_code: str,
                   foreign_issued_on, standard=None, equivalence=None, centre=None,
                   **person) -> RecognitionRequest:
    """A person asks, with no account (actor anonymous), or a centre's staff ask on their
    behalf (`centre`), for a foreign certificate to be recognised. The person is
    identified by CURP, or by a passport or another document with its country. Returns
    the request, whose reference the person keeps. Field problems raise ValidationError."""
    if centre is not None and not permissions.can(actor, "candidate.register", centre):
        raise PermissionDenied(_("Only staff of %(centre)s can submit requests on its "
                                 "behalf.") % {"centre": centre})
    if not privacy_consent:
        raise ValidationError({"privacy_consent": _(
            "Accept the privacy notice so that the registry may keep your request.")})
    if not system.active:
        raise ValidationError({"system": _("This system is not taking requests.")})
    if foreign_issued_on > clock.today():
        raise ValidationError({"foreign_issued_on": _("This date is in the future.")})
    standard = _asked_for(system=system, standard=standard, equivalence=equivalence)
    typed = people.check_person(**{name: person.get(name, "") for name in PERSON_FIELDS})
    content_type, sha256 = _inspected(uploaded)
    fields = {name: getattr(typed, name) for name in PERSON_FIELDS}
    request = RecognitionRequest(
        system=system, foreign_code=foreign_code.strip(), foreign_issued_on=foreign_issued_on,
        standard=standard, equivalence=equivalence, original_name=uploaded.name[:255],
        content_type=content_type, size=uploaded.size, sha256=sha256,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        centre=centre, privacy_consent_at=clock.now(), **fields)
    request.reference = new_reference(clock.today().year)
    request.full_clean(exclude=["file", "reference"])
    request.file.save(uploaded.name, uploaded, save=False)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request.save()
            break
        except IntegrityError:  # the same reference drawn twice: draw again
            request.reference = new_reference(clock.today().year)
    else:
        raise ServiceError(_("Could not draw a unique reference; please try again."))
    record_event(actor=actor, action="recognition.submitted", target=request,
                 system=system.acronym, standard=standard.code, sha256=sha256,
                 identity="curp" if request.curp else "document",
                 centre=centre.code if centre else "")
    return request


def ensure_can_review(actor) -> None:
    """CONOCER administrators decide recognition requests (docs/recognition.md says why
    awarding bodies do not)."""
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators decide recognition requests."))


def _open_request(actor, request_id) -> RecognitionRequest:
    ensure_can_review(actor)
    request = RecognitionRequest.objects.select_for_update(of=("self",)).select_related(
        "system", "standard", "equivalence").get(pk=request_id)
    if request.status != RecognitionRequest.Status.SUBMITTED:
        raise ServiceError(_("Request %(reference)s has already been decided.") % {
            "reference": request.reference})
    return request


def _fee(amount, reason: str) -> tuple[Decimal | None, str]:
    reason = (reason or "").strip()
    if amount is not None and amount < 0:
        raise ValidationError({"fee_waived": _("The amount waived cannot be negative.")})
    if amount and not reason:
        raise ValidationError({"fee_waiver_reason": _(
            "Say why the fee is waived or subsidised.")})
    return amount, reason


def _decide(request, *, actor, status, reason="", fee_waived=None, fee_waiver_reason="",
            **links) -> None:
    request.fee_waived, request.fee_waiver_reason = _fee(fee_waived, fee_waiver_reason)
    request.status, request.reviewer, request.decided_at = status, actor, clock.now()
    request.decision_reason = (reason or "").strip()
    for name, value in links.items():
        setattr(request, name, value)
    request.save()


def _person(actor, request):
    """The national person of the request, made through assessment's services (with their
    passport or document when they have no CURP), or found when already registered; refused
    when they already hold a valid certificate in the standard."""
    person = people.register_person(actor=actor, **request.person_data)
    if Certificate.objects.filter(holder=person, standard=request.standard,
                                  status=Certificate.Status.VALID).exists():
        raise ServiceError(_("%(name)s already holds a valid certificate in %(code)s.") % {
            "name": person.full_name, "code": request.standard.code})
    return person


@transaction.atomic
def recognise(*, actor, request_id: int, awarding_body, reason: str = "", fee_waived=None,
              fee_waiver_reason: str = "") -> RecognitionRequest:
    """Full recognition: a Mexican certificate in the standard, issued by recognition of
    the foreign one (claims.recognition), attached to `awarding_body`, which must be
    accredited for the standard."""
    request = _open_request(actor, request_id)
    if awarding_body is None:
        raise ValidationError({"awarding_body": _("Choose the issuing awarding body.")})
    problems = bodies_selectors.blocking_accreditations(standard=request.standard,
                                                        awarding_body=awarding_body)
    problem = standards_selectors.not_in_force(request.standard)
    if problem or problems:
        raise ValidationError({"awarding_body": " ".join([p for p in [problem] if p]
                                                         + problems)})
    person = _person(actor, request)
    certificate = issue_certificate(
        holder=person, standard=request.standard, awarding_body=awarding_body, centre=None,
        issued_on=clock.today(), recognition=request.recognition_claims())
    record_event(actor=actor, action="certificate.issued", target=certificate,
                 folio=certificate.folio, recognition=request.reference)
    _decide(request, actor=actor, status=RecognitionRequest.Status.RECOGNISED, reason=reason,
            fee_waived=fee_waived, fee_waiver_reason=fee_waiver_reason, person=person,
            awarding_body=awarding_body, certificate=certificate)
    record_event(actor=actor, action="recognition.recognised", target=request,
                 folio=certificate.folio, fee_waived=str(request.fee_waived or ""))
    count_issued(certificate)
    return request


@transaction.atomic
def recognise_partially(*, actor, request_id: int, assessor, unit_codes=(), reason: str = "",
                        fee_waived=None, fee_waiver_reason: str = "") -> RecognitionRequest:
    """Partial recognition: the person becomes a candidate where `assessor` assesses (a
    centre, or an independent assessor, accredited for the standard) and an assessment
    limited to the units still to assess is opened (the equivalence's, unless the
    reviewer lists others by code)."""
    request = _open_request(actor, request_id)
    if assessor is None:
        raise ValidationError({"assessor": _("Choose who assesses the remaining units.")})
    problems = bodies_selectors.blocking_accreditations(
        standard=request.standard, awarding_body=assessor.awarding_body,
        centre=assessor.centre, assessor=assessor)
    if problems:
        raise ValidationError({"assessor": " ".join(problems)})
    codes = [code.strip().upper() for code in unit_codes if code.strip()]
    units = {unit.code.upper(): unit for unit in request.standard.units.all()}
    if any(code not in units for code in codes):
        raise ValidationError({"unit_codes": _("%(codes)s: not units of %(standard)s.") % {
            "codes": ", ".join(c for c in codes if c not in units),
            "standard": request.standard.code}})
    chosen = [units[code] for code in dict.fromkeys(codes)] or selectors.default_units(request)
    if not chosen or len(chosen) == len(units):
        raise ValidationError({"unit_codes": _(
            "List the units of %(standard)s still to assess: some, not all.") % {
            "standard": request.standard.code}})
    person = _person(actor, request)
    candidacy = people.enrol_person(actor=actor, person=person, assessor=assessor,
                                    consent_at=request.privacy_consent_at)
    assessment = assessments.open_scoped_assessment(
        actor=actor, candidacy=candidacy, standard=request.standard, assessor=assessor,
        units=chosen, reason=request.reference)
    _decide(request, actor=actor, status=RecognitionRequest.Status.PARTIAL, reason=reason,
            fee_waived=fee_waived, fee_waiver_reason=fee_waiver_reason, person=person,
            assessment=assessment)
    record_event(actor=actor, action="recognition.partially_recognised", target=request,
                 units=[unit.code for unit in chosen], fee_waived=str(request.fee_waived or ""))
    return request


@transaction.atomic
def reject(*, actor, request_id: int, reason: str, fee_waived=None,
           fee_waiver_reason: str = "") -> RecognitionRequest:
    """No recognition: the reasons are shown to the person on the tracking page."""
    request = _open_request(actor, request_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reasons, for the person to read.")})
    _decide(request, actor=actor, status=RecognitionRequest.Status.REJECTED, reason=reason,
            fee_waived=fee_waived, fee_waiver_reason=fee_waiver_reason)
    record_event(actor=actor, action="recognition.rejected", target=request,
                 reason=request.decision_reason)
    return request
