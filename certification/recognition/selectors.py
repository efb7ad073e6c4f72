"""Reads of recognition: the public equivalence table, the reviewers' queue, a request
found by its reference and birth date, and a person's own requests."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from bodies import selectors as bodies_selectors
from bodies.models import Assessor, AwardingBody
from conocer.core import clock

from .models import Equivalence, ForeignSystem, RecognitionRequest
from .reference import normalize_reference


def active_systems() -> QuerySet[ForeignSystem]:
    return ForeignSystem.objects.filter(active=True)


def equivalences_in_force(*, country: str = "", system: ForeignSystem | None = None
                          ) -> QuerySet[Equivalence]:
    """The equivalences anyone may read: in force today, of active systems, optionally of
    one country or one system; each with its standard and the units still to assess."""
    today = clock.today()
    qs = Equivalence.objects.filter(
        system__active=True, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)).select_related(
        "system", "standard").prefetch_related("units_to_assess")
    if country:
        qs = qs.filter(system__country=country)
    if system is not None:
        qs = qs.filter(system=system)
    return qs.order_by("system__country", "system__acronym", "foreign_code", "standard__code")


def review_queue(*, status: str = "") -> QuerySet[RecognitionRequest]:
    """Requests for the reviewers, those waiting first, oldest first."""
    qs = RecognitionRequest.objects.select_related("system", "standard")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(waiting=Case(
        When(status=RecognitionRequest.Status.SUBMITTED, then=Value(0)), default=Value(1),
        output_field=IntegerField())).order_by("waiting", "submitted_at")


def tracked(reference: str, birth_date) -> RecognitionRequest | None:
    """The request with this reference and this birth date, or None: an unknown reference
    and a wrong birth date are the same None (one query either way)."""
    reference = normalize_reference(reference)
    if reference is None or birth_date is None:
        return None
    return RecognitionRequest.objects.select_related(
        "system", "standard", "certificate", "assessment__centre").filter(
        reference=reference, birth_date=birth_date).first()


def requests_of(person) -> QuerySet[RecognitionRequest]:
    """A person's requests: linked to them by a decision, or made with their CURP or
    identity document (and birth date) and still waiting."""
    mine = Q(person=person)
    if person.curp:
        mine |= Q(curp=person.curp, birth_date=person.birth_date)
    elif person.id_document_number:
        mine |= Q(id_document_type=person.id_document_type,
                  id_document_number=person.id_document_number,
                  id_document_country=person.id_document_country,
                  birth_date=person.birth_date)
    return RecognitionRequest.objects.filter(mine).select_related(
        "system", "standard", "certificate").order_by("-submitted_at")


def issuing_bodies(standard) -> QuerySet[AwardingBody]:
    """Awarding bodies accredited today for the standard: who may carry a certificate
    issued by recognition."""
    return AwardingBody.objects.filter(
        accreditations__in=bodies_selectors.in_force().filter(standard=standard)
    ).distinct().order_by("name")


def eligible_assessors(standard, *, centre=None) -> list[Assessor]:
    """Assessors who may assess the remaining units: accredited today for the standard,
    as are their centre and awarding body; those of `centre` first."""
    candidates = Assessor.objects.filter(
        accreditations__in=bodies_selectors.in_force().filter(standard=standard)
    ).select_related("centre", "awarding_body").distinct()
    eligible = [a for a in candidates if not bodies_selectors.blocking_accreditations(
        standard=standard, awarding_body=a.awarding_body, centre=a.centre, assessor=a)]
    return sorted(eligible, key=lambda a: (a.centre_id != getattr(centre, "pk", None),
                                           str(a.centre or ""), str(a)))


def default_units(request: RecognitionRequest) -> list:
    """The units a partial recognition leaves to assess, as its equivalence lists them."""
    equivalence = request.equivalence
    if equivalence is None or equivalence.kind != Equivalence.Kind.PARTIAL:
        return []
    return list(equivalence.units_to_assess.all())


def recognition_of_assessment(assessment) -> dict | None:
    """The origin a certificate requested from `assessment` carries: the foreign
    certificate whose partial recognition opened it (issuance.hooks.recognitions)."""
    request = (RecognitionRequest.objects.select_related("system")
               .filter(assessment_id=assessment.pk,
                       status=RecognitionRequest.Status.PARTIAL).first())
    return request.recognition_claims(partial=True) if request else None
