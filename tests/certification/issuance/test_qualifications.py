"""Qualification certificates issued by the registry once a person holds valid
certificates in every unit of a published qualification (services/qualifications.py)."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from certification.issuance.models import Certificate
from certification.issuance.services import certificates, qualifications
from certification.issuance.tasks import (
    issue_missed_qualifications,
    issue_qualification_certificates,
)
from conocer.core.models import AuditEvent
from standards.models import Standard, Supersession
from tests.factories import AwardingBodyFactory, PersonFactory, StandardFactory, UserFactory

pytestmark = pytest.mark.django_db

_folios = itertools.count(9100000000)


@pytest.fixture
def conocer(db):
    user = UserFactory(username="conocer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


@pytest.fixture
def units(db):
    return [StandardFactory(code="EC0301", title="Diseño de cursos"),
            StandardFactory(code="EC0217", title="Impartición de cursos presenciales")]


def make_qualification(units, code="EC1301", **fields):
    qualification = StandardFactory(code=code, kind=Standard.Kind.QUALIFICATION,
                                    title="Formación de capital humano", level=3, **fields)
    qualification.components.set(units)
    return qualification


@pytest.fixture
def qualification(units):
    return make_qualification(units)


@pytest.fixture
def person(db):
    return PersonFactory(given_names="Itzel", first_surname="Mendoza", second_surname="Ruiz")


def certify(conocer, capture, person, standard, body=None, issued_on=datetime.date(2026, 5, 4)):
    """A unit certificate issued through a service (the import: it tells the hooks), its
    after-commit work run (the qualification task, eager in the tests)."""
    with capture(execute=True):
        return certificates.import_certificate(
            actor=conocer, folio=f"D-{next(_folios)}", holder=person, standard=standard,
            awarding_body=body or AwardingBodyFactory(), issued_on=issued_on)


def qualification_certificates(person, qualification):
    return Certificate.objects.filter(holder=person, standard=qualification)


def test_the_qualification_certificate_is_issued_when_the_last_unit_is_certified(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    first = certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    last_body = AwardingBodyFactory(name="Instituto de Capacitación del Estado")
    last = certify(conocer, django_capture_on_commit_callbacks, person, units[1], last_body,
                   issued_on=datetime.date(2026, 6, 1))
    [issued] = qualification_certificates(person, qualification)
    facts = issued.facts
    assert (facts.kind, facts.standard_code, issued.status) == (
        "qualification", "EC1301", "valid")
    assert [unit["folio"] for unit in facts.units] == [last.folio, first.folio]  # by code
    assert facts.units[0] == {"folio": last.folio, "standard_code": "EC0217",
                              "standard_title": "Impartición de cursos presenciales",
                              "issued_on": "2026-06-01"}
    assert (issued.awarding_body, issued.centre) == (last_body, None)
    assert issued.credential and issued.qr_token and issued.pdf_queued_at
    event = AuditEvent.objects.get(action="certificate.issued", target_id=str(issued.pk))
    assert event.data["standard"] == "EC1301"


def test_no_qualification_certificate_is_issued_before_the_last_unit(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    assert not qualification_certificates(person, qualification).exists()


def test_running_the_task_again_issues_no_second_certificate(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    for unit in units:
        certify(conocer, django_capture_on_commit_callbacks, person, unit)
    assert issue_qualification_certificates(person.pk) == 0
    assert qualification_certificates(person, qualification).count() == 1


def test_a_revoked_unit_certificate_does_not_count(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    first = certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    certificates.withdraw_certificate(actor=conocer, certificate_id=first.pk,
                                      status="revoked", reason="Suplantación.")
    certify(conocer, django_capture_on_commit_callbacks, person, units[1])
    assert not qualification_certificates(person, qualification).exists()


def test_an_expired_unit_certificate_does_not_count(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    Standard.objects.filter(pk=units[0].pk).update(certificate_validity_years=1)
    units[0].refresh_from_db()
    certify(conocer, django_capture_on_commit_callbacks, person, units[0],
            issued_on=datetime.date(2020, 1, 1))
    certify(conocer, django_capture_on_commit_callbacks, person, units[1])
    assert not qualification_certificates(person, qualification).exists()


def test_a_qualification_not_yet_published_is_not_issued(
        conocer, django_capture_on_commit_callbacks, person, units):
    draft = make_qualification(units, status=Standard.Status.APPROVED)
    for unit in units:
        certify(conocer, django_capture_on_commit_callbacks, person, unit)
    assert not qualification_certificates(person, draft).exists()


def test_each_qualification_completed_by_the_same_unit_gets_its_certificate(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    other = make_qualification([units[1], StandardFactory(code="EC0076")], code="EC1402")
    certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    certify(conocer, django_capture_on_commit_callbacks, person, other.components.get(
        code="EC0076"))
    certify(conocer, django_capture_on_commit_callbacks, person, units[1])
    assert qualification_certificates(person, qualification).count() == 1
    assert qualification_certificates(person, other).count() == 1


def new_version(old, *, equivalent, code=None):
    Standard.objects.filter(pk=old.pk).update(status=Standard.Status.SUPERSEDED)
    newer = StandardFactory(code=code or f"{old.code}.01", title=old.title, supersedes=old)
    Supersession.objects.create(standard=newer, equivalent=equivalent,
                                decided_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    return newer


def test_a_certificate_in_an_equivalent_newer_version_counts_for_the_unit(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    newer = new_version(units[1], equivalent=True)
    newest = new_version(newer, equivalent=True, code="EC0217.02")
    certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    in_newest = certify(conocer, django_capture_on_commit_callbacks, person, newest)
    [issued] = qualification_certificates(person, qualification)
    assert issued.facts.units[0]["folio"] == in_newest.folio
    assert issued.facts.units[0]["standard_code"] == "EC0217.02"


def test_a_certificate_in_a_version_that_is_not_equivalent_does_not_count(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    newer = new_version(units[1], equivalent=False)
    certify(conocer, django_capture_on_commit_callbacks, person, units[0])
    certify(conocer, django_capture_on_commit_callbacks, person, newer)
    assert not qualification_certificates(person, qualification).exists()


def test_the_qualification_certificate_verifies_like_any_other(
        client, conocer, django_capture_on_commit_callbacks, person, units, qualification):
    for unit in units:
        certify(conocer, django_capture_on_commit_callbacks, person, unit)
    issued = qualification_certificates(person, qualification).get()
    page = client.get(reverse("verification:verify_folio", args=[issued.folio]))
    assert page.status_code == 200
    assert "EC1301" in page.content.decode()
    credential = client.get(reverse("verification:credential", args=[issued.folio]))
    assert credential.status_code == 200


def test_the_service_issues_nothing_for_a_person_without_units(person, qualification):
    assert qualifications.issue_due_qualifications(person_id=person.pk) == []


def certify_losing_the_task(conocer, capture, person, standard):
    """A unit certificate whose after-commit work never ran (the broker was down)."""
    with capture(execute=False):
        return certificates.import_certificate(
            actor=conocer, folio=f"D-{next(_folios)}", holder=person, standard=standard,
            awarding_body=AwardingBodyFactory(), issued_on=datetime.date(2026, 5, 4))


def test_the_nightly_sweep_issues_a_qualification_whose_task_was_lost(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    for unit in units:
        certify_losing_the_task(conocer, django_capture_on_commit_callbacks, person, unit)
    assert not qualification_certificates(person, qualification).exists()
    assert issue_missed_qualifications() == 1
    [issued] = qualification_certificates(person, qualification)
    assert issued.status == "valid"


def test_the_nightly_sweep_issues_a_qualification_published_after_its_units_were_held(
        conocer, django_capture_on_commit_callbacks, person, units):
    for unit in units:
        certify(conocer, django_capture_on_commit_callbacks, person, unit)
    later = make_qualification(units, code="EC1302")
    assert issue_missed_qualifications() == 1
    assert qualification_certificates(person, later).count() == 1


def test_the_nightly_sweep_issues_nothing_twice_nor_before_the_last_unit(
        conocer, django_capture_on_commit_callbacks, person, units, qualification):
    other = PersonFactory()
    for unit in units:
        certify(conocer, django_capture_on_commit_callbacks, person, unit)
    certify_losing_the_task(conocer, django_capture_on_commit_callbacks, other, units[0])
    assert issue_missed_qualifications() == 0
    assert qualification_certificates(person, qualification).count() == 1
    assert not qualification_certificates(other, qualification).exists()


def test_the_sweep_reads_the_holders_of_a_qualification_in_one_query(
        conocer, django_capture_on_commit_callbacks, person, units, qualification,
        django_assert_max_num_queries):
    for unit in units:
        certify_losing_the_task(conocer, django_capture_on_commit_callbacks, person, unit)
    qualification = Standard.objects.prefetch_related("components").get(pk=qualification.pk)
    with django_assert_max_num_queries(2):  # the supersession links, the holders
        assert qualifications.holders_who_may_be_due(qualification) == [person.pk]


def test_the_nightly_sweep_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "issuance.issue_missed_qualifications" in tasks

