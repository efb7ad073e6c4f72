"""The structure editor and lifecycle buttons, driven through the browser's forms."""

import pytest

from standards.models import Standard
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def draft_data(lead_body, **overrides):
    return {"lead_body": lead_body.pk, "code": "EC1600", "title": "Atención a huéspedes",
            "purpose": "Referente para recepcionistas.", "level": 2,
            "sector": lead_body.sector.pk, "generation": 4, **overrides}


def criteria_data(*rows):
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "1", "criteria-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"criteria-{i}-{k}": v for k, v in row.items()})
    return data


def test_a_member_drafts_a_standard_in_the_browser(member_client, lead_body):
    response = member_client.post("/estandares/nuevo/", draft_data(lead_body))
    assert response.status_code == 302
    assert Standard.objects.get(code="EC1600").status == Standard.Status.DRAFT


def test_a_malformed_code_in_the_form_is_a_field_error_and_keeps_the_input(
        member_client, lead_body):
    response = member_client.post("/estandares/nuevo/", draft_data(lead_body, code="EC16"))
    assert response.status_code == 200
    assert "cuatro dígitos" in response.text
    assert "Atención a huéspedes" in response.text
    assert not Standard.objects.filter(title="Atención a huéspedes").exists()


def test_a_lower_case_code_is_stored_in_capitals(member_client, lead_body):
    member_client.post("/estandares/nuevo/", draft_data(lead_body, code="ec1601"))
    assert Standard.objects.filter(code="EC1601").exists()


def test_a_member_adds_a_unit_with_criteria_of_every_kind(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    response = member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir al huésped",
        **criteria_data(
            {"kind": "performance", "text": "Saluda al huésped."},
            {"kind": "product", "text": "Registro de llegada completo."},
            {"kind": "knowledge", "text": "Políticas del hotel.", "bloom_level": "2"},
            {"kind": "attitude", "text": "Amabilidad."},
        )})
    assert response.status_code == 302
    unit = standard.units.get()
    assert list(unit.criteria.values_list("kind", flat=True)) == [
        "performance", "product", "knowledge", "attitude"]


def test_a_knowledge_criterion_without_bloom_level_is_a_field_error(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    response = member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir al huésped",
        **criteria_data({"kind": "knowledge", "text": "Políticas del hotel."})})
    assert response.status_code == 200
    assert "nivel de Bloom" in response.text
    assert "Políticas del hotel." in response.text
    assert not standard.units.exists()


def test_the_editor_is_not_offered_for_a_published_standard(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body)
    body = member_client.get(f"/estandares/{standard.code}/").text
    assert "/editar/" not in body
    response = member_client.post(f"/estandares/{standard.code}/editar/",
                                  draft_data(lead_body, title="Cambiado"))
    assert response.status_code == 200
    standard.refresh_from_db()
    assert standard.title != "Cambiado"


def test_a_member_submits_a_draft_with_the_lifecycle_button(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir", **criteria_data(
            {"kind": "performance", "text": "Saluda."})})
    response = member_client.post(f"/estandares/{standard.code}/acciones/submit/", follow=True)
    standard.refresh_from_db()
    assert standard.status == Standard.Status.SUBMITTED
    assert "Enviado" in response.text


def test_a_transition_refused_by_the_state_is_a_message_not_an_error_page(member_client,
                                                                         lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.SUBMITTED)
    response = member_client.post(f"/estandares/{standard.code}/acciones/submit/",
                                  follow=True)
    assert response.status_code == 200
    assert "Solo se puede enviar un borrador" in response.text
    standard.refresh_from_db()
    assert standard.status == Standard.Status.SUBMITTED


def test_a_transition_the_person_may_not_make_is_forbidden(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.APPROVED)
    response = member_client.post(f"/estandares/{standard.code}/acciones/publish/")
    assert response.status_code == 403
    standard.refresh_from_db()
    assert standard.status == Standard.Status.APPROVED


