"""/mi-registro/: the holder's progress toward the qualifications containing a standard
they hold: the units held (with the certificate), the ones missing and where to get
certified in them."""

import datetime

import pytest
from django.urls import reverse

from certification.holders import selectors
from standards.models import Standard, Supersession
from tests.factories import CertificateFactory, PersonFactory, StandardFactory

from .conftest import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def units(db):
    return [StandardFactory(code=code) for code in ("EC0076", "EC0217", "EC0301")]


@pytest.fixture
def qualification(units):
    qualification = StandardFactory(code="EC1301", kind=Standard.Kind.QUALIFICATION,
                                    title="Formación de capital humano")
    qualification.components.set(units)
    return qualification


def test_the_holder_sees_the_units_held_and_where_to_get_the_missing_ones(
        client, person, units, qualification):
    held = CertificateFactory(holder=person, standard=units[1])
    sign_in_as(client, person)
    page = client.get(reverse("holders:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "EC1301" in page and "1 of 3 units held" in page
    assert reverse("holders:certificate", args=[held.folio]) in page
    for missing in ("EC0076", "EC0301"):
        assert reverse("standards:detail", args=[missing]) + "#where" in page
    assert reverse("standards:detail", args=["EC0217"]) + "#where" not in page


def test_a_completed_qualification_links_to_its_certificate(person, units, qualification):
    for unit in units:
        CertificateFactory(holder=person, standard=unit)
    earned = CertificateFactory(holder=person, standard=qualification)
    [progress] = selectors.qualification_progress(person)
    assert (progress.held, progress.missing, progress.certificate) == (3, [], earned)


def test_qualifications_without_a_standard_held_are_not_shown(person, units, qualification):
    CertificateFactory(holder=person, standard=StandardFactory(code="EC0435"))
    assert selectors.qualification_progress(person) == []


def test_a_revoked_certificate_does_not_count_as_held(person, units, qualification):
    CertificateFactory(holder=person, standard=units[0])
    revoked = CertificateFactory(holder=person, standard=units[1])
    revoked.status, revoked.status_reason = "revoked", "Suplantación."
    revoked.save()
    [progress] = selectors.qualification_progress(person)
    assert [u.standard.code for u in progress.missing] == ["EC0217", "EC0301"]


def test_a_certificate_in_an_equivalent_new_version_counts_for_its_unit(
        person, units, qualification):
    newer = StandardFactory(code="EC0217.01", supersedes=units[1])
    Supersession.objects.create(standard=newer, equivalent=True,
                                decided_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    certificate = CertificateFactory(holder=person, standard=newer)
    [progress] = selectors.qualification_progress(person)
    assert progress.units[1].certificate == certificate


def test_an_unpublished_qualification_is_not_shown(person, units, qualification):
    Standard.objects.filter(pk=qualification.pk).update(status=Standard.Status.DRAFT)
    CertificateFactory(holder=person, standard=units[0])
    assert selectors.qualification_progress(person) == []
