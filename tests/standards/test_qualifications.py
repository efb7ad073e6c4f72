"""Qualifications: sets of at least two standards with the lifecycle of a standard, their
own code, catalogue, pages and API, and never mixed into the lists of standards."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bodies.forms import AccreditBodyForm
from certification.assessment.forms import StartAssessmentForm
from certification.assessment.models import Candidacy
from conocer.core.errors import ServiceError
from conocer.core.models import AuditEvent
from standards import selectors, services
from standards.models import Standard
from tests.factories import (
    AccreditationFactory,
    AssessorFactory,
    StandardFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

S = Standard.Status
PUBLISHED_ON = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def english(client):
    """Messages are matched in English, the source language (pages ask for it too)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def qualification(*units, code="CQ0001", status=S.PUBLISHED, **fields) -> Standard:
    made = StandardFactory(kind=Standard.Kind.QUALIFICATION, code=code, status=status,
                           title="Auxiliar administrativo con atención a clientes", **fields)
    made.components.set(units)
    return made


@pytest.fixture
def units(db):
    return [StandardFactory(code="EC0108"), StandardFactory(code="EC0109"),
            StandardFactory(code="EC0305")]


def draft_qualification(conocer_admin, lead_body, components):
    return services.create_draft(
        actor=conocer_admin, lead_body=lead_body, kind=Standard.Kind.QUALIFICATION,
        code="CQ0007", title="Auxiliar administrativo", level=2, sector=lead_body.sector,
        components=components)


def through_approval(admin, board, standard):
    services.transition(actor=admin, standard=standard, name="submit")
    services.transition(actor=board, standard=standard, name="approve_lead_body")
    services.transition(actor=admin, standard=standard, name="approve_conocer")


# The rules ------------------------------------------------------------------------------

def test_a_qualification_is_drafted_with_its_units_and_goes_through_the_lifecycle(
        conocer_admin, board, lead_body, units):
    drafted = draft_qualification(conocer_admin, lead_body, units[:2])
    through_approval(conocer_admin, board, drafted)

    published = services.transition(actor=conocer_admin, standard=drafted, name="publish",
                                    dof_published_on=PUBLISHED_ON)

    assert published.status == S.PUBLISHED and published.is_qualification
    assert sorted(published.components.values_list("code", flat=True)) == ["EC0108",
                                                                            "EC0109"]
    assert AuditEvent.objects.filter(action="standard.publish",
                                     target_id=str(published.pk)).exists()


def test_a_qualification_with_one_unit_is_refused(conocer_admin, lead_body, units):
    with pytest.raises(ValidationError) as refused:
        draft_qualification(conocer_admin, lead_body, units[:1])
    assert "at least two" in str(refused.value.message_dict["components"])


def test_publication_is_refused_when_the_qualification_has_one_unit(
        conocer_admin, board, lead_body, units):
    drafted = draft_qualification(conocer_admin, lead_body, units[:2])
    through_approval(conocer_admin, board, drafted)
    drafted.components.remove(units[1])  # as if a unit had been taken out behind its back

    with pytest.raises(ServiceError, match="at least two standards"):
        services.transition(actor=conocer_admin, standard=drafted, name="publish",
                            dof_published_on=PUBLISHED_ON)
    drafted.refresh_from_db()
    assert drafted.status == S.APPROVED


def test_publication_waits_until_every_unit_is_published(conocer_admin, board, lead_body,
                                                         units):
    in_preparation = StandardFactory(code="EC1325", status=S.APPROVED)
    drafted = draft_qualification(conocer_admin, lead_body, [units[0], in_preparation])
    through_approval(conocer_admin, board, drafted)

    with pytest.raises(ServiceError, match="EC1325"):
        services.transition(actor=conocer_admin, standard=drafted, name="publish",
                            dof_published_on=PUBLISHED_ON)
    services.transition(actor=conocer_admin, standard=in_preparation, name="publish",
                        dof_published_on=PUBLISHED_ON)
    services.transition(actor=conocer_admin, standard=drafted, name="publish",
                        dof_published_on=PUBLISHED_ON)
    drafted.refresh_from_db()
    assert drafted.status == S.PUBLISHED


def test_a_qualification_is_not_a_unit_of_another(conocer_admin, lead_body, units):
    other = qualification(*units[:2], code="CQ0002")
    with pytest.raises(ValidationError, match="not other qualifications"):
        draft_qualification(conocer_admin, lead_body, [units[0], other])


