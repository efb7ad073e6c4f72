"""What must never be violated is enforced by the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bodies.models import Accreditation, Membership
from certification.assessment.models import Person
from conocer.core.models import AuditEvent
from standards.models import Criterion, LevelDescriptor
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    CandidacyFactory,
    CertificateFactory,
    CriterionFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()
    return True


def test_two_certificates_cannot_share_a_folio():
    first = CertificateFactory()
    assert violates(lambda: CertificateFactory(folio=first.folio))


def test_a_certificate_must_have_a_folio():
    assert violates(lambda: CertificateFactory(folio=""))


@pytest.mark.parametrize("level", [0, 6])
def test_a_standard_level_outside_one_to_five_is_refused_by_the_database(level):
    assert violates(lambda: StandardFactory(level=level))


@pytest.mark.parametrize("level", [0, 6])
def test_a_standard_level_outside_one_to_five_is_a_validation_error(level):
    standard = StandardFactory.build(level=level)
    standard.sector.save()
    standard.lead_body.sector = standard.sector
    standard.lead_body.save()
    standard.lead_body_id = standard.lead_body.pk
    standard.sector_id = standard.sector.pk
    with pytest.raises(ValidationError) as error:
        standard.full_clean()
    assert "level" in error.value.message_dict


def test_a_level_descriptor_must_be_between_one_and_five():
    assert violates(lambda: LevelDescriptor.objects.create(level=7, descriptor="x"))


def test_a_malformed_standard_code_is_a_field_error():
    standard = StandardFactory()
    standard.code = "EC76"
    with pytest.raises(ValidationError) as error:
        standard.full_clean()
    assert "code" in error.value.message_dict


def test_two_standards_cannot_share_a_code():
    StandardFactory(code="EC0076")
    assert violates(lambda: StandardFactory(code="EC0076"))


def test_an_awarding_body_has_one_active_accreditation_per_standard():
    first = AccreditationFactory()
    assert violates(lambda: AccreditationFactory(
        awarding_body=first.awarding_body, standard=first.standard))


def test_a_revoked_accreditation_does_not_block_a_new_active_one():
    first = AccreditationFactory(status=Accreditation.Status.REVOKED)
    second = AccreditationFactory(awarding_body=first.awarding_body, standard=first.standard)
    assert second.status == Accreditation.Status.ACTIVE


def test_a_centre_has_one_active_accreditation_per_standard():
    centre = AssessmentCentreFactory()
    first = AccreditationFactory(awarding_body=None, centre=centre,
                                 granted_by=centre.awarding_body)
    assert violates(lambda: AccreditationFactory(
        awarding_body=None, centre=centre, standard=first.standard,
        granted_by=centre.awarding_body))


def test_an_assessor_has_one_active_accreditation_per_standard():
    assessor = AssessorFactory()
    first = AccreditationFactory(awarding_body=None, assessor=assessor,
                                 granted_by=assessor.awarding_body)
    assert violates(lambda: AccreditationFactory(
        awarding_body=None, assessor=assessor, standard=first.standard,
        granted_by=assessor.awarding_body))


def test_an_accreditation_belongs_to_exactly_one_holder():
    centre = AssessmentCentreFactory()
    assert violates(lambda: AccreditationFactory(centre=centre))
    assert violates(lambda: AccreditationFactory(awarding_body=None))


def test_an_accreditation_cannot_end_before_it_starts():
    assert violates(lambda: AccreditationFactory(valid_from=datetime.date(2026, 1, 2),
                                                 valid_until=datetime.date(2026, 1, 1)))


def test_a_membership_is_in_exactly_one_body():
    user = UserFactory()
    centre = AssessmentCentreFactory()
    assert violates(lambda: Membership.objects.create(
        user=user, role="reviewer", awarding_body=centre.awarding_body, centre=centre))
    assert violates(lambda: Membership.objects.create(user=user, role="reviewer"))


def test_a_user_holds_a_role_in_a_body_only_once():
    centre = AssessmentCentreFactory()
    user = UserFactory()
    Membership.objects.create(user=user, role="assessor", centre=centre)
    assert violates(lambda: Membership.objects.create(user=user, role="assessor",
                                                      centre=centre))


def test_two_people_cannot_share_a_curp():
    first = PersonFactory()
    assert violates(lambda: PersonFactory(curp=first.curp))


def test_a_person_needs_a_curp_or_another_identity_document():
    assert violates(lambda: PersonFactory(curp=""))


def test_a_person_without_curp_is_identified_by_a_foreign_document():
    person = PersonFactory(curp="", id_document_type=Person.DocumentType.PASSPORT,
                           id_document_number="G41873920", id_document_country="GT",
                           nationality="GT")
    assert person.identity == "Pasaporte G41873920 (GT)"


def test_a_person_is_a_candidate_once_per_centre():
    candidacy = CandidacyFactory()
    assert violates(lambda: CandidacyFactory(person=candidacy.person, centre=candidacy.centre))
    assert CandidacyFactory(person=candidacy.person).pk  # at another centre


def test_a_candidacy_is_at_a_centre_or_with_an_independent_assessor():
    assert violates(lambda: CandidacyFactory(centre=None))


def test_a_candidacy_has_one_draft_assessment_per_standard():
    from certification.assessment.models import Assessment

    candidacy, standard = CandidacyFactory(), StandardFactory()
    assessor = AssessorFactory(centre=candidacy.centre)
    fields = {"candidacy": candidacy, "standard": standard, "assessor": assessor,
              "centre": candidacy.centre, "awarding_body": candidacy.centre.awarding_body}
    Assessment.objects.create(**fields)
    assert violates(lambda: Assessment.objects.create(**fields))


def test_a_curp_with_a_wrong_check_digit_is_a_validation_error():
    person = PersonFactory()
    person.curp = person.curp[:-1] + str((int(person.curp[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "check digit" in " ".join(error.value.message_dict["curp"]) or \
        "dígito verificador" in " ".join(error.value.message_dict["curp"])


def test_bloom_levels_belong_only_to_knowledge_criteria():
    assert violates(lambda: CriterionFactory(kind=Criterion.Kind.PERFORMANCE, bloom_level=2))
    assert CriterionFactory(kind=Criterion.Kind.KNOWLEDGE, bloom_level=2).pk


def test_audit_events_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(action="test.done", target_type="x.y", target_id="1",
                                      target_repr="x")
    event.action = "test.undone"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
