import datetime

import pytest

from bodies.models import Accreditation
from tests.bodies.conftest import accredit
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    StandardFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accredited_centre(body_scope, centre, standard):
    accredit("centre", centre, standard, centre.awarding_body)
    return centre


@pytest.fixture
def independent(body_scope, body, standard):
    assessor = AssessorFactory(centre=None, awarding_body=body, state="OAX",
                               full_name="Itzel Ramírez Cruz")
    accredit("assessor", assessor, standard, body)
    return assessor


def test_the_directory_lists_accredited_bodies_and_centres(client, accredited_centre):
    AssessmentCentreFactory(name="Centro sin acreditación")
    body = client.get("/organismos/").text
    assert "CONALEP Toluca" in body
    assert "Centro sin acreditación" not in body


def test_the_directory_filters_by_state_and_standard(client, accredited_centre, independent):
    assert "CONALEP Toluca" in client.get("/organismos/", {"state": "MEX"}).text
    assert "CONALEP Toluca" not in client.get("/organismos/", {"state": "JAL"}).text
    by_standard = client.get("/organismos/", {"standard": "ec0435"}).text
    assert "CONALEP Toluca" in by_standard and "Itzel Ramírez Cruz" in by_standard
    assert "CONALEP Toluca" not in client.get("/organismos/", {"standard": "EC0076"}).text


def test_an_unknown_standard_in_the_directory_is_a_field_error(client, accredited_centre):
    response = client.get("/organismos/", {"standard": "EC9999"})
    assert response.status_code == 200
    assert "EC9999" in response.text


def test_a_standard_page_says_where_to_get_certified_by_state(client, accredited_centre,
                                                              independent, standard):
    body = client.get(f"/estandares/{standard.code}/").text
    assert "¿Dónde puedo certificarme?" in body
    assert "Estado de México" in body and "CONALEP Toluca" in body
    assert "Oaxaca" in body and "Itzel Ramírez Cruz" in body


def test_a_suspended_centre_disappears_from_the_directory(client, accredited_centre):
    Accreditation.objects.filter(centre=accredited_centre).update(status="suspended")
    assert "CONALEP Toluca" not in client.get("/organismos/").text


def test_the_api_lists_centres_by_standard_and_state(client, accredited_centre):
    data = client.get("/api/v1/centres/", {"standard": "EC0435", "state": "MEX"}).json()
    assert [c["name"] for c in data["results"]] == ["CONALEP Toluca"]
    assert data["results"][0]["standards"] == ["EC0435"]
    assert client.get("/api/v1/centres/", {"state": "JAL"}).json()["count"] == 0


def test_the_api_lists_awarding_bodies_with_their_scope(client, body_scope):
    AwardingBodyFactory(name="Sin alcance")
    data = client.get("/api/v1/awarding-bodies/").json()
    assert [(b["name"], b["scope"]) for b in data["results"]] == [
        ("CONALEP", ["EC0076", "EC0435"])]


def test_a_bad_api_filter_is_a_400_with_field_errors(client, body_scope):
    response = client.get("/api/v1/centres/", {"state": "XX", "standard": "EC9999"})
    assert response.status_code == 400
    assert set(response.json()) == {"state", "standard"}


def test_staff_see_their_bodys_back_office(client, body_admin, body, accredited_centre):
    client.force_login(body_admin)
    response = client.get("/organismos/gestion/", follow=True)
    assert "CONALEP Toluca" in response.text
    assert "EC0435" in response.text


def test_staff_of_another_body_cannot_open_this_back_office(client, body):
    client.force_login(member_of("administrator", awarding_body=AwardingBodyFactory()))
    assert client.get(f"/organismos/gestion/{body.pk}/").status_code == 404


def test_the_back_office_warns_of_accreditations_expiring_within_60_days(
        client, body_admin, body, body_scope, centre, standard):
    accredit("centre", centre, standard, body,
             valid_until=datetime.date(2026, 12, 20))
    client.force_login(body_admin)
    body_html = client.get(f"/organismos/gestion/{body.pk}/").text
    assert 'id="expiring"' in body_html


