import datetime
import re
from typing import NamedTuple

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies import permissions
from bodies import selectors as bodies_selectors
from bodies.models import Membership
from conocer.core import clock
from conocer.core.audit import events_about
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors
from standards.models import Standard

from .folio import normalize_folio
from .models import (
    Certificate,
    CertificateRequest,
    CorrectionRequest,
    HolderNoticeOptOut,
    QualificationReview,
)


def certificate_with_history(folio: str) -> Certificate | None:
    return Certificate.objects.select_related(
        "holder", "awarding_body", "centre", "replaces", "replaced_by",
        "request__assessment").filter(folio=folio).first()


def audit_trail(certificate: Certificate):
    """Every event of the certificate, its request and its assessment, oldest first."""
    targets = [certificate]
    if certificate.request_id:
        targets += [certificate.request, certificate.request.assessment]
    return events_about(*targets)


def request_blockers(request: CertificateRequest) -> list[str]:
    """Why a submitted request must wait: its standard no longer in force (unless CONOCER
    released it), or suspended, revoked or expired accreditations of its awarding body,
    centre or assessor for the standard. Empty when it may proceed."""
    return blockers_of([request])[request]


def blockers_of(requests) -> dict:
    """`request_blockers` of many submitted requests at once (a queue page), in a fixed
    number of queries."""
    waiting = [r for r in requests if r.status == CertificateRequest.Status.SUBMITTED]
    accreditations = bodies_selectors.blocking_accreditations_of_many(
        [(r.assessment.standard, r.awarding_body, r.assessment.centre, r.assessment.assessor)
         for r in waiting])
    found = {}
    for request, problems in zip(waiting, accreditations, strict=True):
        standard = "" if request.released_at else standards_selectors.not_in_force(
            request.assessment.standard)
        found[request] = ([standard] if standard else []) + problems
    return found


# How the queue can be sorted: oldest first (the default), newest, by standard, by centre.
REQUEST_ORDER = {
    "oldest": ("requested_at", "pk"),
    "newest": ("-requested_at", "-pk"),
    "standard": ("assessment__standard__code", "requested_at", "pk"),
    "centre": ("assessment__centre__name", "requested_at", "pk"),
}


def requests_for(user, *, status: str = "", centre=None, standard=None, requested_from=None,
                 requested_until=None, query: str = "",
                 sort: str = "oldest") -> QuerySet[CertificateRequest]:
    """Certificate requests this user may see (their awarding bodies' or centres'),
    oldest first unless `sort` says otherwise, optionally filtered and searched (the
    search looks only among what the user may see)."""
    qs = CertificateRequest.objects.select_related(
        "awarding_body", "assessment__candidacy__person", "assessment__standard",
        "assessment__centre", "assessment__assessor")
    if not is_conocer_admin(user):
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
    if query.strip():
        qs = qs.filter(_request_matches(query.strip()))
    return qs.order_by(*REQUEST_ORDER.get(sort, REQUEST_ORDER["oldest"]))


REQUEST_NUMBER = re.compile(r"[0-9]{1,18}")


def _name_matches(words, person: str) -> Q:
    """Every word in one of the person's names (given names or either surname); on
    PostgreSQL without regard to accents or case ("nunez" finds Núñez)."""
    lookup = "unaccent__icontains" if connection.vendor == "postgresql" else "icontains"
    found = Q()
    for word in words:
        found &= (Q(**{f"{person}__given_names__{lookup}": word})
                  | Q(**{f"{person}__first_surname__{lookup}": word})
                  | Q(**{f"{person}__second_surname__{lookup}": word}))
    return found


def _as_folio(text: str) -> str:
    """The folio as stored, when the text is one typed in any case, with or without dashes."""
    try:
        return normalize_folio(text)
    except ValueError:
        return text.upper()


def _request_matches(text: str) -> Q:
    """A request by its candidate's name or CURP, its certificate's folio or its number."""
    person = "assessment__candidacy__person"
    found = (_name_matches(text.split(), person) | Q(**{f"{person}__curp": text.upper()})
             | Q(certificate__folio=_as_folio(text)))
    if REQUEST_NUMBER.fullmatch(text):
        found |= Q(pk=int(text))
    return found


