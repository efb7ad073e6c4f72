import datetime

import pytest
from django.core.exceptions import ValidationError

from bodies import selectors, services
from bodies.models import Accreditation
from certification.assessment.services import assessments
from certification.issuance.services import requests
from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.models import AuditEvent
from tests.bodies.conftest import TODAY, accredit
from tests.factories import (
    AwardingBodyFactory,
    CandidacyFactory,
    CertificateFactory,
    PersonFactory,
    StandardFactory,
)

pytestmark = pytest.mark.django_db
A = Accreditation.Status
FROM, UNTIL = datetime.date(2026, 1, 1), datetime.date(2027, 6, 30)


def test_conocer_accredits_an_awarding_body_for_a_scope(conocer_admin, body, standard,
                                                        assessment_standard):
    granted = services.accredit_awarding_body(
        actor=conocer_admin, awarding_body=body, standards=[standard, assessment_standard],
        valid_from=FROM, valid_until=UNTIL)
    assert {a.standard for a in granted} == {standard, assessment_standard}
    assert set(selectors.scope_of(body)) == {standard, assessment_standard}
    assert AuditEvent.objects.filter(action="accreditation.granted").count() == 2


def test_only_conocer_accredits_awarding_bodies(body_admin, body, standard):
    with pytest.raises(PermissionDenied):
        services.accredit_awarding_body(actor=body_admin, awarding_body=body,
                                        standards=[standard], valid_from=FROM,
                                        valid_until=UNTIL)


def test_an_awarding_body_accredits_its_centre_within_its_scope(body_admin, body_scope, centre,
                                                               standard):
    accreditation = services.grant_accreditation(actor=body_admin, centre=centre,
                                                 standard=standard, valid_from=FROM,
                                                 valid_until=UNTIL)
    assert accreditation.granted_by == centre.awarding_body
    assert accreditation.folio.startswith("CED-CE-EC0435-")


def test_a_centre_cannot_be_accredited_outside_its_awarding_bodys_scope(body_admin, body_scope,
                                                                       centre):
    outside = StandardFactory(code="EC0301")
    with pytest.raises(ValidationError) as error:
        services.grant_accreditation(actor=body_admin, centre=centre, standard=outside,
                                     valid_from=FROM, valid_until=UNTIL)
    assert "EC0301" in error.value.message_dict["standard"][0]
    assert not Accreditation.objects.filter(centre=centre).exists()


def test_a_suspended_scope_does_not_allow_new_accreditations(body_admin, conocer_admin,
                                                            body_scope, centre, standard):
    services.suspend_accreditation(actor=conocer_admin, accreditation=body_scope[0],
                                   reason="Auditoría")
    with pytest.raises(ValidationError):
        services.grant_accreditation(actor=body_admin, centre=centre, standard=standard,
                                     valid_from=FROM, valid_until=UNTIL)


def test_a_centre_accreditation_cannot_outlast_the_bodys_own(body_admin, body_scope, centre,
                                                            standard):
    with pytest.raises(ValidationError) as error:
        services.grant_accreditation(actor=body_admin, centre=centre, standard=standard,
                                     valid_from=FROM, valid_until=datetime.date(2029, 1, 1))
    assert "valid_until" in error.value.message_dict


def test_another_bodys_administrator_cannot_accredit_this_bodys_centre(body_scope, centre,
                                                                      standard):
    from tests.factories import member_of

    stranger = member_of("administrator", awarding_body=AwardingBodyFactory())
    with pytest.raises(PermissionDenied):
        services.grant_accreditation(actor=stranger, centre=centre, standard=standard,
                                     valid_from=FROM, valid_until=UNTIL)


# Assessor eligibility: each missing requirement has its own message.

def certify(assessor, *standards):
    holder = PersonFactory(curp=assessor.curp)
    for s in standards:
        CertificateFactory(holder=holder, standard=s)
    return holder


def test_an_eligible_assessor_is_accredited(body_admin, body_scope, assessor, standard,
                                            assessment_standard):
    certify(assessor, assessment_standard, standard)
    accreditation = services.accredit_assessor(
        actor=body_admin, assessor=assessor, standard=standard, valid_from=FROM,
        valid_until=UNTIL)
    assert accreditation.assessor == assessor


