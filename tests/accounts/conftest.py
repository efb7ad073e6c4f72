import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from bodies.models import Membership
from tests.factories import AwardingBodyFactory, UserFactory, member_of

PASSWORD = "una-clave-larga-1"  # the factories' password


@pytest.fixture
def client():
    """Pages in English: the tests read the English messages (Spanish is the default)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def reviewer(db):
    return member_of(Membership.Role.REVIEWER, awarding_body=AwardingBodyFactory())


def authenticator_of(user) -> TOTPDevice:
    """A confirmed authenticator app, as if enrolled earlier."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device) -> str:
    """What the person's phone shows now: the TOTP of the device's key at this moment."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
