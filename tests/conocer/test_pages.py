from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch.object(connection, "cursor",
                           side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_home_page_is_in_spanish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert "Registro Nacional" in response.text
    assert 'lang="es"' in response.text


def test_home_page_links_to_the_catalogue_and_to_verification(client):
    body = client.get("/").text
    assert f'href="{reverse("standards:catalogue")}"' in body
    assert f'href="{reverse("verification:verify")}"' in body


def test_language_switcher_turns_the_site_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response["Content-Language"] == "en"
    assert "National Registry" in response.text


def test_admin_login_page_is_served(client):
    assert client.get("/admin/login/").status_code == 200


def test_styles_come_from_our_own_static_files(client):
    body = client.get("/").text
    assert "/static/vendor/pico/pico.min.css" in body
    assert "cdn" not in body.lower()


def test_the_header_offers_each_person_only_their_sections(client):
    from bodies.models import Membership
    from tests.factories import AssessmentCentreFactory, AssessorFactory, UserFactory

    centre = AssessmentCentreFactory()
    assessor = AssessorFactory(centre=centre, user=UserFactory())
    Membership.objects.create(user=assessor.user, role="assessor", centre=centre)
    reviewer = UserFactory()
    Membership.objects.create(user=reviewer, role="reviewer",
                              awarding_body=centre.awarding_body)

    client.force_login(assessor.user)
    header = client.get("/").text
    assert "/evaluaciones/" in header and "/organismos/gestion/" not in header
    client.force_login(reviewer)
    header = client.get("/").text
    assert "/organismos/gestion/" in header and "/evaluaciones/" not in header
    client.logout()
    assert "/solicitudes/" not in client.get("/").text


def test_media_files_are_never_served_directly_even_in_development():
    from django.urls import Resolver404, resolve

    for path in ("/media/certificates/7K3M-Q9TX-2F4B.pdf", "/media/evidence/1/x.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)