def test_an_assessor_without_the_assessment_standard_is_refused_saying_so(
        body_admin, body_scope, assessor, standard):
    certify(assessor, standard)
    with pytest.raises(ValidationError) as error:
        services.accredit_assessor(actor=body_admin, assessor=assessor,
                                                 standard=standard, valid_from=FROM,
                                                 valid_until=UNTIL)
    [message] = error.value.message_dict["standard"]
    assert "EC0076" in message and "EC0435" not in message


def test_an_assessor_not_certified_in_the_standard_is_refused_saying_so(
        body_admin, body_scope, assessor, standard, assessment_standard):
    certify(assessor, assessment_standard)
    with pytest.raises(ValidationError) as error:
        services.accredit_assessor(actor=body_admin, assessor=assessor,
                                                 standard=standard, valid_from=FROM,
                                                 valid_until=UNTIL)
    [message] = error.value.message_dict["standard"]
    assert "EC0435" in message and "EC0076" not in message


def test_an_assessor_missing_both_certificates_hears_of_both(body_admin, body_scope, assessor,
                                                             standard):
    with pytest.raises(ValidationError) as error:
        services.accredit_assessor(actor=body_admin, assessor=assessor,
                                                 standard=standard, valid_from=FROM,
                                                 valid_until=UNTIL)
    assert len(error.value.message_dict["standard"]) == 2


def test_a_revoked_certificate_does_not_make_an_assessor_eligible(body_admin, body_scope,
                                                                  assessor, standard,
                                                                  assessment_standard):
    holder = certify(assessor, standard)
    CertificateFactory(holder=holder, standard=assessment_standard, status="revoked",
                       status_reason="Irregular.")
    with pytest.raises(ValidationError):
        services.accredit_assessor(actor=body_admin, assessor=assessor,
                                                 standard=standard, valid_from=FROM,
                                                 valid_until=UNTIL)


# Suspension, reinstatement, revocation, expiry.

@pytest.fixture
def working_assessor(body_scope, centre, assessor, standard):
    """An assessor of an accredited centre, both accredited for EC0435, with a user."""
    from tests.factories import UserFactory

    accredit("centre", centre, standard, centre.awarding_body)
    accreditation = accredit("assessor", assessor, standard, centre.awarding_body)
    assessor.user = UserFactory()
    assessor.save()
    return accreditation


def test_an_accredited_assessor_starts_an_assessment(working_assessor, assessor, centre,
                                                     standard):
    candidate = CandidacyFactory(centre=centre)
    assessment = assessments.start_assessment(actor=assessor.user,
                                     candidacy=candidate, standard=standard)
    assert assessment.status == "draft"


def test_a_suspended_assessor_starts_no_new_assessment_until_reinstated(
        working_assessor, body_admin, assessor, centre, standard):
    candidate = CandidacyFactory(centre=centre)
    services.suspend_accreditation(actor=body_admin, accreditation=working_assessor,
                                   reason="Queja de una persona candidata")
    with pytest.raises(ServiceError) as error:
        assessments.start_assessment(actor=assessor.user, candidacy=candidate,
                                                standard=standard)
    assert "suspend" in error.value.message
    services.reinstate_accreditation(actor=body_admin, accreditation=working_assessor)
    assert assessments.start_assessment(actor=assessor.user, candidacy=candidate,
                                                   standard=standard).pk


def test_a_suspended_centre_blocks_its_assessors(working_assessor, body_admin, assessor, centre,
                                                 standard):
    centre_accreditation = Accreditation.objects.get(centre=centre)
    services.suspend_accreditation(actor=body_admin, accreditation=centre_accreditation,
                                   reason="Instalaciones inadecuadas")
    with pytest.raises(ServiceError, match="CONALEP Toluca"):
        assessments.start_assessment(actor=assessor.user,
                                     candidacy=CandidacyFactory(centre=centre),
                                                standard=standard)


def test_a_suspended_awarding_body_blocks_everything_below_it(
        working_assessor, conocer_admin, body_scope, assessor, centre, standard):
    services.suspend_accreditation(actor=conocer_admin, accreditation=body_scope[0],
                                   reason="Incumplimiento")
    with pytest.raises(ServiceError, match="CONALEP"):
        assessments.start_assessment(actor=assessor.user,
                                     candidacy=CandidacyFactory(centre=centre),
                                                standard=standard)