def test_staff_suspend_and_reinstate_in_the_browser(client, body_admin, body, accredited_centre):
    accreditation = Accreditation.objects.get(centre=accredited_centre)
    client.force_login(body_admin)
    client.post(f"/organismos/acreditaciones/{accreditation.pk}/decision/",
                {"decision": "suspend", "reason": "Visita con hallazgos", "confirmed": "yes"})
    accreditation.refresh_from_db()
    assert accreditation.status == "suspended"
    client.post(f"/organismos/acreditaciones/{accreditation.pk}/decision/",
                {"decision": "reinstate"})
    accreditation.refresh_from_db()
    assert accreditation.status == "active"


def test_suspending_without_a_reason_is_refused_with_a_message(client, body_admin, body,
                                                               accredited_centre):
    accreditation = Accreditation.objects.get(centre=accredited_centre)
    client.force_login(body_admin)
    response = client.post(f"/organismos/acreditaciones/{accreditation.pk}/decision/",
                           {"decision": "suspend", "reason": "", "confirmed": "yes"},
                           follow=True)
    assert response.status_code == 200
    assert "motivo" in response.text
    accreditation.refresh_from_db()
    assert accreditation.status == "active"


def test_accrediting_an_ineligible_assessor_in_the_browser_names_what_is_missing(
        client, body_admin, body, body_scope, assessor, standard):
    client.force_login(body_admin)
    response = client.post(f"/organismos/gestion/{body.pk}/acreditar-evaluador/", {
        "assessor-holder": assessor.pk, "assessor-standard": standard.pk,
        "assessor-valid_from": "2026-12-01", "assessor-valid_until": "2027-06-30"},
        follow=True)
    assert "EC0076" in response.text and "EC0435" in response.text
    assert not Accreditation.objects.filter(assessor=assessor).exists()


def test_a_centre_cannot_be_accredited_in_the_browser_outside_the_scope(
        client, body_admin, body, body_scope, centre):
    outside = StandardFactory(code="EC0999")
    client.force_login(body_admin)
    client.post(f"/organismos/gestion/{body.pk}/acreditar-centro/", {
        "centre-holder": centre.pk, "centre-standard": outside.pk,
        "centre-valid_from": "2026-12-01", "centre-valid_until": "2027-06-30"})
    assert not Accreditation.objects.filter(centre=centre).exists()


@pytest.fixture
def submitted_request(body, accredited_centre, standard):
    from certification.assessment.models import Assessment
    from certification.issuance.models import CertificateRequest
    from tests.factories import CandidacyFactory

    assessor = AssessorFactory(centre=accredited_centre, awarding_body=body)
    accredit("assessor", assessor, standard, body)
    assessment = Assessment.objects.create(
        candidacy=CandidacyFactory(centre=accredited_centre, person__given_names="Xóchitl"),
        standard=standard, assessor=assessor, centre=accredited_centre, awarding_body=body,
        status="submitted", verdict="competent",
        submitted_at=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC))
    return CertificateRequest.objects.create(assessment=assessment, awarding_body=body)


def test_a_request_of_a_suspended_centre_waits_visibly_until_reinstated(
        client, body_admin, accredited_centre, submitted_request):
    from bodies import services

    accreditation = Accreditation.objects.get(centre=accredited_centre)
    services.suspend_accreditation(actor=body_admin, accreditation=accreditation,
                                   reason="Hallazgos de verificación")
    client.force_login(body_admin)
    body_html = client.get("/solicitudes/").text
    assert "Xóchitl" in body_html
    assert 'class="blockers"' in body_html
    assert "El Centro de Evaluación CONALEP Toluca está suspendido" in body_html
    services.reinstate_accreditation(actor=body_admin, accreditation=accreditation)
    assert 'class="blockers"' not in client.get("/solicitudes/").text


def test_requests_of_other_bodies_are_not_listed(client, submitted_request):
    client.force_login(member_of("reviewer", awarding_body=AwardingBodyFactory()))
    assert "Xóchitl" not in client.get("/solicitudes/").text


def test_the_centres_api_does_not_query_once_per_centre(client, body_scope, body, standard,
                                                        django_assert_max_num_queries,
                                                        counters_in_memory):
    for n in range(5):
        accredit("centre", AssessmentCentreFactory(awarding_body=body, name=f"Centro {n}"),
                 standard, body)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/centres/").json()["count"] == 5
