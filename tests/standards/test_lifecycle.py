import datetime

import pytest
from django.core.exceptions import ValidationError

from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied, ServiceError
from standards import services
from standards.models import Standard
from tests.factories import CriterionFactory, StandardFactory, UnitFactory

pytestmark = pytest.mark.django_db
S = Standard.Status
DOF = datetime.date(2026, 11, 2)


def draft_with_structure(lead_body, **fields):
    standard = StandardFactory(lead_body=lead_body, sector=lead_body.sector, status=S.DRAFT,
                               dof_published_on=None, valid_from=None, valid_until=None,
                               **fields)
    CriterionFactory(unit=UnitFactory(standard=standard))
    return standard


def in_status(lead_body, status):
    return draft_with_structure(lead_body) if status == S.DRAFT else StandardFactory(
        lead_body=lead_body, sector=lead_body.sector, status=status)


def events(standard):
    """The standard's audit trail, newest first."""
    return list(events_about(standard).values_list("action", flat=True))[::-1]


def test_a_lead_body_member_drafts_a_standard(member, lead_body):
    standard = services.create_draft(actor=member, lead_body=lead_body, code="EC1500",
                                     title="Atención a huéspedes", level=2,
                                     sector=lead_body.sector)
    assert standard.status == S.DRAFT
    assert events(standard) == ["standard.drafted"]


def test_a_member_of_another_lead_body_cannot_draft_for_this_one(outsider, lead_body):
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=outsider, lead_body=lead_body, code="EC1500",
                              title="x", level=2, sector=lead_body.sector)


@pytest.mark.parametrize("code", ["EC76", "ec0076x", "NTCL0076", "EC00760", "EC0076.1"])
def test_a_malformed_code_is_a_field_error(member, lead_body, code):
    with pytest.raises(ValidationError) as error:
        services.create_draft(actor=member, lead_body=lead_body, code=code, title="x",
                              level=2, sector=lead_body.sector)
    assert "code" in error.value.message_dict


def test_a_taken_code_is_a_field_error(member, lead_body):
    StandardFactory(code="EC1500")
    with pytest.raises(ValidationError) as error:
        services.create_draft(actor=member, lead_body=lead_body, code="EC1500", title="x",
                              level=2, sector=lead_body.sector)
    assert "code" in error.value.message_dict


def test_the_full_lifecycle_reaches_publication_with_an_audit_trail(
        member, board, conocer_admin, lead_body):
    standard = draft_with_structure(lead_body)
    services.transition(actor=member, standard=standard, name="submit")
    services.transition(actor=board, standard=standard, name="approve_lead_body")
    services.transition(actor=conocer_admin, standard=standard, name="approve_conocer")
    standard = services.transition(actor=conocer_admin, standard=standard, name="publish",
                                   dof_published_on=DOF,
                                   valid_until=datetime.date(2031, 11, 1))
    assert standard.status == S.PUBLISHED
    assert standard.dof_published_on == DOF
    assert standard.valid_from == DOF
    assert events(standard) == ["standard.publish", "standard.approve_conocer",
                                "standard.approve_lead_body", "standard.submit"]


# Who may do each transition: (transition, status before, role, allowed?)
MATRIX = [
    ("submit", S.DRAFT, "member", True),
    ("submit", S.DRAFT, "board", True),
    ("submit", S.DRAFT, "outsider", False),
    ("approve_lead_body", S.SUBMITTED, "board", True),
    ("approve_lead_body", S.SUBMITTED, "member", False),
    ("approve_lead_body", S.SUBMITTED, "conocer_admin", False),
    ("approve_conocer", S.LEAD_BODY_APPROVED, "conocer_admin", True),
    ("approve_conocer", S.LEAD_BODY_APPROVED, "board", False),
    ("publish", S.APPROVED, "conocer_admin", True),
    ("publish", S.APPROVED, "board", False),
    ("withdraw", S.PUBLISHED, "conocer_admin", True),
    ("withdraw", S.PUBLISHED, "member", False),
    ("return_to_draft", S.SUBMITTED, "board", True),
    ("return_to_draft", S.APPROVED, "conocer_admin", True),
    ("return_to_draft", S.SUBMITTED, "member", False),
]


@pytest.mark.parametrize(("name", "status", "role", "allowed"), MATRIX)
def test_each_transition_is_allowed_only_to_its_role(request, lead_body, name, status, role,
                                                      allowed):
    actor = request.getfixturevalue(role)
    standard = in_status(lead_body, status)
    call = lambda: services.transition(actor=actor, standard=standard, name=name,  # noqa: E731
                                       reason="Cambio de contenidos", dof_published_on=DOF)
    if allowed:
        assert call().status != status
    else:
        with pytest.raises(PermissionDenied):
            call()
        standard.refresh_from_db()
        assert standard.status == status


@pytest.mark.parametrize(("name", "status"), [
    ("submit", S.PUBLISHED), ("approve_conocer", S.DRAFT), ("publish", S.SUBMITTED),
    ("withdraw", S.DRAFT), ("publish", S.PUBLISHED),
])
def test_a_transition_from_the_wrong_state_is_refused_with_a_message(conocer_admin, lead_body,
                                                                    name, status):
    standard = in_status(lead_body, status)
    with pytest.raises(ServiceError) as error:
        services.transition(actor=conocer_admin, standard=standard, name=name,
                            reason="x", dof_published_on=DOF)
    assert standard.code in error.value.message


