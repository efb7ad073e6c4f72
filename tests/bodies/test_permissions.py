"""The permission matrix: role × action × own body / other body.

The table below is the specification. Adding a role or an action means adding a
column value or a row here, not code.
"""

import pytest

from bodies import permissions
from bodies.models import Membership
from certification.assessment.models import Assessment
from certification.issuance.models import CertificateRequest
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    CandidacyFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

# action                 roles allowed through an awarding-body membership | through a centre's
SPEC = """
body.view              | administrator reviewer verifier | -
body.manage            | administrator                   | -
centre.view            | administrator reviewer verifier | administrator assessor verifier
accreditation.grant    | administrator                   | -
accreditation.suspend  | administrator                   | -
candidate.view         | administrator reviewer verifier | administrator assessor verifier
candidate.register     | -                               | administrator assessor
assessment.record      | -                               | assessor
assessment.verify      | verifier                        | verifier
request.view           | administrator reviewer verifier | administrator assessor
request.review         | administrator reviewer          | -
certificate.view       | administrator reviewer verifier | administrator verifier
certificate.revoke     | administrator                   | -
correction.decide      | administrator reviewer          | -
"""
ROLES = [r.value for r in Membership.Role]


def parse(spec):
    table = {}
    for line in spec.strip().splitlines():
        action, body_roles, centre_roles = (part.strip() for part in line.split("|"))
        table[action] = {"awarding_body": set(body_roles.split()) - {"-"},
                         "centre": set(centre_roles.split()) - {"-"}}
    return table


TABLE = parse(SPEC)
CASES = [(action, role, place, own)
         for action in TABLE for role in ROLES
         for place in ("awarding_body", "centre") for own in (True, False)]


def test_the_specification_covers_every_action_the_code_knows():
    assert set(TABLE) == set(permissions.ACTIONS)


@pytest.fixture
def world(db):
    mine, theirs = AssessmentCentreFactory(), AssessmentCentreFactory()
    return {"own": mine, "other": theirs}


@pytest.mark.parametrize(("action", "role", "place", "own"), CASES)
def test_permission_matrix(world, action, role, place, own):
    centre = world["own"]
    body = {"awarding_body": centre.awarding_body, "centre": centre}[place]
    user = member_of(role, **{place: body})
    target = world["own"] if own else world["other"]
    expected = own and role in TABLE[action][place]
    assert permissions.can(user, action, target) is expected


def test_conocer_administrators_may_do_everything(world):
    from django.contrib.auth.models import Permission

    admin = UserFactory()
    admin.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    assert all(permissions.can(admin, action, world["other"]) for action in TABLE)


def test_anonymous_and_inactive_users_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    inactive = member_of("administrator", awarding_body=world["own"].awarding_body)
    inactive.is_active = False
    assert not any(permissions.can(AnonymousUser(), a, world["own"]) for a in TABLE)
    assert not any(permissions.can(inactive, a, world["own"]) for a in TABLE)


def test_candidates_assessments_and_requests_belong_to_their_centre_and_body(world):
    centre = world["own"]
    candidacy = CandidacyFactory(centre=centre)
    assessor = AssessorFactory(centre=centre, awarding_body=centre.awarding_body)
    assessment = Assessment(candidacy=candidacy, standard=StandardFactory(), assessor=assessor,
                            centre=centre, awarding_body=centre.awarding_body)
    request = CertificateRequest(assessment=assessment, awarding_body=centre.awarding_body)
    expected = (centre.awarding_body_id, centre.pk)
    for target in (candidacy, assessor, assessment, request):
        assert permissions.scope_of(target) == expected


def test_an_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError):
        permissions.can(UserFactory(), "certificate.forge", world["own"])