def status_counts(requests: QuerySet[CertificateRequest]) -> dict[str, int]:
    """How many of these requests are in each status (one query), every status named."""
    counted = dict(requests.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counted.get(status, 0) for status in CertificateRequest.Status.values}


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days (Monday to Friday) after `start` up to `end`: a request made on a
    Friday is one working day old on Monday."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    return weeks * 5 + sum(1 for day in range(1, rest + 1)
                           if (start + datetime.timedelta(days=day)).weekday() < 5)


def age_in_working_days(request: CertificateRequest) -> int:
    return working_days_between(timezone.localdate(request.requested_at), clock.today())


def waiting_summary(user) -> tuple[int, int]:
    """How many certificate requests wait for a decision among those the user sees, and
    the oldest's age in working days (0 when none waits). One query."""
    found = requests_for(user, status=CertificateRequest.Status.SUBMITTED).order_by(
    ).aggregate(n=Count("pk"), oldest=Min("requested_at"))
    if not found["n"]:
        return 0, 0
    return found["n"], working_days_between(timezone.localdate(found["oldest"]), clock.today())


def valid_certificate_count() -> int:
    return Certificate.objects.filter(status=Certificate.Status.VALID).count()


def names_of_requests(user, request_ids) -> dict[int, str]:
    """{request number: candidate's name} of the requests among these the user may see."""
    return {r.pk: r.assessment.person.full_name
            for r in requests_for(user).filter(pk__in=request_ids)}


def next_request_to_review(user, *, after: CertificateRequest) -> CertificateRequest | None:
    """The oldest other request awaiting review that this user may decide."""
    return CertificateRequest.objects.filter(
        status=CertificateRequest.Status.SUBMITTED,
        awarding_body__in=permissions.awarding_bodies_for(user, "request.review"),
    ).exclude(pk=after.pk).order_by("requested_at", "pk").first()


def certificates_for(user) -> QuerySet[Certificate]:
    """Certificates this staff user may look up: CONOCER all; an awarding body's staff
    (administrators, reviewers, verifiers) their body's; a centre's administrators and
    verifiers their centre's; an assessor only those from their own assessments."""
    qs = Certificate.objects.select_related("holder", "standard", "awarding_body", "centre")
    if is_conocer_admin(user):
        return qs
    return qs.filter(
        Q(awarding_body__in=permissions.awarding_bodies_for(user, "certificate.view"))
        | Q(centre__in=Membership.objects.filter(
            user=user, role__in=permissions.RULES["certificate.view"]["centre"],
            centre__isnull=False).values("centre"))
        | Q(request__assessment__assessor__user=user))


def search_certificates(certificates: QuerySet[Certificate], *, query: str = "", standard=None,
                        issued_from=None, issued_until=None,
                        status: str = "") -> QuerySet[Certificate]:
    """Certificates by folio, the holder's name or CURP, standard, issue dates and status,
    newest first."""
    text = query.strip()
    if text:
        certificates = certificates.filter(
            Q(folio=_as_folio(text)) | Q(holder__curp=text.upper())
            | _name_matches(text.split(), "holder"))
    if standard is not None:
        certificates = certificates.filter(standard=standard)
    if issued_from:
        certificates = certificates.filter(issued_on__gte=issued_from)
    if issued_until:
        certificates = certificates.filter(issued_on__lte=issued_until)
    if status:
        certificates = certificates.filter(status=status)
    return certificates.order_by("-issued_on", "-pk")


def certificates_of_holder(person) -> QuerySet[Certificate]:
    """Every certificate of a person, from any awarding body, newest first: what the
    holder's own space lists (certification/holders)."""
    return Certificate.objects.filter(holder=person).select_related(
        "standard", "awarding_body", "centre", "replaced_by").order_by("-issued_on", "-pk")


def pdf_is_stored(certificate) -> bool:
    return bool(certificate.pdf and certificate.pdf_sha256
                and default_storage.exists(certificate.pdf.name))


