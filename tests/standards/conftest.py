import pytest
from django.contrib.auth.models import Permission

from bodies.models import Membership
from tests.factories import LeadBodyFactory, SectorFactory, UserFactory


@pytest.fixture
def lead_body(db):
    return LeadBodyFactory()


@pytest.fixture
def member(lead_body):
    user = UserFactory(username="miembro")
    Membership.objects.create(user=user, role=Membership.Role.MEMBER, lead_body=lead_body)
    return user


@pytest.fixture
def board(lead_body):
    user = UserFactory(username="presidencia")
    Membership.objects.create(user=user, role=Membership.Role.ADMINISTRATOR,
                              lead_body=lead_body)
    return user


@pytest.fixture
def conocer_admin(db):
    user = UserFactory(username="conocer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="publish_standard"))
    return user


@pytest.fixture
def outsider(db):
    other = LeadBodyFactory()
    user = UserFactory(username="ajeno")
    Membership.objects.create(user=user, role=Membership.Role.ADMINISTRATOR, lead_body=other)
    return user


@pytest.fixture
def sector(db):
    return SectorFactory()