def test_a_bad_publication_date_is_reported(client, conocer_admin, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.APPROVED)
    client.force_login(conocer_admin)
    response = client.post(f"/estandares/{standard.code}/acciones/publish/",
                           {"dof_published_on": "31/31/2026", "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    standard.refresh_from_db()
    assert standard.status == Standard.Status.APPROVED


def test_strangers_cannot_see_drafts_or_edit_them(client, outsider, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    client.force_login(outsider)
    assert client.get(f"/estandares/{standard.code}/").status_code == 404
    assert client.post(f"/estandares/{standard.code}/acciones/submit/").status_code == 404


def test_work_in_progress_lists_only_the_members_lead_bodies(member_client, lead_body):
    own = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    other = StandardFactory(status=Standard.Status.DRAFT)
    body = member_client.get("/estandares/en-elaboracion/").text
    assert own.code in body
    assert other.code not in body


def test_a_member_drafts_a_new_version_of_a_published_standard(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, code="EC0500")
    response = member_client.post("/estandares/EC0500/nueva-version/")
    assert response.status_code == 302
    assert response["Location"] == "/estandares/EC0500.01/"
    assert Standard.objects.get(code="EC0500.01").supersedes == standard


def test_the_admin_shows_a_published_standard_read_only(admin_client):
    standard = StandardFactory(title="Publicado", level=2)
    response = admin_client.post(f"/admin/standards/standard/{standard.pk}/change/",
                                 {"title": "Cambiado", "level": 3})
    assert response.status_code == 403
    standard.refresh_from_db()
    assert standard.title == "Publicado"


def test_the_admin_shows_a_draft_read_only_too_drafts_are_edited_in_the_editor(admin_client):
    standard = StandardFactory(status=Standard.Status.DRAFT, title="Borrador")
    body = admin_client.get(f"/admin/standards/standard/{standard.pk}/change/").text
    assert "Borrador" in body
    assert 'name="title"' not in body and 'name="status"' not in body


# The unit editor does what its help text says: empty rows are ignored, rows are added
# without saving.

EMPTY_ROW = {"kind": "performance", "text": "", "bloom_level": ""}


def test_a_unit_with_one_criterion_and_two_empty_rows_saves(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    response = member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir al huésped", **criteria_data(
            {"kind": "performance", "text": "Saluda al huésped."}, EMPTY_ROW, EMPTY_ROW)})
    assert response.status_code == 302
    assert list(standard.units.get().criteria.values_list("text", flat=True)) == [
        "Saluda al huésped."]


def test_an_empty_first_row_is_ignored_too(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir", **criteria_data(
            EMPTY_ROW, {"kind": "product", "text": "Registro completo."})})
    assert list(standard.units.get().criteria.values_list("kind", flat=True)) == ["product"]


def test_a_unit_with_every_row_empty_asks_for_one_criterion(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    response = member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir al huésped", **criteria_data(EMPTY_ROW, EMPTY_ROW)})
    assert response.status_code == 200
    assert "Escriba al menos un criterio" in response.text
    assert "Recibir al huésped" in response.text
    assert not standard.units.exists()


def test_add_a_row_keeps_everything_typed_and_saves_nothing(member_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.DRAFT)
    response = member_client.post(f"/estandares/{standard.code}/unidades/nueva/", {
        "code": "E0001", "title": "Recibir al huésped", "add_row": "1", **criteria_data(
            {"kind": "knowledge", "text": "Políticas del hotel.", "bloom_level": "2"})})
    assert response.status_code == 200
    body = response.text
    assert 'value="Recibir al huésped"' in body
    assert "Políticas del hotel." in body
    assert '<option value="2" selected>' in body
    assert 'name="criteria-TOTAL_FORMS" value="2"' in body
    assert 'name="criteria-1-text"' in body
    assert "field-error" not in body
    assert not standard.units.exists()
