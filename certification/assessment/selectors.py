from django.db.models import Q, QuerySet

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
    q = q.strip()
    if q:
        qs = qs.filter(Q(person__curp__iexact=q) | Q(person__first_surname__icontains=q)
                       | Q(person__given_names__icontains=q)
                       | Q(person__id_document_number__iexact=q))
    return qs.order_by("person__first_surname", "person__given_names", "pk")


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
    return assessor.assessments.select_related("candidacy__person", "standard").order_by(
        "-started_at")


def assessment_file(assessment_id: int) -> Assessment:
    """An assessment with everything its file shows: structure, judgements, evidence."""
    return Assessment.objects.select_related(
        "candidacy__person", "standard", "assessor", "centre", "awarding_body"
    ).prefetch_related("judgements", "evidence", "standard__units__criteria").get(
        pk=assessment_id)


def judged_structure(assessment: Assessment) -> list:
    """[(unit, [(criterion, judgement or None), …]), …] of an assessment_file()."""
    judgements = {j.criterion_id: j for j in assessment.judgements.all()}
    return [(unit, [(c, judgements.get(c.pk)) for c in unit.criteria.all()])
            for unit in assessment.standard.units.all()]
