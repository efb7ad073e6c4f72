import pytest
from django.contrib.auth.models import Group

from bodies import permissions as body_permissions
from conocer.models import AuditEvent
from conocer.roles import CONOCER_GROUP, ensure_conocer_group
from standards import permissions as standard_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_members_of_the_conocer_group_publish_standards_and_accredit_bodies():
    user = UserFactory()
    user.groups.add(ensure_conocer_group())
    user = type(user).objects.get(pk=user.pk)
    assert standard_permissions.is_conocer_admin(user)
    assert body_permissions.is_conocer_admin(user)


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
