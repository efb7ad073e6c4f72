import pytest
from django.contrib.auth.models import Group, Permission

from bodies import permissions as body_permissions
from conocer.core.models import AuditEvent
from conocer.core.roles import CONOCER_GROUP, ensure_conocer_group, is_conocer_admin
from standards import permissions as standard_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_members_of_the_conocer_group_are_conocer_administrators_everywhere():
    user = UserFactory()
    user.groups.add(ensure_conocer_group())
    user = type(user).objects.get(pk=user.pk)
    assert is_conocer_admin(user)
    assert standard_permissions.can_edit_drafts(user, lead_body=None)
    assert body_permissions.can(user, "request.review", UserFactory())


def test_one_permission_makes_a_conocer_administrator_and_nothing_else_does():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.exclude(codename="administer_registry"))
    assert not is_conocer_admin(type(user).objects.get(pk=user.pk))
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    assert is_conocer_admin(type(user).objects.get(pk=user.pk))


def test_an_inactive_or_anonymous_user_is_no_administrator():
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory(is_superuser=True, is_active=False)
    assert not is_conocer_admin(user)
    assert not is_conocer_admin(AnonymousUser())


def test_the_group_exists_after_migrating():
    assert Group.objects.filter(name=CONOCER_GROUP).exists()


def test_registering_a_lead_body_in_the_admin_is_audited(admin_client):
    from tests.factories import SectorFactory

    sector = SectorFactory()
    response = admin_client.post("/admin/standards/leadbody/add/", {
        "code": "CGC-AGRO", "name": "Comité de Gestión por Competencias Agropecuario",
        "sector": sector.pk, "is_active": "on"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="lead_body.registered",
                                     target_repr__contains="Agropecuario").exists()


def test_accreditations_cannot_be_edited_in_the_admin(admin_client):
    assert admin_client.get("/admin/bodies/accreditation/add/").status_code == 403