def test_publishing_needs_the_dof_date(conocer_admin, lead_body):
    standard = in_status(lead_body, S.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.transition(actor=conocer_admin, standard=standard, name="publish")
    assert "dof_published_on" in error.value.message_dict


def test_withdrawing_needs_a_reason_and_keeps_it(conocer_admin, lead_body):
    standard = in_status(lead_body, S.PUBLISHED)
    with pytest.raises(ValidationError):
        services.transition(actor=conocer_admin, standard=standard, name="withdraw")
    standard = services.transition(actor=conocer_admin, standard=standard, name="withdraw",
                                   reason="Sustituido por normativa sectorial.")
    assert standard.status == S.WITHDRAWN
    assert standard.withdrawn_reason == "Sustituido por normativa sectorial."


def test_a_standard_without_units_cannot_be_submitted(member, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=S.DRAFT)
    with pytest.raises(ServiceError, match="unidad|unit"):
        services.transition(actor=member, standard=standard, name="submit")


def test_a_published_standard_cannot_be_edited(member, lead_body):
    standard = in_status(lead_body, S.PUBLISHED)
    with pytest.raises(ServiceError):
        services.update_draft(actor=member, standard=standard, title="Otro título")
    standard.refresh_from_db()
    assert standard.title != "Otro título"


def test_the_structure_of_a_published_standard_cannot_change(member, lead_body):
    standard = in_status(lead_body, S.PUBLISHED)
    with pytest.raises(ServiceError):
        services.save_unit(actor=member, standard=standard, code="E9", title="Nueva",
                           criteria=[{"kind": "performance", "text": "Hace algo."}])
    assert not standard.units.filter(code="E9").exists()


def test_a_new_version_copies_the_structure_and_supersedes_on_publication(
        member, conocer_admin, lead_body):
    old = draft_with_structure(lead_body, code="EC0217")
    Standard.objects.filter(pk=old.pk).update(status=S.PUBLISHED)
    old.refresh_from_db()
    new = services.create_new_version(actor=member, standard=old)
    assert (new.code, new.status, new.supersedes, new.version) == (
        "EC0217.01", S.DRAFT, old, old.version + 1)
    assert new.units.get().criteria.count() == old.units.get().criteria.count()
    Standard.objects.filter(pk=new.pk).update(status=S.APPROVED)
    services.transition(actor=conocer_admin, standard=new, name="publish", dof_published_on=DOF,
                        equivalent=True)
    old.refresh_from_db()
    assert old.status == S.SUPERSEDED
    assert "standard.superseded" in events(old)


def test_the_next_version_code_skips_taken_numbers():
    StandardFactory(code="EC0301")
    StandardFactory(code="EC0301.01")
    assert services.next_version_code("EC0301") == "EC0301.02"
    assert services.next_version_code("EC0301.01") == "EC0301.02"


def test_a_standard_gets_only_one_newer_version(member, lead_body):
    old = in_status(lead_body, S.PUBLISHED)
    services.create_new_version(actor=member, standard=old)
    with pytest.raises(ServiceError):
        services.create_new_version(actor=member, standard=old)


def test_saving_a_unit_replaces_its_criteria_in_order(member, lead_body):
    standard = draft_with_structure(lead_body)
    unit = services.save_unit(actor=member, standard=standard, code="E0100", title="Atender",
                              criteria=[
                                  {"kind": "performance", "text": "Saluda."},
                                  {"kind": "knowledge", "text": "Menú.", "bloom_level": 2},
                                  {"kind": "attitude", "text": "Amabilidad."},
                              ])
    assert list(unit.criteria.values_list("kind", "order", "bloom_level")) == [
        ("performance", 1, None), ("knowledge", 2, 2), ("attitude", 3, None)]


def test_a_knowledge_criterion_with_an_impossible_bloom_level_is_refused(member, lead_body):
    standard = draft_with_structure(lead_body)
    with pytest.raises(ValidationError):
        services.save_unit(actor=member, standard=standard, code="E0100", title="Atender",
                           criteria=[{"kind": "knowledge", "text": "Menú.", "bloom_level": 9}])


def test_the_periodic_task_expires_standards_past_their_validity(lead_body):
    ended = StandardFactory(valid_until=datetime.date(2026, 11, 24))
    current = StandardFactory(valid_until=datetime.date(2026, 11, 25))
    open_ended = StandardFactory(valid_until=None)
    from standards.tasks import expire_standards

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 11, 25))
        assert expire_standards.delay().get() == [ended.code]
    for standard, status in [(ended, S.EXPIRED), (current, S.PUBLISHED),
                             (open_ended, S.PUBLISHED)]:
        standard.refresh_from_db()
        assert standard.status == status
    assert events(ended) == ["standard.expired"]


def test_expiry_is_idempotent():
    StandardFactory(valid_from=datetime.date(2015, 1, 1), valid_until=datetime.date(2020, 1, 1))
    assert len(services.expire_standards(today=datetime.date(2026, 1, 1))) == 1
    assert services.expire_standards(today=datetime.date(2026, 1, 1)) == []


def test_a_title_with_a_direction_override_is_a_field_error(member, lead_body):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=member, lead_body=lead_body, code="EC1500",
                              title="Atención \u202ea huéspedes", level=2,
                              sector=lead_body.sector)
    assert [e.code for e in refused.value.error_dict["title"]] == ["control_character"]
