"""The catalogue understands the words people use: synonyms CONOCER keeps ("guardería"
finds cuidado infantil), and misspellings by trigram similarity on PostgreSQL."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from conocer.core.errors import PermissionDenied
from conocer.core.models import AuditEvent
from standards import search, services
from standards.models import SearchSynonym, Standard
from tests.factories import StandardFactory, UserFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="trigram similarity is PostgreSQL's (pg_trgm)")


@pytest.fixture
def catalogue(db):
    return {
        "childcare": StandardFactory(
            code="EC0435", title="Prestación de servicios para la atención, cuidado y "
                                 "desarrollo integral de las niñas y los niños",
            purpose="Referente para el cuidado infantil en Centros de Atención Infantil."),
        "documents": StandardFactory(
            code="EC0108", title="Elaboración de documentos mediante herramientas de cómputo"),
        "spreadsheets": StandardFactory(
            code="EC0109", title="Elaboración de libros de trabajo mediante hojas de cálculo"),
        "welding": StandardFactory(code="EC0309", title="Soldadura de placa con proceso SMAW"),
    }


@pytest.fixture
def synonyms(conocer_admin):
    for term, means in [("guardería", "cuidado infantil"),
                        ("excel", "hojas de cálculo, herramientas de cómputo"),
                        ("bienes raíces", "bienes inmuebles")]:
        services.save_search_synonym(actor=conocer_admin,
                                     synonym=SearchSynonym(term=term, means=means))


def found(client, q):
    return [row["code"] for row in client.get("/api/v1/standards/", {"q": q}).json()["results"]]


def test_a_word_people_use_finds_the_standard_worded_otherwise(client, catalogue, synonyms):
    assert found(client, "guardería") == ["EC0435"]


def test_a_synonym_matches_however_it_is_accented_or_capitalised(client, catalogue, synonyms):
    assert found(client, "GUARDERIA") == ["EC0435"]


def test_a_synonym_with_several_phrases_finds_each_of_them(client, catalogue, synonyms):
    assert sorted(found(client, "Excel")) == ["EC0108", "EC0109"]


def test_a_synonym_of_several_words_stands_for_the_whole_phrase(client, catalogue, synonyms):
    StandardFactory(code="EC0110", title="Asesoría en comercialización de bienes inmuebles")
    assert found(client, "bienes raíces") == ["EC0110"]


def test_without_a_synonym_a_word_people_use_finds_nothing(client, catalogue):
    assert found(client, "guardería") == []


def test_the_catalogue_page_finds_a_standard_through_a_synonym(client, catalogue, synonyms):
    assert catalogue["childcare"].title in client.get("/estandares/", {"q": "guardería"}).text


def test_a_synonym_is_audited(conocer_admin):
    synonym = services.save_search_synonym(
        actor=conocer_admin, synonym=SearchSynonym(term="Niñera", means="cuidado infantil"))
    assert synonym.key == "ninera"
    assert AuditEvent.objects.get(action="search_synonym.registered").actor == conocer_admin


def test_only_conocer_administrators_keep_the_synonyms(catalogue):
    with pytest.raises(PermissionDenied):
        services.save_search_synonym(actor=UserFactory(), synonym=SearchSynonym(
            term="guardería", means="cuidado infantil"))


def test_a_second_entry_for_the_same_word_is_refused_next_to_the_word(conocer_admin,
                                                                       synonyms):
    with pytest.raises(ValidationError) as refused:
        services.save_search_synonym(actor=conocer_admin, synonym=SearchSynonym(
            term="Guarderia", means="estancias infantiles"))
    with translation.override("es"):
        assert "ya está en la lista" in refused.value.message_dict["term"][0]


def test_a_synonym_needs_the_catalogues_words(conocer_admin):
    with pytest.raises(ValidationError) as refused:
        services.save_search_synonym(actor=conocer_admin, synonym=SearchSynonym(
            term="guardería", means=" , "))
    assert "means" in refused.value.message_dict


def test_the_admin_adds_a_synonym_through_the_service(admin_client, admin_user, catalogue):
    response = admin_client.post("/admin/standards/searchsynonym/add/", {
        "term": "guardería", "means": "cuidado infantil"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="search_synonym.registered").actor == admin_user


def test_the_admin_deletes_a_synonym_through_the_service(admin_client, synonyms):
    synonym = SearchSynonym.objects.get(key="guarderia")
    admin_client.post(f"/admin/standards/searchsynonym/{synonym.pk}/delete/", {"post": "yes"})
    assert not SearchSynonym.objects.filter(key="guarderia").exists()
    assert AuditEvent.objects.get(action="search_synonym.deleted").data["term"] == "guardería"


@pytest.fixture
def words(catalogue):
    """The catalogue's word list, as publishing a standard rebuilds it."""
    search.refresh_words()


@on_postgres
def test_a_misspelled_word_finds_the_standard_spelled_right(client, words):
    assert found(client, "soldadra") == ["EC0309"]


@on_postgres
def test_only_the_misspelled_word_of_a_search_is_corrected(client, words):
    assert found(client, "herramientas de compto") == ["EC0108"]


@on_postgres
def test_the_catalogue_says_when_it_shows_similar_spellings(client, catalogue, words):
    page = client.get("/estandares/", {"q": "herramientaz de compto"}).text
    assert catalogue["documents"].title in page
    assert "palabras escritas de forma parecida" in page


@on_postgres
def test_exact_words_win_over_similar_spellings(client, words):
    page = client.get("/estandares/", {"q": "soldadura"}).text
    assert "forma parecida" not in page


@on_postgres
def test_a_word_nothing_resembles_still_finds_nothing(client, words):
    assert found(client, "astronauta") == []


@on_postgres
def test_publishing_a_standard_adds_its_words_to_the_spelling_list(
        client, catalogue, conocer_admin, django_capture_on_commit_callbacks):
    search.refresh_words()
    approved = StandardFactory(code="EC0586", status=Standard.Status.APPROVED,
                               title="Instalación de sistemas fotovoltaicos en residencia")
    assert found(client, "fotovoltaicoz") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=conocer_admin, standard=approved, name="publish",
                            dof_published_on=datetime.date(2026, 1, 5))
    assert found(client, "fotovoltaicoz") == ["EC0586"]


@on_postgres
def test_the_spelling_lookup_uses_the_trigram_index_of_the_word_list(catalogue):
    """With a catalogue's worth of words (a few thousand) the index can answer the
    lookup (the planner may still read so small a list whole: the bench compares)."""
    rng = random.Random(4)
    model = catalogue["welding"]
    Standard.objects.bulk_create(Standard(
        code=f"EC{n:04d}", title=title, search_text=title, level=1, sector=model.sector,
        lead_body=model.lead_body, status=Standard.Status.PUBLISHED)
        for n, title in ((n, " ".join("".join(rng.choices("abcdefghijlmnoprstuv", k=8))
                                      for _ in range(4))) for n in range(2000, 3500)))
    search.refresh_words()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE standards_search_word")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT word FROM standards_search_word WHERE word %% %s "
                       "ORDER BY similarity(word, %s) DESC LIMIT 1", ["soldadra", "soldadra"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "standards_search_word_trgm_idx" in plan


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback without pg_trgm")
def test_without_postgresql_a_misspelling_finds_nothing_and_fails_nowhere(client, catalogue):
    response = client.get("/estandares/", {"q": "soldadra"})
    assert response.status_code == 200
    assert "Ningún estándar coincide" in response.text