def test_suspending_needs_a_reason(working_assessor, body_admin):
    with pytest.raises(ValidationError):
        services.suspend_accreditation(actor=body_admin, accreditation=working_assessor,
                                       reason=" ")


def test_a_revoked_accreditation_cannot_be_reinstated(working_assessor, body_admin):
    services.revoke_accreditation(actor=body_admin, accreditation=working_assessor,
                                  reason="Falsificación de evidencias")
    with pytest.raises(ServiceError):
        services.reinstate_accreditation(actor=body_admin, accreditation=working_assessor)


def test_every_decision_is_audited(working_assessor, body_admin):
    services.suspend_accreditation(actor=body_admin, accreditation=working_assessor,
                                   reason="Queja")
    services.reinstate_accreditation(actor=body_admin, accreditation=working_assessor)
    services.revoke_accreditation(actor=body_admin, accreditation=working_assessor,
                                  reason="Falta grave")
    actions = list(events_about(working_assessor).values_list("action", flat=True))
    assert actions == ["accreditation.suspended", "accreditation.reinstated",
                       "accreditation.revoked"]


def test_an_assessor_cannot_assess_another_centres_candidate(working_assessor, assessor,
                                                             standard):
    with pytest.raises(PermissionDenied):
        assessments.start_assessment(actor=assessor.user,
                                     candidacy=CandidacyFactory(),
                                                standard=standard)


def test_the_periodic_task_expires_accreditations_past_their_validity(working_assessor,
                                                                       body_scope):
    from bodies.tasks import expire_accreditations

    ended = accredit("centre", body_scope[0].awarding_body.centres.first(),
                     StandardFactory(), body_scope[0].awarding_body,
                     valid_until=TODAY - datetime.timedelta(days=1))
    assert expire_accreditations.delay().get() == [ended.folio]
    ended.refresh_from_db()
    working_assessor.refresh_from_db()
    assert (ended.status, working_assessor.status) == (A.EXPIRED, A.ACTIVE)
    assert services.expire_accreditations() == []


def test_an_expired_accreditation_blocks_new_work_with_its_own_message(working_assessor,
                                                                       assessor, centre,
                                                                       standard):
    Accreditation.objects.filter(pk=working_assessor.pk).update(
        valid_until=TODAY - datetime.timedelta(days=1), status=A.EXPIRED)
    with pytest.raises(ServiceError, match="venci|expired"):
        assessments.start_assessment(actor=assessor.user,
                                     candidacy=CandidacyFactory(centre=centre),
                                                standard=standard)


def test_accreditations_expiring_within_60_days_are_listed(working_assessor, body_scope):
    soon = accredit("assessor", working_assessor.assessor, StandardFactory(),
                    working_assessor.granted_by, valid_until=TODAY + datetime.timedelta(days=59))
    later = selectors.expiring_soon(Accreditation.objects.all())
    assert list(later) == [soon]


@pytest.fixture
def competent_assessment(working_assessor, assessor, centre, standard):
    from bodies.models import Membership

    Membership.objects.create(user=assessor.user, role="assessor", centre=centre)
    assessment = assessments.start_assessment(
        actor=assessor.user, candidacy=CandidacyFactory(centre=centre), standard=standard)
    assessment.status, assessment.verdict = "submitted", "competent"
    assessment.submitted_at = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
    assessment.save()
    return assessment


def test_a_competent_assessment_becomes_a_certificate_request(competent_assessment, assessor):
    request = requests.request_certificate(actor=assessor.user,
                                      assessment=competent_assessment)
    assert request.status == "submitted"
    assert request.awarding_body == competent_assessment.awarding_body


def test_a_suspended_centre_makes_no_new_certificate_request(competent_assessment, assessor,
                                                             body_admin, centre):
    services.suspend_accreditation(actor=body_admin,
                                   accreditation=Accreditation.objects.get(centre=centre),
                                   reason="Verificación externa")
    with pytest.raises(ServiceError, match="CONALEP Toluca"):
        requests.request_certificate(actor=assessor.user,
                                      assessment=competent_assessment)
    from certification.issuance.models import CertificateRequest

    assert not CertificateRequest.objects.filter(assessment=competent_assessment).exists()