def test_a_standard_cannot_be_given_units(conocer_admin, lead_body, units):
    with pytest.raises(ValidationError, match="Only a qualification"):
        services.create_draft(actor=conocer_admin, lead_body=lead_body, code="EC7001",
                              title="Estándar", level=2, sector=lead_body.sector,
                              components=units[:2])


def test_a_standard_without_units_of_competence_is_still_not_submitted(conocer_admin,
                                                                       lead_body):
    draft = services.create_draft(actor=conocer_admin, lead_body=lead_body, code="EC7002",
                                  title="Estándar", level=2, sector=lead_body.sector)
    with pytest.raises(ServiceError, match="at least one unit of competence"):
        services.transition(actor=conocer_admin, standard=draft, name="submit")


@pytest.mark.parametrize(("kind", "code"), [(Standard.Kind.QUALIFICATION, "EC0001"),
                                            (Standard.Kind.STANDARD, "CQ0001")])
def test_the_code_prefix_follows_the_kind(conocer_admin, lead_body, units, kind, code):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=conocer_admin, lead_body=lead_body, kind=kind, code=code,
                              title="Mal código", level=2, sector=lead_body.sector,
                              components=units[:2] if kind == Standard.Kind.QUALIFICATION
                              else None)
    assert "code" in refused.value.message_dict


def test_a_new_version_of_a_qualification_keeps_its_units_and_its_kind(conocer_admin,
                                                                       units):
    published = qualification(*units, lead_body__sector__code="S90")
    draft = services.create_new_version(actor=conocer_admin, standard=published)
    assert draft.code == "CQ0001.01" and draft.is_qualification
    assert set(draft.components.all()) == set(units)


# Lists of standards never show qualifications ------------------------------------------------

def test_the_standards_catalogue_api_and_exports_do_not_list_qualifications(client, units):
    qualification(*units)
    pages = [client.get("/estandares/").content.decode(),
             client.get("/api/v1/standards/").content.decode(),
             b"".join(client.get("/estandares/export.csv").streaming_content).decode(),
             b"".join(client.get("/estandares/export.json").streaming_content).decode()]
    for page in pages:
        assert "EC0108" in page
        assert "CQ0001" not in page


def test_the_dormant_list_does_not_list_qualifications(units):
    qualification(*units, dof_published_on=datetime.date(2015, 1, 5))
    assert "CQ0001" not in [s.code for s in selectors.dormant_standards()]


def test_accrediting_a_body_offers_standards_not_qualifications(units):
    qualification(*units)
    offered = AccreditBodyForm().fields["standards"].queryset
    assert set(offered) == set(units)


def test_starting_an_assessment_offers_no_qualification(units):
    made = qualification(*units)
    assessor = AssessorFactory()
    for standard in (units[0], made):
        AccreditationFactory(awarding_body=None, assessor=assessor, standard=standard,
                             granted_by=assessor.awarding_body)
    form = StartAssessmentForm(assessor=assessor, candidacies=Candidacy.objects.none())
    assert list(form.fields["standard"].queryset) == [units[0]]


# Pages and API -------------------------------------------------------------------------------

def test_the_qualifications_catalogue_lists_only_qualifications(client, units):
    qualification(*units)
    page = client.get("/cualificaciones/").content.decode()
    assert "CQ0001" in page and "EC0108, EC0109, EC0305" in page
    assert "/estandares/EC0108/" not in page  # the standards themselves are not rows


def test_the_qualifications_catalogue_searches_and_filters(client, units):
    qualification(*units, level=2)
    other = qualification(*units[:2], code="CQ0002", level=4)
    other.title = "Otra cualificación"
    other.save()
    by_words = client.get("/cualificaciones/?q=auxiliar").content.decode()
    by_level = client.get("/cualificaciones/?level=4").content.decode()
    assert '"/cualificaciones/CQ0001/"' in by_words and "/CQ0002/" not in by_words
    assert '"/cualificaciones/CQ0002/"' in by_level and "/CQ0001/" not in by_level


def test_a_qualification_page_lists_its_units_with_links(client, units):
    qualification(*units)
    page = client.get("/cualificaciones/CQ0001/").content.decode()
    for unit in units:
        assert f'href="/estandares/{unit.code}/"' in page


