"""A submitted certificate request in the database of the native production stack
(test_production_stack.py), made through the services, run inside that stack's own
environment:

    python manage.py shell -c "from tests.integration.stack_data import main; main()"

It prints one JSON line: the request's id, the reviewer's credentials and, when django-otp
is installed, the key of an authenticator enrolled for the reviewer (production asks
reviewers for a second factor)."""

import json
import sys

from django.apps import apps

from bodies.models import Membership
from certification.assessment.services import assessments
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

PASSWORD = "una-clave-larga-1"  # UserFactory's
MARKER = "STACK-DATA "


def _accredit(standard, **holder):
    granted_by = holder.pop("granted_by", None)
    AccreditationFactory(standard=standard, granted_by=granted_by,
                         valid_from="2025-01-01", valid_until="2035-12-31",
                         **{"awarding_body": None, **holder})


def _authenticator_key(user) -> str | None:
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="stack test", confirmed=True).key


def main():
    standard = StandardFactory(code="EC0217", title="Impartición de cursos presenciales")
    unit = UnitFactory(standard=standard, code="E0001", title="Preparar la sesión")
    CriterionFactory(unit=unit, text="Presenta el objetivo.", order=1)
    body = AwardingBodyFactory(name="Colegio Nacional de Educación Profesional Técnica",
                               acronym="CONALEP")
    centre = AssessmentCentreFactory(awarding_body=body, name="CONALEP Toluca", state="MEX")
    _accredit(standard, awarding_body=body)
    _accredit(standard, centre=centre, granted_by=body)
    assessor_user = UserFactory(username="evaluadora")
    assessor = AssessorFactory(user=assessor_user, centre=centre, awarding_body=body)
    _accredit(standard, assessor=assessor, granted_by=body)
    Membership.objects.create(user=assessor_user, role=Membership.Role.ASSESSOR, centre=centre)
    reviewer = member_of(Membership.Role.REVIEWER, "revisora", awarding_body=body)

    candidacy = CandidacyFactory(centre=centre, person__public_registry_opt_in=True)
    assessment = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                              standard=standard)
    for criterion in unit.criteria.all():
        assessments.save_judgement(actor=assessor_user, assessment_id=assessment.pk,
                                   criterion_id=criterion.pk, met=True, note="")
    assessments.submit_assessment(actor=assessor_user, assessment_id=assessment.pk,
                                  verdict="competent")
    assessment.refresh_from_db()
    sys.stdout.write(MARKER + json.dumps({
        "request": assessment.request.pk, "username": reviewer.username,
        "password": PASSWORD, "totp_key": _authenticator_key(reviewer)}) + "\n")
