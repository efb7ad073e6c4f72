import datetime

import pytest
from django.core import signing
from django.core.cache import cache

from certification.holders import session
from conocer.core import clock
from tests.factories import (
    AssessmentCentreFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    CertificateFactory,
    PersonFactory,
    StandardFactory,
)


def sign_in_as(client, person):
    """Put the person's holder session in the test client, as signing in does."""
    stored = client.session
    stored[session.KEY] = {"person": signing.dumps(person.pk, salt=session.SALT),
                           "active": int(clock.now().timestamp())}
    stored.save()


def later(**delta):
    return clock.travel_to(clock.now() + datetime.timedelta(**delta))


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def holder(db):
    """A person with a confirmed e-mail and certificates from two awarding bodies."""
    from certification.holders.models import EmailConfirmation

    person = PersonFactory(given_names="Xóchitl", first_surname="Ibáñez",
                           second_surname="Tzompa", email="xochitl@example.mx")
    EmailConfirmation.objects.create(person=person, email=person.email, token_hash="0" * 64,
                                     expires_at=clock.now(), confirmed_at=clock.now())
    CandidacyFactory(person=person)
    for acronym, code in (("CONALEP", "EC0301"), ("IDEFT", "EC0435")):
        centre = AssessmentCentreFactory(awarding_body=AwardingBodyFactory(acronym=acronym))
        CertificateFactory(holder=person, centre=centre,
                           standard=StandardFactory(code=code))
    return person


@pytest.fixture
def other_holder(db):
    person = PersonFactory(given_names="Leocadia", first_surname="Villaseñor",
                           second_surname="Ortuño")
    CertificateFactory(holder=person)
    return person
