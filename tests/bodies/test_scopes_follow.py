"""Accreditations follow a new version that CONOCER publishes as equivalent to the one it
supersedes (bodies/scopes.py); a version that is not equivalent moves nothing."""

import datetime

import pytest

from bodies import selectors
from bodies.models import Accreditation
from conocer.core.models import AuditEvent
from standards import services
from tests.factories import AssessmentCentreFactory, StandardFactory

from .conftest import accredit

pytestmark = pytest.mark.django_db

A = Accreditation.Status


@pytest.fixture
def new_version(standard):
    return StandardFactory(code="EC0435.01", supersedes=standard, status="approved",
                           lead_body=standard.lead_body, sector=standard.sector,
                           dof_published_on=None, valid_from=None, valid_until=None)


@pytest.fixture
def accredited(body, body_scope, centre, assessor, standard):
    """The body's scope, its centre's and its assessor's cédulas for EC0435."""
    return [body_scope[0], accredit("centre", centre, standard, body),
            accredit("assessor", assessor, standard, body,
                     valid_until=datetime.date(2026, 12, 31))]


def publish(actor, standard, equivalent):
    services.transition(actor=actor, standard=standard, name="publish",
                        dof_published_on=datetime.date(2026, 11, 20), equivalent=equivalent)


def test_every_accreditation_follows_an_equivalent_version_with_the_same_validity(
        conocer_admin, accredited, new_version):
    publish(conocer_admin, new_version, equivalent=True)
    for previous in accredited:
        twin = Accreditation.objects.get(
            standard=new_version, awarding_body=previous.awarding_body,
            centre=previous.centre, assessor=previous.assessor)
        assert (twin.status, twin.valid_from, twin.valid_until, twin.granted_by) == (
            A.ACTIVE, previous.valid_from, previous.valid_until, previous.granted_by)
        assert "EC0435.01" in twin.folio and twin.folio != previous.folio
        previous.refresh_from_db()
        assert previous.status == A.ACTIVE  # both versions during the transition


def test_one_audit_event_per_scope_that_followed(conocer_admin, accredited, new_version):
    publish(conocer_admin, new_version, equivalent=True)
    events = AuditEvent.objects.filter(action="accreditation.followed_version")
    assert events.count() == 3
    assert {e.data["follows"] for e in events} == {a.folio for a in accredited}
    assert {e.actor_id for e in events} == {conocer_admin.pk}


def test_nothing_moves_for_a_version_that_is_not_equivalent(conocer_admin, accredited,
                                                            new_version):
    publish(conocer_admin, new_version, equivalent=False)
    assert not Accreditation.objects.filter(standard=new_version).exists()
    assert not AuditEvent.objects.filter(action="accreditation.followed_version").exists()


def test_the_body_is_in_scope_for_the_equivalent_version_at_once(
        conocer_admin, body, accredited, new_version):
    publish(conocer_admin, new_version, equivalent=True)
    assert new_version in selectors.scope_of(body)


def test_suspended_and_expired_accreditations_do_not_follow(conocer_admin, body, standard,
                                                            body_scope, new_version):
    suspended = accredit("centre", AssessmentCentreFactory(awarding_body=body), standard,
                         body, status=A.SUSPENDED)
    lapsed = accredit("centre", AssessmentCentreFactory(awarding_body=body), standard, body,
                      valid_until=datetime.date(2026, 1, 31))
    publish(conocer_admin, new_version, equivalent=True)
    for left in (suspended, lapsed):
        assert not Accreditation.objects.filter(standard=new_version,
                                                centre=left.centre).exists()


def test_a_holder_already_accredited_for_the_new_version_keeps_its_own(
        conocer_admin, body, accredited, new_version, centre):
    own = accredit("centre", centre, new_version, body)
    publish(conocer_admin, new_version, equivalent=True)
    assert list(Accreditation.objects.filter(standard=new_version, centre=centre)) == [own]
