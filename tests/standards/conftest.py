import pytest
from django.contrib.auth.models import Permission

from bodies.models import Membership
from tests.factories import LeadBodyFactory, SectorFactory, UserFactory, member_of


@pytest.fixture
def lead_body(db):
    return LeadBodyFactory()


@pytest.fixture
def member(lead_body):
    return member_of(Membership.Role.MEMBER, "miembro", lead_body=lead_body)


@pytest.fixture
def board(lead_body):
    return member_of(Membership.Role.ADMINISTRATOR, "presidencia", lead_body=lead_body)


@pytest.fixture
def conocer_admin(db):
    user = UserFactory(username="conocer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


@pytest.fixture
def outsider(db):
    return member_of(Membership.Role.ADMINISTRATOR, "ajeno", lead_body=LeadBodyFactory())


@pytest.fixture
def sector(db):
    return SectorFactory()
