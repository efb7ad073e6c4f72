from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from bodies import permissions
from bodies.models import Assessor
from conocer.core.roles import is_conocer_admin

from .models import Assessment, Candidacy


def assessor_for(user) -> Assessor | None:
    """The assessor record of a signed-in user, if they are one."""
    if not (user and user.is_authenticated):
        return None
    return Assessor.objects.filter(user=user).select_related("centre", "awarding_body").first()


def registration_place(user):
    """The centre where this person registers candidates, None for an independent
    assessor, False for someone who cannot register anyone."""
    centre = permissions.centres_for(user, "candidate.register").first()
    if centre is not None:
        return centre
    assessor = assessor_for(user)
    return None if assessor is not None and assessor.is_independent else False


def candidacies_for(user, *, q: str = "") -> QuerySet[Candidacy]:
    """Candidacies this user may see: of their centres, their awarding bodies' centres,
    or (an independent assessor) their own; optionally found by CURP, document or name."""
    qs = Candidacy.objects.select_related("person", "centre", "assessor")
    if not is_conocer_admin(user):
        centres = permissions.centres_for(user, "candidate.view")
        qs = qs.filter(Q(centre__in=centres) | Q(assessor__user=user)
                       | Q(assessor__awarding_body__in=permissions.awarding_bodies_for(
                           user, "candidate.view")))
    return _matching(qs, q).order_by("person__first_surname", "person__given_names", "pk")


def _matching(qs: QuerySet[Candidacy], q: str) -> QuerySet[Candidacy]:
    """Candidacies whose person is found by `q`: the start of a CURP, a whole document
    number, or every word of it in one of the person's names ("xóchitl ibáñez")."""
    words = q.split()
    if not words:
        return qs
    by_name = Q()
    for word in words:
        by_name &= (Q(person__given_names__icontains=word)
                    | Q(person__first_surname__icontains=word)
                    | Q(person__second_surname__icontains=word))
    by_identity = Q(person__id_document_number__iexact=q.strip())
    if len(words) == 1 and len(q.strip()) >= 4:
        by_identity |= Q(person__curp__istartswith=q.strip())
    return qs.filter(by_name | by_identity)


def assessable_candidacies(user, assessor, *, q: str = "") -> QuerySet[Candidacy]:
    """Candidacies this assessor may assess (of their centre or, independent, their
    own), among those `candidacies_for` lets the user see, optionally found by `q`."""
    own = Q(centre=assessor.centre) if assessor.centre_id else Q(assessor=assessor)
    return candidacies_for(user, q=q).filter(own)


def sees_candidates(user) -> bool:
    """Whether this user works with candidates anywhere (staff of a centre or awarding
    body, an assessor, CONOCER)."""
    return (is_conocer_admin(user) or assessor_for(user) is not None
            or permissions.centres_for(user, "candidate.view").exists()
            or permissions.awarding_bodies_for(user, "candidate.view").exists())


def visible_people(user, people) -> list:
    """Those of `people` with a candidacy this user may already see."""
    visible = set(candidacies_for(user).filter(person__in=people).values_list(
        "person_id", flat=True))
    return [person for person in people if person.pk in visible]


def assessments_of(assessor) -> QuerySet[Assessment]:
    """The assessor's assessments, those that need their action first: drafts the
    awarding body sent back (returned, or whose request it rejected), each with
    `needs_action`."""
    return assessor.assessments.select_related("candidacy__person", "standard").annotate(
        needs_action=Case(When(Q(status=Assessment.Status.DRAFT) & ~Q(returned_reason=""),
                               then=Value(True)), default=Value(False),
                          output_field=BooleanField()),
    ).order_by("-needs_action", "-started_at")


def assessment_file(assessment_id: int) -> Assessment:
    """An assessment with everything its file shows: structure, judgements, evidence."""
    return Assessment.objects.select_related(
        "candidacy__person", "standard", "assessor", "centre", "awarding_body"
    ).prefetch_related("judgements", "evidence", "standard__units__criteria", "scope").get(
        pk=assessment_id)


def judged_structure(assessment: Assessment) -> list:
    """[(unit, [(criterion, judgement or None), …]), …] of an assessment_file(): the
    units in its scope (every unit of the standard when it has none)."""
    judgements = {j.criterion_id: j for j in assessment.judgements.all()}
    scope = {unit.pk for unit in assessment.scope.all()}
    return [(unit, [(c, judgements.get(c.pk)) for c in unit.criteria.all()])
            for unit in assessment.standard.units.all() if not scope or unit.pk in scope]


@dataclass
class SheetRow:
    """One criterion of the judgement sheet as the page shows it: what is recorded, or
    what the assessor typed when the page comes back with an error."""

    criterion: object
    judgement: object
    met: bool | None
    note: str

    @property
    def judged(self) -> bool:
        return self.met is not None


def judgement_sheet(assessment: Assessment, typed: dict | None = None) -> list:
    """[(unit, [SheetRow, …]), …] of an assessment_file(); `typed` maps criterion ids to
    the `(met, note)` a form sent, which the page shows instead of what is recorded
    (a blank met keeps the recorded one, as saving would)."""
    typed = typed or {}
    rows = []
    for unit, criteria in judged_structure(assessment):
        unit_rows = []
        for criterion, judgement in criteria:
            met = judgement.met if judgement else None
            note = judgement.note if judgement else ""
            if criterion.pk in typed:
                typed_met, typed_note = typed[criterion.pk]
                met = met if typed_met is None else typed_met
                note = typed_note if typed_note or typed_met is not None else note
            unit_rows.append(SheetRow(criterion, judgement, met, note))
        rows.append((unit, unit_rows))
    return rows


def assessor_work(assessor: Assessor) -> dict[str, int]:
    """The assessor's drafts, and how many of them a reviewer sent back. One query."""
    drafts = Q(status=Assessment.Status.DRAFT)
    return assessor.assessments.aggregate(
        returned=Count("pk", filter=drafts & ~Q(returned_reason="")),
        drafts=Count("pk", filter=drafts))
