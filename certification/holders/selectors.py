"""What the holder's pages read: their certificates (from any awarding body), their
assessments, their share links, and whether their address is confirmed."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodies import selectors as bodies_selectors
from certification.assessment.models import Assessment, Person
from certification.issuance import selectors as issuance_selectors
from certification.issuance.models import Certificate
from certification.issuance.services import qualifications
from conocer.core import clock
from standards.models import Standard

from .models import EmailConfirmation, ShareLink

REASSESSMENT_PLACES = 5  # centres listed beside a "not yet competent" verdict


def email_is_confirmed(person: Person) -> bool:
    """Whether the person confirmed their current address (sign-in links go only there)."""
    return bool(person.email) and EmailConfirmation.objects.filter(
        person=person, email__iexact=person.email, confirmed_at__isnull=False).exists()


def certificates_of(person: Person) -> QuerySet[Certificate]:
    return issuance_selectors.certificates_of_holder(person)


def own_certificate(person: Person, folio: str) -> Certificate | None:
    """One of the person's certificates, by folio; None for anyone else's."""
    return certificates_of(person).filter(folio=folio).first()


def verify_url(certificate: Certificate) -> str:
    """The verification address frozen in the certificate (the one printed on it)."""
    return certificate.facts.verification_url


def status_in_words(certificate: Certificate) -> str:
    """The certificate's status as the holder reads it."""
    when = certificate.status_changed_at
    day = date_format(when, "DATE_FORMAT") if when else ""
    if certificate.status == Certificate.Status.VALID:
        return _("Valid: whoever verifies it sees it as valid.")
    if certificate.status == Certificate.Status.REPLACED:
        replacement = getattr(certificate, "replaced_by", None)
        return _("Replaced on %(date)s by the corrected certificate %(folio)s.") % {
            "date": day, "folio": replacement.folio if replacement else "—"}
    if certificate.status == Certificate.Status.REVOKED:
        return _("Revoked on %(date)s: %(reason)s") % {
            "date": day, "reason": certificate.status_reason}
    return _("Cancelled on %(date)s as issued in error: %(reason)s") % {
        "date": day, "reason": certificate.status_reason}


@dataclass
class AssessmentResult:
    assessment: Assessment
    places: list = field(default_factory=list)  # where to be re-assessed (not yet competent)


def assessments_of(person: Person) -> list[AssessmentResult]:
    """The person's decided assessments, newest first; a "not yet competent" one with
    centres accredited today for its standard, where they can be assessed again."""
    found = Assessment.objects.filter(
        candidacy__person=person, status=Assessment.Status.SUBMITTED).select_related(
        "standard", "centre", "awarding_body").order_by("-submitted_at")
    results = []
    for assessment in found:
        places = []
        if assessment.verdict == Assessment.Verdict.NOT_YET_COMPETENT:
            places = list(bodies_selectors.directory_centres(
                standard=assessment.standard)[:REASSESSMENT_PLACES])
        results.append(AssessmentResult(assessment, places))
    return results


def active_share_links(person: Person) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(person=person, revoked_at__isnull=True,
                                    expires_at__gt=clock.now()).select_related("certificate")


@dataclass
class UnitProgress:
    standard: Standard
    certificate: Certificate | None  # the valid certificate that counts for it, if held


@dataclass
class QualificationProgress:
    qualification: Standard
    units: list[UnitProgress]
    certificate: Certificate | None  # the qualification certificate, once issued

    @property
    def held(self) -> int:
        return sum(1 for unit in self.units if unit.certificate is not None)

    @property
    def missing(self) -> list[UnitProgress]:
        return [unit for unit in self.units if unit.certificate is None]


def qualification_progress(person: Person) -> list[QualificationProgress]:
    """Each published qualification with a unit the person holds a valid certificate in:
    which units they hold (with the certificate that counts, an equivalent version's
    too), which are missing, and the qualification certificate once issued."""
    held = qualifications.unit_certificates_held(person)
    groups = qualifications.counting_groups(held)
    counted = set().union(*groups.values()) if groups else set()
    found = list(qualifications.qualifications_containing(counted).filter(
        status=Standard.Status.PUBLISHED))
    issued = {c.standard_id: c for c in Certificate.objects.filter(
        holder=person, status=Certificate.Status.VALID, standard__in=found)}
    return [QualificationProgress(
        qualification,
        [UnitProgress(unit, qualifications.certificate_for(unit, held, groups))
         for unit in sorted(qualification.components.all(), key=lambda s: s.code)],
        issued.get(qualification.pk)) for qualification in found]
