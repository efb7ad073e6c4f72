"""The assessor finds their candidate by name or CURP, goes straight from registering
someone to starting their assessment, and sees first what the awarding body sent back."""

import pytest

from certification.assessment import selectors
from certification.assessment.services import assessments
from tests.certification.conftest import judge_all
from tests.factories import AssessmentCentreFactory, CandidacyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def others_candidate(centre):
    """A candidate of another centre of the same awarding body."""
    return CandidacyFactory(centre=AssessmentCentreFactory(awarding_body=centre.awarding_body),
                            person__given_names="Begoña", person__first_surname="Núñez",
                            person__second_surname="Ruiz")


def assessor(user):
    return selectors.assessor_for(user)


def test_the_search_finds_a_candidate_by_every_word_of_their_name(assessor_user, candidacy):
    CandidacyFactory(centre=candidacy.centre, person__given_names="Begoña",
                     person__first_surname="Robles")
    found = selectors.assessable_candidacies(assessor_user, assessor(assessor_user),
                                             q="begoña núñez")
    assert list(found) == [candidacy]


def test_the_search_finds_a_candidate_by_the_start_of_their_curp(assessor_user, candidacy):
    found = selectors.assessable_candidacies(assessor_user, assessor(assessor_user),
                                             q=candidacy.person.curp[:10].lower())
    assert list(found) == [candidacy]


def test_the_search_never_offers_another_centres_candidate(assessor_user, candidacy,
                                                          others_candidate):
    me = assessor(user=assessor_user)
    by_curp = selectors.assessable_candidacies(assessor_user, me,
                                               q=others_candidate.person.curp)
    by_name = selectors.assessable_candidacies(assessor_user, me, q="Begoña Núñez")
    assert list(by_curp) == [] and list(by_name) == [candidacy]


def test_the_start_page_lists_what_the_search_found_and_chooses_a_single_match(
        client, assessor_user, candidacy, others_candidate):
    client.force_login(assessor_user)
    response = client.get("/evaluaciones/nueva/", {"q": "Núñez"})
    options = response.context["form"].fields["candidacy"].queryset
    assert list(options) == [candidacy]
    assert response.context["form"]["candidacy"].value() == candidacy.pk
    assert others_candidate.person.curp not in response.text


def test_the_start_page_ignores_a_candidacy_that_is_not_the_assessors(
        client, assessor_user, others_candidate):
    client.force_login(assessor_user)
    response = client.get("/evaluaciones/nueva/", {"candidacy": others_candidate.pk})
    assert response.status_code == 200
    assert response.context["form"]["candidacy"].value() is None
    assert others_candidate.person.curp not in response.text


def test_registering_a_candidate_leads_to_starting_their_assessment(client, assessor_user,
                                                                   centre):
    client.force_login(assessor_user)
    response = client.post("/candidatos/nuevo/", {
        "has_curp": "no", "id_document_type": "passport", "id_document_number": "E12903477",
        "id_document_country": "HN", "nationality": "HN", "given_names": "Keila",
        "first_surname": "Maradiaga", "birth_date": "1988-11-02", "privacy_consent": "on"},
        follow=True)
    form = response.context["form"]
    assert response.redirect_chain[-1][0].startswith("/evaluaciones/nueva/?candidacy=")
    chosen = form.fields["candidacy"].queryset.get(pk=form["candidacy"].value())
    assert chosen.person.given_names == "Keila"


def test_a_returned_assessment_comes_first_under_needs_your_action_with_its_reason(
        client, assessor_user, candidacy, standard, reviewer):
    from certification.issuance.services import requests

    returned = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                            standard=standard)
    judge_all(returned, assessor_user)
    assessments.submit_assessment(actor=assessor_user, assessment_id=returned.pk,
                                  verdict="competent")
    returned.refresh_from_db()
    requests.reject_request(actor=reviewer, request_id=returned.request.pk,
                            reason="Falta la guía de observación firmada.")
    newer = assessments.start_assessment(
        actor=assessor_user, candidacy=CandidacyFactory(centre=candidacy.centre),
        standard=standard)
    assert [a.pk for a in selectors.assessments_of(assessor(assessor_user))] == [
        returned.pk, newer.pk]
    client.force_login(assessor_user)
    response = client.get("/evaluaciones/")
    assert [a.pk for a, _outcome in response.context["attention"]] == [returned.pk]
    assert [a.pk for a, _outcome in response.context["assessments"]] == [newer.pk]
    section = response.text[response.text.index('id="needs-action"'):]
    assert "Falta la guía de observación firmada." in section[:section.index("</section>")]


def test_the_registration_form_summarises_its_errors_and_moves_to_the_first(
        client, assessor_user, centre):
    client.force_login(assessor_user)
    response = client.post("/candidatos/nuevo/", {
        "has_curp": "yes", "curp": "", "given_names": "Keila", "first_surname": "",
        "birth_date": "1988-11-02", "nationality": "MX"})
    summary = [anchor for anchor, _message in response.context["error_summary"]]
    assert summary[:2] == ["id_curp", "id_first_surname"]
    html = response.text
    curp = html[html.index('id="id_curp"') - 200:html.index('id="id_curp"') + 200]
    assert "autofocus" in curp and 'aria-describedby="id_curp_error"' in curp
    assert 'id="id_curp_error"' in html and 'href="#id_first_surname"' in html
    assert 'value="Keila"' in html
