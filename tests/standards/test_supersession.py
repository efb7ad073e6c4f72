"""Publishing a new version: CONOCER says whether it is equivalent to the one it supersedes
and until when the old one may still be assessed (standards/supersession.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conocer.core import clock
from conocer.core.models import AuditEvent
from standards import selectors, services, supersession
from standards.models import Standard, Supersession
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

S = Standard.Status
DOF = datetime.date(2026, 6, 1)


def at(day: datetime.date):
    return clock.travel_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC))


@pytest.fixture
def old(lead_body):
    return StandardFactory(code="EC0217", lead_body=lead_body, sector=lead_body.sector)


@pytest.fixture
def new(old):
    return StandardFactory(code="EC0217.01", lead_body=old.lead_body, sector=old.sector,
                           status=S.APPROVED, supersedes=old, dof_published_on=None,
                           valid_from=None, valid_until=None)


def publish(actor, standard, **word):
    return services.transition(actor=actor, standard=standard, name="publish",
                               dof_published_on=DOF, **word)


def test_publishing_a_new_version_asks_whether_it_is_equivalent(conocer_admin, old, new):
    with pytest.raises(ValidationError) as refused:
        publish(conocer_admin, new)
    assert "equivalent" in refused.value.error_dict
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.status, old.status) == (S.APPROVED, S.PUBLISHED)


def test_the_transition_cannot_end_before_the_publication(conocer_admin, old, new):
    with pytest.raises(ValidationError) as refused:
        publish(conocer_admin, new, equivalent=True,
                transition_until=DOF - datetime.timedelta(days=1))
    assert "transition_until" in refused.value.error_dict


def test_the_word_and_the_transition_are_recorded_with_the_publication(
        conocer_admin, old, new):
    publish(conocer_admin, new, equivalent=True, transition_until=datetime.date(2026, 12, 1))
    word = Supersession.objects.get(standard=new)
    assert (word.equivalent, word.transition_until, word.decided_by) == (
        True, datetime.date(2026, 12, 1), conocer_admin)
    event = AuditEvent.objects.get(action="standard.publish", target_id=str(new.pk))
    assert (event.data["equivalent"], event.data["transition_until"]) == (True, "2026-12-01")
    old.refresh_from_db()
    assert old.status == S.SUPERSEDED


def test_a_standard_that_supersedes_none_is_published_without_the_word(conocer_admin,
                                                                         lead_body):
    first = StandardFactory(lead_body=lead_body, status=S.APPROVED, dof_published_on=None,
                            valid_from=None, valid_until=None)
    publish(conocer_admin, first)
    assert not Supersession.objects.exists()


def test_the_old_version_can_be_assessed_until_the_transition_ends(conocer_admin, old, new):
    with at(DOF):
        publish(conocer_admin, new, equivalent=False, transition_until=datetime.date(2026, 9, 30))
    old.refresh_from_db()
    new.refresh_from_db()
    assert selectors.not_in_force(old, on=datetime.date(2026, 9, 30)) == ""
    assert "EC0217" in selectors.not_in_force(old, on=datetime.date(2026, 10, 1))
    assert selectors.not_in_force(new, on=datetime.date(2026, 9, 30)) == ""


def test_without_a_transition_the_old_version_stops_at_the_publication(conocer_admin, old,
                                                                        new):
    publish(conocer_admin, new, equivalent=True)
    old.refresh_from_db()
    assert selectors.not_in_force(old, on=DOF) != ""


def test_the_transition_does_not_outlast_the_old_versions_own_validity(conocer_admin, old,
                                                                        new):
    Standard.objects.filter(pk=old.pk).update(valid_until=datetime.date(2026, 7, 31))
    publish(conocer_admin, new, equivalent=True, transition_until=datetime.date(2026, 12, 1))
    old.refresh_from_db()
    assert selectors.not_in_force(old, on=datetime.date(2026, 8, 1)) != ""


def test_the_successor_says_whether_it_is_equivalent(conocer_admin, old, new):
    assert supersession.successor_of(old) is None  # not published yet
    publish(conocer_admin, new, equivalent=False)
    assert supersession.successor_of("EC0217") == ("EC0217.01", False, None)


def test_the_old_standards_page_says_superseded_by_the_new_one_and_how(
        client, conocer_admin, old, new):
    publish(conocer_admin, new, equivalent=True, transition_until=datetime.date(2026, 12, 1))
    page = client.get(reverse("standards:detail", args=["EC0217"]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'Superseded by <a href="/estandares/EC0217.01/">EC0217.01</a> (equivalent)' in page
    assert "can still be assessed and certified until" in page


def test_conocer_publishes_a_new_version_on_the_page_with_its_word(client, conocer_admin,
                                                                   old, new):
    client.force_login(conocer_admin)
    url = reverse("standards:transition", args=[new.code, "publish"])
    response = client.post(url, {"dof_published_on": "2026-06-01", "equivalent": "no",
                                 "transition_until": "2026-08-31", "confirmed": "yes"})
    assert response.status_code == 302
    word = Supersession.objects.get(standard=new)
    assert (word.equivalent, word.transition_until) == (False, datetime.date(2026, 8, 31))


def test_the_page_asks_for_the_word_next_to_its_field(client, conocer_admin, old, new):
    client.force_login(conocer_admin)
    url = reverse("standards:transition", args=[new.code, "publish"])
    response = client.post(url, {"dof_published_on": "2026-06-01", "equivalent": "maybe",
                                 "transition_until": "not a date", "confirmed": "yes"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content.decode().count("field-error") >= 2
    new.refresh_from_db()
    assert new.status == S.APPROVED
    missing = client.post(url, {"dof_published_on": "2026-06-01", "confirmed": "yes"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 200
    assert "Say whether EC0217.01 is equivalent" in missing.content.decode()
