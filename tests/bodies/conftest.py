import datetime

import pytest
from django.contrib.auth.models import Permission

from bodies.models import Accreditation, Membership
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def standard(db):
    return StandardFactory(code="EC0435")


@pytest.fixture
def assessment_standard(db):
    return StandardFactory(code="EC0076")


@pytest.fixture
def body(db):
    return AwardingBodyFactory(name="CONALEP")


@pytest.fixture
def body_scope(body, standard, assessment_standard):
    """CONALEP accredited by CONOCER for EC0435 and EC0076 until the end of 2027."""
    return [AccreditationFactory(awarding_body=body, standard=s,
                                 valid_from=datetime.date(2025, 1, 1),
                                 valid_until=datetime.date(2027, 12, 31))
            for s in (standard, assessment_standard)]


@pytest.fixture
def centre(body):
    return AssessmentCentreFactory(awarding_body=body, name="CONALEP Toluca", state="MEX")


@pytest.fixture
def assessor(centre):
    return AssessorFactory(centre=centre, awarding_body=centre.awarding_body,
                           full_name="Rocío Hernández Cruz")


@pytest.fixture
def body_admin(body):
    return member_of(Membership.Role.ADMINISTRATOR, awarding_body=body)


@pytest.fixture
def conocer_admin(db):
    user = UserFactory(username="conocer")
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


def accredit(holder_field, holder, standard, body, **kw):
    return AccreditationFactory(awarding_body=None, granted_by=body, standard=standard,
                                valid_from=kw.pop("valid_from", datetime.date(2025, 1, 1)),
                                valid_until=kw.pop("valid_until", datetime.date(2027, 6, 30)),
                                **{holder_field: holder}, **kw)


ACTIVE = Accreditation.Status.ACTIVE
