import datetime

import pytest

from bodies.models import Accreditation, Membership
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    CriterionFactory,
    StandardFactory,
    UnitFactory,
    UserFactory,
    member_of,
)

VALID_FROM, VALID_UNTIL = datetime.date(2025, 1, 1), datetime.date(2030, 12, 31)


def accredit(standard, **holder):
    granted_by = holder.pop("granted_by", None)
    return AccreditationFactory(standard=standard, valid_from=VALID_FROM,
                                valid_until=VALID_UNTIL, granted_by=granted_by,
                                **{"awarding_body": None, **holder})


@pytest.fixture
def standard(db):
    standard = StandardFactory(code="EC0217", title="Impartición de cursos presenciales",
                               level=3)
    unit = UnitFactory(standard=standard, code="E0001", title="Preparar la sesión")
    CriterionFactory(unit=unit, kind="performance", text="Presenta el objetivo.", order=1)
    CriterionFactory(unit=unit, kind="knowledge", text="Técnicas grupales.", bloom_level=2,
                     order=2)
    return standard


@pytest.fixture
def body(db):
    return AwardingBodyFactory(name="Colegio Nacional de Educación Profesional Técnica",
                               acronym="CONALEP")


@pytest.fixture
def centre(body, standard):
    centre = AssessmentCentreFactory(awarding_body=body, name="CONALEP Toluca", state="MEX")
    accredit(standard, awarding_body=body)
    accredit(standard, centre=centre, granted_by=body)
    return centre


@pytest.fixture
def assessor_user(centre, standard):
    user = UserFactory(username="evaluadora")
    assessor = AssessorFactory(user=user, centre=centre, awarding_body=centre.awarding_body,
                               full_name="Rocío Hernández")
    accredit(standard, assessor=assessor, granted_by=centre.awarding_body)
    Membership.objects.create(user=user, role=Membership.Role.ASSESSOR, centre=centre)
    return user


@pytest.fixture
def reviewer(body):
    return member_of(Membership.Role.REVIEWER, "revisora", awarding_body=body)


@pytest.fixture
def body_admin(body):
    return member_of(Membership.Role.ADMINISTRATOR, "direccion", awarding_body=body)


@pytest.fixture
def other_reviewer(db):
    return member_of(Membership.Role.REVIEWER, "ajena", awarding_body=AwardingBodyFactory())


@pytest.fixture
def candidacy(centre):
    return CandidacyFactory(centre=centre, person__given_names="Begoña",
                            person__first_surname="Núñez", person__second_surname="Peña")


def judge_all(assessment, assessor_user, met=True):
    from certification.assessment.services import assessments

    for criterion in assessment.standard.units.get().criteria.all():
        assessments.save_judgement(actor=assessor_user, assessment_id=assessment.pk,
                                   criterion_id=criterion.pk, met=met, note="")


@pytest.fixture
def draft(assessor_user, candidacy, standard):
    from certification.assessment.services import assessments

    return assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                        standard=standard)


@pytest.fixture
def submitted_request(draft, assessor_user):
    from certification.assessment.services import assessments

    judge_all(draft, assessor_user)
    assessments.submit_assessment(actor=assessor_user, assessment_id=draft.pk,
                                  verdict="competent")
    draft.refresh_from_db()
    return draft.request


ACTIVE = Accreditation.Status.ACTIVE


@pytest.fixture
def pdf_queue(monkeypatch):
    """Certificates whose PDF was queued, instead of rendering them."""
    queued = []
    monkeypatch.setattr("certification.issuance.tasks.render_certificate_pdf.apply_async",
                        lambda args=None, kwargs=None, **options: queued.append(args[0]))
    return queued
