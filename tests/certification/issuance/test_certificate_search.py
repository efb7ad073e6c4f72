"""Staff certificate search at /certificados/ and its CSV: each user finds only what they
may look up (CONOCER all; an awarding body's staff their body's; a centre's administrators
their centre's; an assessor those from their own assessments)."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache

from bodies.models import Membership
from certification.issuance.services import requests
from tests.factories import (
    CertificateFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_queue")]


@pytest.fixture
def own(centre, standard):
    """A certificate of the body, issued at its centre, to Begoña."""
    return CertificateFactory(centre=centre, standard=standard, issued_on=datetime.date(
        2026, 3, 2), holder=PersonFactory(given_names="Begoña", first_surname="Núñez",
                                         second_surname="Peña"))


@pytest.fixture
def foreign(db):
    return CertificateFactory(holder=PersonFactory(given_names="Ximena",
                                                   first_surname="Zamudio"))


def folios(response):
    return [c.folio for c in response.context["page"]]


def export(client, **query):
    response = client.get("/certificados/exportar/", query)
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_an_awarding_bodys_reviewer_finds_only_the_bodys_certificates(
        client, reviewer, own, foreign):
    client.force_login(reviewer)
    response = client.get("/certificados/")
    assert folios(response) == [own.folio]
    assert "Zamudio" not in response.text


def test_conocer_finds_every_certificate(client, own, foreign):
    from conocer.core.roles import ensure_conocer_group

    admin = UserFactory(is_staff=True)
    admin.groups.add(ensure_conocer_group())
    client.force_login(admin)
    assert set(folios(client.get("/certificados/"))) == {own.folio, foreign.folio}


def test_an_assessor_finds_only_certificates_from_their_own_assessments(
        client, assessor_user, submitted_request, reviewer, own):
    issued = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    client.force_login(assessor_user)
    assert folios(client.get("/certificados/")) == [issued.folio]


def test_a_centres_administrator_finds_the_centres_certificates(client, centre, own, foreign):
    client.force_login(member_of(Membership.Role.ADMINISTRATOR, centre=centre))
    assert folios(client.get("/certificados/")) == [own.folio]


def test_someone_with_no_staff_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get("/certificados/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/certificados/")["Location"].startswith("/cuenta/entrar/")


@pytest.mark.parametrize("query", ["begoña", "núñez peña", "folio", "curp"])
def test_the_search_finds_by_name_folio_or_curp(client, reviewer, own, centre, standard,
                                                query):
    CertificateFactory(centre=centre, standard=standard)
    text = {"folio": own.folio.replace("-", "").lower(), "curp": own.holder.curp.lower()
            }.get(query, query)
    client.force_login(reviewer)
    assert folios(client.get("/certificados/", {"query": text})) == [own.folio]


def test_the_search_filters_by_standard_dates_and_status(client, reviewer, own, centre,
                                                         standard, body_admin):
    later = CertificateFactory(centre=centre, standard=StandardFactory(code="EC0301"),
                               issued_on=datetime.date(2026, 9, 1))
    client.force_login(reviewer)
    assert folios(client.get("/certificados/", {"standard": standard.code})) == [own.folio]
    assert folios(client.get("/certificados/", {"issued_from": "2026-06-01"})) == [later.folio]
    assert folios(client.get("/certificados/", {"issued_until": "2026-06-01"})) == [own.folio]
    assert folios(client.get("/certificados/", {"status": "revoked"})) == []


def test_a_bad_date_is_a_field_error_and_keeps_the_rest(client, reviewer, own):
    client.force_login(reviewer)
    response = client.get("/certificados/", {"issued_from": "31/31/2026", "query": "Begoña"})
    assert response.status_code == 200
    assert response.context["form"].errors["issued_from"]
    assert 'value="Begoña"' in response.text


def test_the_csv_holds_the_search_and_only_what_the_user_may_see(client, reviewer, own,
                                                                 foreign, centre, standard):
    CertificateFactory(centre=centre, standard=StandardFactory(code="EC0301"))
    client.force_login(reviewer)
    rows = export(client, standard=standard.code)
    assert rows[0][:3] == ["folio", "holder", "curp"]
    assert [row[0] for row in rows[1:]] == [own.folio]


def test_the_csv_neutralises_a_name_that_would_be_a_formula(client, reviewer, centre,
                                                            standard):
    CertificateFactory(centre=centre, standard=standard,
                       holder=PersonFactory(given_names="=HYPERLINK", first_surname="Ruiz"))
    client.force_login(reviewer)
    assert export(client)[1][1].startswith("'=")


def test_the_csv_export_has_its_own_rate_limit(client, reviewer, own, settings):
    cache.clear()
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "certificate_export": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client.force_login(reviewer)
    statuses = [client.get("/certificados/exportar/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/certificados/").status_code == 200


def test_the_navigation_offers_the_search_to_staff(rf, reviewer):
    from conocer.context_processors import navigation

    request = rf.get("/")
    request.user = reviewer
    assert navigation(request)["nav"]["certificates"] is True


def test_the_navigation_does_not_offer_it_to_people_without_a_staff_role(rf):
    from conocer.context_processors import navigation

    request = rf.get("/")
    request.user = UserFactory()
    assert navigation(request)["nav"]["certificates"] is False
