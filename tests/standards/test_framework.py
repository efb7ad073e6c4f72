"""The framework around the catalogue: the five level descriptors and the education levels
CONOCER maps them to (edited on a page of its own, audited), SINCO occupations and SCIAN
codes on standards — searchable, filterable, in the API and the exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conocer.core.errors import PermissionDenied
from conocer.core.models import AuditEvent
from standards import framework, services
from standards.models import EducationLevelMapping, LevelDescriptor, Occupation, Standard
from tests.factories import SectorFactory, StandardFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def reference_data(db):
    """What migration 0007 writes, written again: a transactional test earlier in the same
    process empties every table."""
    framework.ensure_reference_data()


@pytest.fixture
def carers(db):
    return Occupation.objects.get_or_create(code="5221", defaults={
        "title": "Cuidadores de niños, personas con discapacidad y ancianos en "
                 "establecimientos"})[0]


@pytest.fixture
def childcare(carers):
    standard = StandardFactory(code="EC0435", title="Atención en Centros de Atención Infantil",
                               scian_code="6244",
                               sector=SectorFactory(name="Salud", scian_code="62"))
    standard.occupations.set([carers])
    return standard


@pytest.fixture
def welding(db):
    return StandardFactory(code="EC0999", title="Soldadura de placa",
                           sector=SectorFactory(name="Manufactura", scian_code="33"))


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def save_mapping(actor, level=3, education_level="media_superior", notes=""):
    return framework.save_education_mapping(actor=actor, level=level,
                                            education_level=education_level, notes=notes)


# Levels and education levels --------------------------------------------------------------

def test_a_new_registry_has_the_five_level_descriptors(db):
    assert list(LevelDescriptor.objects.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
    assert all(LevelDescriptor.objects.values_list("descriptor", flat=True))


def test_an_emptied_registry_gets_the_descriptors_and_occupations_back_once(db):
    LevelDescriptor.objects.all().delete()
    Occupation.objects.all().delete()
    added = framework.ensure_reference_data()
    assert LevelDescriptor.objects.count() == 5 and added == 5 + Occupation.objects.count()
    assert framework.ensure_reference_data() == 0


def test_conocer_maps_a_level_to_an_education_level_and_it_is_audited(conocer_admin):
    mapping = save_mapping(conocer_admin, notes="Referencia.")
    assert (mapping.level, mapping.official_name) == (3, "Educación media superior")
    event = AuditEvent.objects.get(action="education_level_mapping.saved")
    assert event.actor == conocer_admin


def test_saving_the_same_mapping_again_records_nothing(conocer_admin):
    save_mapping(conocer_admin)
    save_mapping(conocer_admin)
    assert AuditEvent.objects.filter(action="education_level_mapping.saved").count() == 1


def test_clearing_a_mapping_removes_it_and_is_audited(conocer_admin):
    save_mapping(conocer_admin)
    save_mapping(conocer_admin, education_level="")
    assert not EducationLevelMapping.objects.exists()
    assert AuditEvent.objects.filter(action="education_level_mapping.deleted").exists()


@pytest.mark.parametrize("who", ["member", "board", "outsider"])
def test_only_conocer_maps_levels(request, who):
    with pytest.raises(PermissionDenied):
        save_mapping(request.getfixturevalue(who))
    assert not EducationLevelMapping.objects.exists()


def test_an_unknown_education_level_is_a_field_error(conocer_admin):
    with pytest.raises(ValidationError) as refused:
        save_mapping(conocer_admin, education_level="doctorado_honoris")
    assert "education_level" in refused.value.message_dict


def test_the_levels_page_shows_descriptors_and_mappings(client, conocer_admin):
    save_mapping(conocer_admin, level=2, education_level="secundaria")
    page = client.get("/cualificaciones/niveles/").content.decode()
    assert 'id="level-2"' in page and "Lower secondary education" in page
    assert LevelDescriptor.objects.get(level=5).descriptor in page


def test_conocer_edits_the_table_on_its_page(client, conocer_admin):
    client.force_login(conocer_admin)
    data = {"levels-TOTAL_FORMS": 5, "levels-INITIAL_FORMS": 5}
    for n, level in enumerate(["primaria", "secundaria", "media_superior", "", ""]):
        data[f"levels-{n}-education_level"] = level
        data[f"levels-{n}-notes"] = ""
    response = client.post("/cualificaciones/niveles/editar/", data)
    assert response.status_code == 302
    assert dict(EducationLevelMapping.objects.values_list("level", "education_level")) == {
        1: "primaria", 2: "secundaria", 3: "media_superior"}
    assert AuditEvent.objects.filter(action="education_level_mapping.saved").count() == 3


@pytest.mark.parametrize("who", ["member", "board", "outsider"])
def test_the_table_editor_is_refused_to_everyone_else(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cualificaciones/niveles/editar/").status_code == 403
    response = client.post("/cualificaciones/niveles/editar/", {
        "levels-TOTAL_FORMS": 5, "levels-INITIAL_FORMS": 5,
        "levels-0-education_level": "primaria"})
    assert response.status_code == 403
    assert not EducationLevelMapping.objects.exists()


def test_a_tampered_table_is_answered_with_errors_not_a_crash(client, conocer_admin):
    client.force_login(conocer_admin)
    for data in [{}, {"levels-TOTAL_FORMS": 2, "levels-INITIAL_FORMS": 2},
                 {"levels-TOTAL_FORMS": 5, "levels-INITIAL_FORMS": 5,
                  "levels-0-education_level": "bachillerato_xx"}]:
        response = client.post("/cualificaciones/niveles/editar/", data)
        assert response.status_code == 400, data
    assert not EducationLevelMapping.objects.exists()


def test_standard_pages_show_the_education_level_of_their_level(client, conocer_admin,
                                                                childcare):
    save_mapping(conocer_admin, level=childcare.level, education_level="secundaria")
    page = client.get("/estandares/EC0435/").content.decode()
    assert "Lower secondary education" in page
    assert "5221" in page and "6244" in page


# SINCO and SCIAN ---------------------------------------------------------------------------

def test_the_catalogue_finds_a_standard_by_its_sinco_code_and_title(client, childcare,
                                                                    welding):
    for query in ("5221", "cuidadores ancianos"):
        page = client.get("/estandares/", {"q": query}).content.decode()
        assert 'href="/estandares/EC0435/"' in page, query
        assert "EC0999" not in page, query


def test_the_catalogue_finds_a_standard_by_its_scian_code_or_its_sectors(client, childcare,
                                                                         welding):
    assert 'href="/estandares/EC0435/"' in client.get("/estandares/?q=6244").content.decode()
    by_sector = client.get("/estandares/?q=33").content.decode()
    assert 'href="/estandares/EC0999/"' in by_sector and "EC0435" not in by_sector


def test_the_catalogue_filters_by_occupation_and_scian(client, childcare, welding):
    assert "EC0999" not in client.get("/estandares/?occupation=52").content.decode()
    by_scian = client.get("/estandares/?scian=62").content.decode()
    assert 'href="/estandares/EC0435/"' in by_scian and "EC0999" not in by_scian


def test_the_api_filters_by_occupation_and_scian(client, childcare, welding):
    assert codes(client.get("/api/v1/standards/?occupation=5221")) == ["EC0435"]
    assert codes(client.get("/api/v1/standards/?occupation=9")) == []
    assert codes(client.get("/api/v1/standards/?scian=6244")) == ["EC0435"]
    assert codes(client.get("/api/v1/standards/?scian=33")) == ["EC0999"]


@pytest.mark.parametrize("query", ["occupation=52a", "occupation=12345", "scian=6",
                                   "scian=62%27--"])
def test_a_malformed_code_filter_is_a_field_error(client, childcare, query):
    response = client.get(f"/api/v1/standards/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()
    page = client.get(f"/estandares/?{query}")
    assert page.status_code == 200 and "field-error" in page.content.decode()


def test_the_api_gives_occupations_scian_and_education_level(client, conocer_admin,
                                                             childcare, welding):
    save_mapping(conocer_admin, level=childcare.level, education_level="secundaria")
    detail = client.get("/api/v1/standards/EC0435/").json()
    assert detail["occupations"] == [{"code": "5221", "title": childcare.occupations.get()
                                      .title}]
    assert (detail["scian_code"], detail["education_level"]) == ("6244", "secundaria")
    assert client.get("/api/v1/standards/EC0999/").json()["scian_code"] == "33"


def test_the_exports_carry_scian_and_occupations_and_filter_by_them(client, childcare,
                                                                    welding):
    text = b"".join(client.get("/estandares/export.csv?occupation=5221").streaming_content)
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [(r["code"], r["scian_code"], r["occupations"]) for r in rows] == [
        ("EC0435", "6244", "5221")]


def test_a_draft_carries_its_occupations_and_scian_code(member, lead_body, carers):
    draft = services.create_draft(actor=member, lead_body=lead_body, code="EC7003",
                                  title="Cuidado", level=2, sector=lead_body.sector,
                                  scian_code="6244", occupations=[carers])
    assert draft.scian_code == "6244" and list(draft.occupations.all()) == [carers]
    services.update_draft(actor=member, standard=draft, occupations=[])
    assert AuditEvent.objects.filter(action="standard.edited",
                                     data__fields=["occupations"]).exists()


def test_a_new_version_keeps_its_occupations_and_scian_code(conocer_admin, childcare):
    draft = services.create_new_version(actor=conocer_admin, standard=childcare)
    assert draft.scian_code == "6244"
    assert list(draft.occupations.values_list("code", flat=True)) == ["5221"]


@pytest.mark.parametrize("code", ["6", "ABC", "1234567", "62-"])
def test_a_malformed_scian_code_is_refused(member, lead_body, code):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=member, lead_body=lead_body, code="EC7004",
                              title="Cuidado", level=2, sector=lead_body.sector,
                              scian_code=code)
    assert "scian_code" in refused.value.message_dict
    assert not Standard.objects.filter(code="EC7004").exists()


def test_the_draft_form_offers_occupations_and_scian(client, member, lead_body, carers):
    client.force_login(member)
    response = client.post("/estandares/nuevo/", {
        "lead_body": lead_body.pk, "code": "EC7005", "title": "Cuidado infantil",
        "level": 2, "sector": lead_body.sector.pk, "generation": 4, "scian_code": "6244",
        "occupations": [carers.pk]})
    assert response.status_code == 302
    made = Standard.objects.get(code="EC7005")
    assert made.scian_code == "6244" and list(made.occupations.all()) == [carers]


def test_only_conocer_changes_the_occupations(member, conocer_admin):
    with pytest.raises(PermissionDenied):
        framework.save_occupation(actor=member, occupation=Occupation(code="7999",
                                                                      title="Otros"))
    framework.save_occupation(actor=conocer_admin, occupation=Occupation(code="7999",
                                                                         title="Otros"))
    assert AuditEvent.objects.filter(action="occupation.registered").exists()


def test_a_user_outside_conocer_cannot_map_levels_with_a_staff_flag(db):
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        save_mapping(staff)
