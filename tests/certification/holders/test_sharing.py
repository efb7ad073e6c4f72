"""Time-limited share links: the full name and the live status, revocable."""

import pytest
from django.urls import reverse

from certification.holders.models import ShareLink
from certification.issuance.models import Certificate
from certification.issuance.services import certificates
from conocer.core.models import AuditEvent
from tests.factories import UserFactory

from .conftest import later, sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(holder):
    return Certificate.objects.filter(holder=holder).first()


def share(client, holder, certificate, days=30) -> str:
    sign_in_as(client, holder)
    client.post(reverse("holders:create_share_link", args=[certificate.folio]), {"days": days})
    page = client.get(reverse("holders:certificate", args=[certificate.folio]))
    url = page.context["new_link"]["url"]
    client.post(reverse("holders:sign_out"))
    return url.removeprefix("http://testserver")


def test_a_share_link_shows_the_full_name_and_identity_unmasked(client, holder, certificate):
    path = share(client, holder, certificate)
    page = client.get(path).content.decode()
    assert holder.full_name in page and holder.curp in page


def test_a_share_link_shows_the_live_status(client, holder, certificate):
    path = share(client, holder, certificate)
    certificates.withdraw_certificate(actor=UserFactory(is_superuser=True),
                                      certificate_id=certificate.pk, status="revoked",
                                      reason="Evaluación irregular.")
    assert "Evaluación irregular." in client.get(path).content.decode()


def test_the_new_link_is_shown_only_once(client, holder, certificate):
    share(client, holder, certificate)
    sign_in_as(client, holder)
    page = client.get(reverse("holders:certificate", args=[certificate.folio]))
    assert page.context["new_link"] is None


def test_a_revoked_link_no_longer_opens(client, holder, certificate):
    path = share(client, holder, certificate)
    sign_in_as(client, holder)
    link = ShareLink.objects.get()
    client.post(reverse("holders:revoke_share_link", args=[link.pk]))
    assert client.get(path).status_code == 404
    assert holder.full_name not in client.get(path).content.decode()


def test_a_link_stops_working_after_its_days(client, holder, certificate):
    path = share(client, holder, certificate, days=7)
    with later(days=7, seconds=1):
        assert client.get(path).status_code == 404


def test_active_links_are_listed_and_ended_ones_are_not(client, holder, certificate):
    share(client, holder, certificate, days=7)
    share(client, holder, certificate, days=90)
    sign_in_as(client, holder)
    client.post(reverse("holders:revoke_share_link", args=[ShareLink.objects.first().pk]))
    page = client.get(reverse("holders:certificate", args=[certificate.folio]))
    assert list(page.context["share_links"]) == list(ShareLink.objects.filter(
        revoked_at__isnull=True))


def test_a_duration_other_than_7_30_or_90_days_is_refused(client, holder, certificate):
    sign_in_as(client, holder)
    response = client.post(reverse("holders:create_share_link", args=[certificate.folio]),
                           {"days": 365}, follow=True)
    assert response.status_code == 200 and ShareLink.objects.count() == 0


def test_no_holder_can_end_anothers_link(client, holder, certificate, other_holder):
    share(client, holder, certificate)
    sign_in_as(client, other_holder)
    link = ShareLink.objects.get()
    assert client.post(reverse("holders:revoke_share_link", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_creating_and_ending_a_link_are_audited(client, holder, certificate):
    share(client, holder, certificate)
    sign_in_as(client, holder)
    client.post(reverse("holders:revoke_share_link", args=[ShareLink.objects.get().pk]))
    assert {"holder.share_link_created", "holder.share_link_revoked"} <= set(
        AuditEvent.objects.values_list("action", flat=True))


def test_an_unknown_token_says_only_that_the_link_does_not_work(client, db):
    response = client.get(reverse("holders:shared", args=["x" * 43]))
    assert response.status_code == 404


def test_the_database_refuses_a_link_of_another_length(holder, certificate):
    from django.db import IntegrityError, transaction

    from conocer.core import clock

    with pytest.raises(IntegrityError), transaction.atomic():
        ShareLink.objects.create(person=holder, certificate=certificate, token_hash="1" * 64,
                                 days=365, expires_at=clock.now())
