"""Verify answers kept in the shared cache (certification/verification/answers.py): a
folio looked up again costs no query, and no kept answer outlives what it shows."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from certification.issuance.services import certificates
from certification.verification import answers
from conocer.core import clock
from tests.factories import CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_in_memory(settings):
    """A cache that keeps answers (the database cache does not)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "kept-answers"}}
    cache.clear()
    yield
    cache.clear()


def page(client, certificate):
    return client.get(f"/verificar/{certificate.folio}/")


def test_a_folio_looked_up_again_is_answered_without_the_database(
        client, django_assert_num_queries):
    certificate = CertificateFactory()
    assert page(client, certificate).status_code == 200
    with django_assert_num_queries(0):
        again = page(client, certificate)
    assert again.status_code == 200 and "Certificado vigente" in again.text


def test_the_api_answer_looked_up_again_costs_no_query(client, django_assert_num_queries):
    certificate = CertificateFactory()
    first = client.get(f"/api/v1/verify/{certificate.folio}/").json()
    with django_assert_num_queries(0):
        again = client.get(f"/api/v1/verify/{certificate.folio}/").json()
    assert again == {**first, "checked_at": again["checked_at"]}


def test_a_revocation_shows_at_once(client, body_admin, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(centre__awarding_body=body_admin.memberships.get()
                                     .awarding_body)
    assert "Certificado vigente" in page(client, certificate).text
    client.get(f"/api/v1/verify/{certificate.folio}/")
    with django_capture_on_commit_callbacks(execute=True):
        certificates.withdraw_certificate(actor=body_admin, certificate_id=certificate.pk,
                                          status="revoked", reason="Evidencia falsa.")
    assert "Certificado revocado" in page(client, certificate).text
    assert client.get(f"/api/v1/verify/{certificate.folio}/").json()["status"] == "revoked"


def test_the_holders_renap_choice_shows_at_once(client, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(holder__public_registry_opt_in=False)
    assert "/pdf/" not in page(client, certificate).text
    holder = certificate.holder
    holder.public_registry_opt_in = True
    with django_capture_on_commit_callbacks(execute=True):
        holder.save(update_fields=["public_registry_opt_in"])
    assert f"/verificar/{certificate.folio}/pdf/" in page(client, certificate).text


def test_an_answer_made_from_rows_older_than_a_change_is_not_kept(
        django_capture_on_commit_callbacks):
    folio = CertificateFactory().folio
    _kept, generation = answers.lookup("page", folio, "es")  # read before the rows
    with django_capture_on_commit_callbacks(execute=True):
        answers.forget(folio)  # the change commits meanwhile
    answers.keep("page", folio, "es", generation, {"html": "old"}, seconds=60)
    assert answers.lookup("page", folio, "es")[0] is None


def test_the_checked_at_time_is_the_requests_own(client):
    certificate = CertificateFactory()
    page(client, certificate)
    later = timezone.make_aware(datetime.datetime(2031, 7, 9, 16, 45))
    with clock.travel_to(later):
        body = page(client, certificate).text
    assert "9 de julio de 2031 a las 16:45" in body


def test_each_visitor_gets_a_form_token_of_their_own(client):
    from django.test import Client

    certificate = CertificateFactory()
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page(c, certificate).text
                        ).group(1) for c in (client, Client())]
    assert tokens[0] != tokens[1]
    assert "\x1f" not in "".join(tokens)


def test_a_signed_in_visitor_is_answered_live(client):
    certificate = CertificateFactory()
    page(client, certificate)  # kept for everyone
    client.force_login(UserFactory(username="revisora"))
    assert "revisora" in page(client, certificate).text


def test_a_kept_answer_never_outlives_the_certificates_validity():
    now = timezone.make_aware(datetime.datetime(2030, 3, 1, 23, 59))
    assert answers.lifetime(datetime.date(2030, 3, 1), now) == 60  # until midnight
    assert answers.lifetime(datetime.date(2029, 1, 1), now) == 0
    assert answers.lifetime(None, now) == answers.TTL


def test_the_api_answer_is_public_and_revalidated_by_its_etag(client):
    certificate = CertificateFactory()
    response = client.get(f"/api/v1/verify/{certificate.folio}/")
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(f"/api/v1/verify/{certificate.folio}/",
                       headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_the_page_is_only_for_the_browser_to_keep(client):
    response = page(client, CertificateFactory())
    assert response["Cache-Control"] == "private, no-cache"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_the_credential_is_revalidated_by_its_etag(client):
    certificate = CertificateFactory()
    response = client.get(f"/verificar/{certificate.folio}/credential.json")
    assert response.content.decode() == certificate.credential
    again = client.get(f"/verificar/{certificate.folio}/credential.json",
                       headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_an_unknown_folio_shows_the_folio_asked_for(client):
    first = CertificateFactory.build().folio
    second = CertificateFactory.build().folio
    assert first in client.get(f"/verificar/{first}/").text
    response = client.get(f"/verificar/{second}/")
    assert response.status_code == 404
    assert second in response.text and first not in response.text


def test_a_folio_issued_after_it_was_looked_up_is_found(client, django_capture_on_commit_callbacks):
    folio = CertificateFactory.build().folio
    assert client.get(f"/verificar/{folio}/").status_code == 404  # kept as unknown
    with django_capture_on_commit_callbacks(execute=True):
        CertificateFactory(folio=folio)
    assert client.get(f"/verificar/{folio}/").status_code == 200