def test_a_standard_page_lists_the_qualifications_it_is_a_unit_of(client, units):
    qualification(*units)
    qualification(*units, code="CQ0009", status=S.DRAFT)  # not public: not listed
    page = client.get("/estandares/EC0109/").content.decode()
    assert 'href="/cualificaciones/CQ0001/"' in page
    assert "CQ0009" not in page


def test_a_qualification_code_under_standards_leads_to_its_page(client, units):
    qualification(*units)
    response = client.get("/estandares/CQ0001/")
    assert response.status_code == 302 and response["Location"] == "/cualificaciones/CQ0001/"


def test_a_draft_qualification_is_not_public(client, units):
    qualification(*units, status=S.DRAFT)
    assert client.get("/cualificaciones/CQ0001/").status_code == 404
    assert client.get("/api/v1/qualifications/CQ0001/").status_code == 404


def test_the_api_lists_qualifications_with_their_units(client, units):
    qualification(*units)
    listed = client.get("/api/v1/qualifications/").json()
    assert [q["code"] for q in listed["results"]] == ["CQ0001"]
    assert listed["results"][0]["units"] == ["EC0108", "EC0109", "EC0305"]
    detail = client.get("/api/v1/qualifications/cq0001/").json()
    assert [u["code"] for u in detail["units"]] == ["EC0108", "EC0109", "EC0305"]
    assert client.get("/api/v1/qualifications/EC0108/").status_code == 404


def test_the_api_filters_qualifications_by_level(client, units):
    qualification(*units, level=2)
    assert client.get("/api/v1/qualifications/?level=3").json()["count"] == 0
    assert client.get("/api/v1/qualifications/?level=2").json()["count"] == 1


def test_the_standard_api_names_the_qualifications_it_is_a_unit_of(client, units):
    qualification(*units)
    assert client.get("/api/v1/standards/EC0305/").json()["qualifications"] == ["CQ0001"]


def test_a_lead_body_member_drafts_a_qualification_in_the_browser(client, member, lead_body,
                                                                  units):
    client.force_login(member)
    response = client.post("/cualificaciones/nueva/", {
        "lead_body": lead_body.pk, "code": "cq0040", "title": "Auxiliar de oficina",
        "level": 2, "sector": lead_body.sector.pk, "generation": 4,
        "components": [units[0].pk, units[1].pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Standard.objects.get(code="CQ0040")
    assert made.is_qualification and made.status == S.DRAFT
    assert made.components.count() == 2


def test_drafting_a_qualification_with_one_unit_shows_the_field_error(client, member,
                                                                      lead_body, units):
    client.force_login(member)
    response = client.post("/cualificaciones/nueva/", {
        "lead_body": lead_body.pk, "code": "CQ0041", "title": "Auxiliar de oficina",
        "level": 2, "sector": lead_body.sector.pk, "generation": 4,
        "components": [units[0].pk]})
    assert response.status_code == 200
    assert "at least two standards" in response.content.decode()
    assert not Standard.objects.filter(code="CQ0041").exists()


def test_an_outsider_cannot_open_the_qualification_editor(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/cualificaciones/nueva/").status_code == 403


def test_the_unit_standard_keeps_its_structure_in_the_json_export(client, units):
    UnitFactory(standard=units[0], code="E0001")
    qualification(*units)
    records = json.loads(b"".join(client.get("/estandares/export.json").streaming_content))
    assert [r["code"] for r in records] == ["EC0108", "EC0109", "EC0305"]


def test_a_lead_body_member_changes_a_draft_qualifications_units(client, member, lead_body,
                                                                  units):
    draft = qualification(*units[:2], status=S.DRAFT, lead_body=lead_body,
                          sector=lead_body.sector)
    client.force_login(member)
    response = client.post(f"/estandares/{draft.code}/editar/", {
        "code": draft.code, "title": draft.title, "level": 2, "sector": lead_body.sector.pk,
        "generation": 4, "components": [u.pk for u in units]})
    assert response.status_code == 302
    assert set(draft.components.all()) == set(units)
    [edited] = AuditEvent.objects.filter(action="standard.edited")
    assert "components" in edited.data["fields"]


def test_a_qualification_page_shows_its_level_and_education_level(client, conocer_admin,
                                                                  units):
    from standards import framework

    framework.save_education_mapping(actor=conocer_admin, level=2,
                                     education_level="secundaria")
    qualification(*units, level=2)
    page = client.get("/cualificaciones/CQ0001/").content.decode()
    assert "Lower secondary education" in page
    assert 'href="/cualificaciones/niveles/#level-2"' in page
