"""The figures a standard shows (people holding a valid certificate, the last issue date)
follow issuance, withdrawal and reissue as they happen, and the nightly recount finds
nothing to repair."""

import datetime
import threading

import pytest
from django.db import connection, connections

from bodies.models import Membership
from certification.assessment.models import Assessment
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.services import certificates, requests, statuslist
from certification.issuance.services.usage import refresh_standard_usage
from standards import services as standards_services
from tests.certification.conftest import accredit
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_queue")]


def submitted(*, person, centre, standard):
    """A competent assessment of `person` at `centre`, submitted as a request (the
    arrangement only: the services under test are the ones that decide it)."""
    candidacy = (person.candidacies.filter(centre=centre).first()
                 or CandidacyFactory(person=person, centre=centre))
    assessment = Assessment.objects.create(
        candidacy=candidacy, standard=standard, assessor=centre.assessors.first(),
        centre=centre, awarding_body=centre.awarding_body, status="submitted",
        verdict="competent", submitted_at="2026-11-20T10:00:00Z")
    return CertificateRequest.objects.create(assessment=assessment,
                                             awarding_body=centre.awarding_body)


def approve(reviewer, *, person, centre, standard):
    request = submitted(person=person, centre=centre, standard=standard)
    return requests.approve_request(actor=reviewer, request_id=request.pk)


def figures(standard):
    standard.refresh_from_db()
    return standard.certified_count, standard.last_certified_on


@pytest.fixture
def person(db):
    return PersonFactory()


def test_an_approval_counts_its_holder_and_dates_the_standard(
        standard, centre, assessor_user, reviewer, person):
    certificate = approve(reviewer, person=person, centre=centre, standard=standard)
    assert figures(standard) == (1, certificate.issued_on)


def test_a_second_certificate_of_one_person_in_one_standard_counts_them_once(
        standard, centre, assessor_user, reviewer, person):
    approve(reviewer, person=person, centre=centre, standard=standard)
    approve(reviewer, person=person, centre=centre, standard=standard)
    approve(reviewer, person=PersonFactory(), centre=centre, standard=standard)
    assert figures(standard)[0] == 2


def test_revoking_the_only_certificate_uncounts_the_person_and_keeps_the_date(
        standard, centre, assessor_user, reviewer, body_admin, person):
    certificate = approve(reviewer, person=person, centre=centre, standard=standard)
    certificates.withdraw_certificate(actor=body_admin, certificate_id=certificate.pk,
                                      status="revoked", reason="Suplantación.")
    assert figures(standard) == (0, certificate.issued_on)


def test_revoking_one_of_two_certificates_keeps_the_person_counted_until_the_second(
        standard, centre, assessor_user, reviewer, body_admin, person):
    first = approve(reviewer, person=person, centre=centre, standard=standard)
    second = approve(reviewer, person=person, centre=centre, standard=standard)
    certificates.withdraw_certificate(actor=body_admin, certificate_id=first.pk,
                                      status="cancelled", reason="Emitido por error.")
    assert figures(standard)[0] == 1
    certificates.withdraw_certificate(actor=body_admin, certificate_id=second.pk,
                                      status="revoked", reason="Suplantación.")
    assert figures(standard)[0] == 0


def test_a_reissue_keeps_the_count_and_dates_the_standard_on_the_new_certificate(
        standard, centre, assessor_user, reviewer, body_admin, person, settings):
    old = approve(reviewer, person=person, centre=centre, standard=standard)
    standards_services.record_usage(standard_id=standard.pk, certified_count=1,
                                    last_certified_on=datetime.date(2020, 1, 1))
    new = certificates.reissue_certificate(actor=body_admin, certificate_id=old.pk,
                                           reason="Nombre mal escrito.")
    assert figures(standard) == (1, new.issued_on)


def test_an_imported_older_certificate_counts_its_holder_and_leaves_the_date(
        standard, centre, assessor_user, reviewer, conocer_admin):
    latest = approve(reviewer, person=PersonFactory(), centre=centre, standard=standard)
    certificates.import_certificate(
        actor=conocer_admin, folio="D-0009441521", holder=PersonFactory(), standard=standard,
        awarding_body=centre.awarding_body, issued_on=datetime.date(2012, 3, 9))
    assert figures(standard) == (2, latest.issued_on)


def test_a_count_never_goes_below_zero():
    standard = StandardFactory()
    standards_services.count_usage(standard_id=standard.pk, people=-1)
    assert figures(standard) == (0, None)


