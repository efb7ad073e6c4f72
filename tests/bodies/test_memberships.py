"""Roles in bodies are granted and revoked through the services, with audit events."""

import pytest
from django.core.exceptions import ValidationError

from bodies import services
from bodies.models import Membership
from conocer.core.errors import PermissionDenied
from conocer.core.models import AuditEvent
from tests.factories import (
    AssessmentCentreFactory,
    AwardingBodyFactory,
    LeadBodyFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return AwardingBodyFactory(name="CONALEP")


@pytest.fixture
def body_admin(body):
    return member_of("administrator", awarding_body=body)


def test_granting_a_role_is_audited(admin_user, body):
    person = UserFactory(username="revisora")
    membership = services.grant_membership(actor=admin_user, user=person, role="reviewer",
                                           awarding_body=body)
    event = AuditEvent.objects.get(action="membership.granted")
    assert (event.actor, event.target_id) == (admin_user, str(membership.pk))
    assert event.data == {"user": "revisora", "role": "reviewer", "body": "CONALEP"}


def test_revoking_a_role_is_audited_and_the_role_is_gone(admin_user, body):
    membership = services.grant_membership(actor=admin_user, user=UserFactory(),
                                           role="reviewer", awarding_body=body)
    services.revoke_membership(actor=admin_user, membership_id=membership.pk,
                               reason="Dejó la Entidad.")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="membership.revoked")
    assert event.data["reason"] == "Dejó la Entidad." and event.data["role"] == "reviewer"


def test_a_body_administrator_gives_roles_in_its_body_and_centres_only(body, body_admin):
    centre = AssessmentCentreFactory(awarding_body=body)
    assert services.grant_membership(actor=body_admin, user=UserFactory(), role="assessor",
                                     centre=centre).pk
    with pytest.raises(PermissionDenied):
        services.grant_membership(actor=body_admin, user=UserFactory(), role="reviewer",
                                  awarding_body=AwardingBodyFactory())
    with pytest.raises(PermissionDenied):
        services.grant_membership(actor=body_admin, user=UserFactory(), role="member",
                                  lead_body=LeadBodyFactory())


def test_a_role_must_exist_in_that_kind_of_body(admin_user, body):
    with pytest.raises(ValidationError) as error:
        services.grant_membership(actor=admin_user, user=UserFactory(), role="member",
                                  awarding_body=body)
    assert "role" in error.value.message_dict


def test_a_role_is_held_once(admin_user, body):
    user = UserFactory()
    services.grant_membership(actor=admin_user, user=user, role="reviewer", awarding_body=body)
    with pytest.raises(ValidationError):
        services.grant_membership(actor=admin_user, user=user, role="reviewer",
                                  awarding_body=body)


def test_the_admin_grants_a_role_through_the_service(admin_client, admin_user, body):
    person = UserFactory(username="nueva")
    form = admin_client.get("/admin/bodies/membership/add/").text
    assert "admin-autocomplete" in form  # people are picked by name, not by raw id
    response = admin_client.post("/admin/bodies/membership/add/", {
        "user": person.pk, "role": "reviewer", "awarding_body": body.pk})
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, role="reviewer").exists()
    assert AuditEvent.objects.get(action="membership.granted").actor == admin_user


def test_the_admin_shows_a_refused_role_on_the_form(admin_client, body):
    response = admin_client.post("/admin/bodies/membership/add/", {
        "user": UserFactory().pk, "role": "member", "awarding_body": body.pk})
    assert response.status_code == 200
    assert "no es un rol" in response.text
    assert not Membership.objects.exists()


def test_the_admin_revokes_a_role_through_the_service(admin_client, admin_user, body):
    membership = services.grant_membership(actor=admin_user, user=UserFactory(),
                                           role="reviewer", awarding_body=body)
    admin_client.post(f"/admin/bodies/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.exists()
    assert AuditEvent.objects.filter(action="membership.revoked").exists()


def test_a_role_cannot_be_edited_in_the_admin(admin_client, admin_user, body):
    membership = services.grant_membership(actor=admin_user, user=UserFactory(),
                                           role="reviewer", awarding_body=body)
    response = admin_client.post(f"/admin/bodies/membership/{membership.pk}/change/",
                                 {"role": "administrator"})
    assert response.status_code == 403
