"""Certificates in a superseded version stay valid; their verify page and the holder's page
say "superseded by EC0217.01 (equivalent)" or "(not equivalent)": live information about
the standard, not part of what was signed."""

import datetime

import pytest
from django.urls import reverse

from standards.models import Standard, Supersession
from tests.certification.holders.conftest import sign_in_as
from tests.factories import CertificateFactory, StandardFactory

pytestmark = pytest.mark.django_db


def superseded(equivalent):
    old = StandardFactory(code="EC0217", status=Standard.Status.SUPERSEDED)
    new = StandardFactory(code="EC0217.01", supersedes=old)
    Supersession.objects.create(standard=new, equivalent=equivalent,
                                decided_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    return CertificateFactory(standard=old)


def line(equivalent):
    word = "equivalent" if equivalent else "not equivalent"
    return f'Superseded by <a href="/estandares/EC0217.01/">EC0217.01</a> ({word})'


@pytest.mark.parametrize("equivalent", [True, False])
def test_the_verify_page_says_superseded_by_the_new_version_and_how(client, equivalent):
    certificate = superseded(equivalent)
    page = client.get(reverse("verification:verify_folio", args=[certificate.folio]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Valid certificate" in page
    assert line(equivalent) in page
    assert certificate.facts.standard_code == "EC0217"  # what was signed is unchanged


@pytest.mark.parametrize("equivalent", [True, False])
def test_the_holders_page_says_superseded_by_the_new_version_and_how(client, equivalent):
    certificate = superseded(equivalent)
    sign_in_as(client, certificate.holder)
    page = client.get(reverse("holders:certificate", args=[certificate.folio]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert line(equivalent) in page


def test_a_version_not_yet_published_says_nothing(client):
    old = StandardFactory(code="EC0217")
    StandardFactory(code="EC0217.01", supersedes=old, status=Standard.Status.APPROVED)
    certificate = CertificateFactory(standard=old)
    page = client.get(reverse("verification:verify_folio", args=[certificate.folio]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Superseded by" not in page