def test_the_nightly_recount_finds_nothing_to_repair_after_a_mixed_sequence(
        standard, centre, assessor_user, reviewer, body_admin, conocer_admin, person):
    refresh_standard_usage()
    other_standard = StandardFactory()
    accredit(other_standard, awarding_body=centre.awarding_body)
    accredit(other_standard, centre=centre, granted_by=centre.awarding_body)
    accredit(other_standard, assessor=assessor_user.assessor,
             granted_by=centre.awarding_body)
    a = approve(reviewer, person=person, centre=centre, standard=standard)
    b = approve(reviewer, person=person, centre=centre, standard=standard)
    c = approve(reviewer, person=PersonFactory(), centre=centre, standard=standard)
    approve(reviewer, person=person, centre=centre, standard=other_standard)
    certificates.withdraw_certificate(actor=body_admin, certificate_id=a.pk,
                                      status="revoked", reason="Suplantación.")
    renewed = certificates.reissue_certificate(actor=body_admin, certificate_id=b.pk,
                                               reason="Nombre mal escrito.")
    certificates.withdraw_certificate(actor=body_admin, certificate_id=c.pk,
                                      status="cancelled", reason="Emitido por error.")
    certificates.reissue_certificate(actor=body_admin, certificate_id=renewed.pk,
                                     reason="Otra corrección.")
    certificates.import_certificate(
        actor=conocer_admin, folio="D-0009441521", holder=person, standard=standard,
        awarding_body=centre.awarding_body, issued_on=datetime.date(2012, 3, 9))
    assert figures(standard)[0] == 1
    assert figures(other_standard)[0] == 1
    assert refresh_standard_usage() == 0


@pytest.fixture
def conocer_admin(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="conocer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


def second_body(standard):
    """Another awarding body with its centre, assessor and reviewer, all accredited for
    the standard: its approvals lock no accreditation the first body's do."""
    body = AwardingBodyFactory()
    centre = AssessmentCentreFactory(awarding_body=body)
    accredit(standard, awarding_body=body)
    accredit(standard, centre=centre, granted_by=body)
    assessor = AssessorFactory(user=UserFactory(), centre=centre, awarding_body=body)
    accredit(standard, assessor=assessor, granted_by=body)
    return centre, member_of(Membership.Role.REVIEWER, awarding_body=body)


def approve_at_once(approvals, *, meet_after_insert=False, monkeypatch=None):
    """Run each (reviewer, request) approval in its own thread, started together; with
    `meet_after_insert`, every approval waits after inserting its certificate until all
    have, so that each counts while the others' certificates are uncommitted."""
    statuslist.current()  # made once, by the first issuance ever: not part of the race
    barrier = threading.Barrier(len(approvals), timeout=20)
    if meet_after_insert:
        original = requests.issue_certificate

        def issue_then_meet(**fields):
            certificate = original(**fields)
            barrier.wait()
            return certificate

        monkeypatch.setattr(requests, "issue_certificate", issue_then_meet)
    errors = []

    def run(reviewer, request):
        try:
            if not meet_after_insert:
                barrier.wait()
            requests.approve_request(actor=reviewer, request_id=request.pk)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=approval) for approval in approvals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="concurrent transactions need PostgreSQL")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_approvals_of_one_standard_at_once_count_every_person(
        standard, centre, assessor_user, reviewer):
    other_centre, other_reviewer = second_body(standard)
    approvals = [(reviewer, submitted(person=PersonFactory(), centre=centre,
                                      standard=standard)) for _ in range(3)]
    approvals += [(other_reviewer, submitted(person=PersonFactory(), centre=other_centre,
                                             standard=standard)) for _ in range(3)]
    approve_at_once(approvals)
    assert Certificate.objects.filter(standard=standard).count() == 6
    assert figures(standard)[0] == 6
    assert refresh_standard_usage() == 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_certificates_of_one_person_approved_at_once_count_them_once(
        standard, centre, assessor_user, reviewer, monkeypatch):
    person = PersonFactory()
    other_centre, other_reviewer = second_body(standard)
    approve_at_once([
        (reviewer, submitted(person=person, centre=centre, standard=standard)),
        (other_reviewer, submitted(person=person, centre=other_centre, standard=standard)),
    ], meet_after_insert=True, monkeypatch=monkeypatch)
    assert Certificate.objects.filter(holder=person, standard=standard).count() == 2
    assert figures(standard)[0] == 1