def certificates_awaiting_pdf(*, queued_before):
    """Ids of certificates without a PDF whose rendering was never queued, could not be
    queued, or was queued before `queued_before`. Read from the partial index
    certificate_pdf_pending, which holds only certificates without a PDF, in no order:
    ordering by id would walk the primary key of millions of certificates."""
    return Certificate.objects.filter(
        Q(pdf_queued_at__isnull=True) | Q(pdf_queued_at__lt=queued_before), pdf_sha256="",
    ).order_by().values_list("pk", flat=True)


# What issuance answers to the apps below (registered in apps.py) ------------------------

def missing_certificates_for_assessor(assessor, standard) -> list[str]:
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


def already_certified(person, standard) -> list[str]:
    """A person holding a valid certificate in a standard needs no new assessment in it."""
    if Certificate.objects.filter(holder=person, standard=standard,
                                  status=Certificate.Status.VALID).exists():
        return [_("%(candidate)s already holds a valid certificate in %(code)s.") % {
            "candidate": person, "code": standard.code}]
    return []


def request_outcomes(assessments) -> dict[int, str]:
    """What became of each submitted assessment's request, in plain words."""
    outcomes = {}
    for req in CertificateRequest.objects.filter(assessment__in=assessments).select_related(
            "certificate"):
        text = req.get_status_display()
        certificate = getattr(req, "certificate", None)
        if certificate is not None:
            text += " · " + _("certificate %(folio)s") % {"folio": certificate.folio}
        elif req.rejection_reason:
            text += " · " + req.rejection_reason
        outcomes[req.assessment_id] = text
    return outcomes


# Corrections and holders' notices ----------------------------------------------------------

def corrections_of(person) -> QuerySet[CorrectionRequest]:
    """A holder's correction requests, newest first: each with its certificate, status
    (`get_status_display()`), what was asked (`changes`), the refusal's reasons and the
    corrected certificate (`replacement`, whose folio replaces the old one)."""
    return CorrectionRequest.objects.filter(person=person).select_related(
        "certificate", "replacement").order_by("-requested_at", "-pk")


def corrections_for(user, *, status: str = "") -> QuerySet[CorrectionRequest]:
    """Corrections this user may decide (their awarding bodies'), oldest first."""
    qs = CorrectionRequest.objects.select_related("certificate", "person", "awarding_body")
    if not is_conocer_admin(user):
        qs = qs.filter(awarding_body__in=permissions.awarding_bodies_for(
            user, "correction.decide"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("requested_at", "pk")


def correction_counts(user) -> dict[str, int]:
    """How many corrections of each status this user may decide (one query)."""
    counted = dict(corrections_for(user).order_by().values_list("status").annotate(
        n=Count("pk")))
    return {status: counted.get(status, 0) for status in CorrectionRequest.Status.values}


class HeldStandard(NamedTuple):
    standard: Standard
    subscribed: bool


def holder_subscriptions(person) -> list[HeldStandard]:
    """The standards the person holds a valid certificate in, each with whether they
    receive its notices (on unless they turned them off)."""
    off = set(HolderNoticeOptOut.objects.filter(person=person).values_list(
        "standard_id", flat=True))
    standards = Standard.objects.filter(
        certificates__holder=person, certificates__status=Certificate.Status.VALID,
    ).distinct().order_by("code")
    return [HeldStandard(standard, standard.pk not in off) for standard in standards]


# Qualification certificates flagged for CONOCER's review ----------------------------------

def qualification_reviews(*, outcome: str = "") -> QuerySet[QualificationReview]:
    """Reviews of qualification certificates (all, or of one outcome), oldest first: each
    with the qualification certificate, its holder, and the unit certificate withdrawn."""
    qs = QualificationReview.objects.select_related(
        "certificate__holder", "unit_certificate", "decided_by")
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs.order_by("flagged_at", "pk")


def qualification_review_counts() -> dict[str, int]:
    """How many reviews of each outcome there are (one query)."""
    counted = dict(QualificationReview.objects.order_by().values_list("outcome").annotate(
        n=Count("pk")))
    return {outcome: counted.get(outcome, 0) for outcome in QualificationReview.Outcome.values}
