"""An assessor never loses what they typed: a refused submission or upload comes back
with every value, each error beside its field, a summary at the top linking to them and
the first one focused; the page counts what is judged and filters what is not."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.assessment.models import Judgement
from certification.assessment.services import assessments

pytestmark = pytest.mark.django_db


def criteria(assessment):
    return list(assessment.standard.units.get().criteria.order_by("order"))


def sheet(assessment, *marks):
    """The judgement form as the browser sends it: (met, note) per criterion in order."""
    data = {}
    for criterion, (met, note) in zip(criteria(assessment), marks, strict=False):
        data[f"met_{criterion.pk}"] = met
        data[f"note_{criterion.pk}"] = note
    return data


def tag(html, element_id):
    """The opening tag of the element with this id."""
    found = re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert found, f"no element #{element_id}"
    return found.group(0)


def test_a_refused_submission_comes_back_with_the_verdict_feedback_and_every_judgement(
        client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/enviar/", {
        **sheet(draft, ("1", "Presentó el objetivo."), ("", "Falta observarlo.")),
        "verdict": "competent", "feedback": "Muy buena sesión, con dinámicas claras."})
    assert response.status_code == 400
    html = response.text
    assert "checked" in tag(html, "id_verdict_0")  # competent, as chosen
    assert "Muy buena sesión, con dinámicas claras.</textarea>" in html
    assert "Presentó el objetivo.</textarea>" in html
    assert "Falta observarlo.</textarea>" in html
    first = criteria(draft)[0]
    assert re.search(rf'name="met_{first.pk}" value="1"\s+checked', html)


def test_the_judgements_sent_with_a_refused_submission_are_recorded(client, draft,
                                                                   assessor_user):
    client.force_login(assessor_user)
    client.post(f"/evaluaciones/{draft.pk}/enviar/", {
        **sheet(draft, ("1", "Bien."), ("0", "Faltó.")), "verdict": "not_yet_competent"})
    assert sorted(Judgement.objects.values_list("met", "note")) == [
        (False, "Faltó."), (True, "Bien.")]


def test_a_field_error_stands_beside_its_field_linked_from_the_summary_and_focused(
        client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/enviar/", {
        **sheet(draft, ("1", ""), ("0", "")), "verdict": "not_yet_competent"})
    html = response.text
    feedback = tag(html, "id_feedback")
    assert 'aria-invalid="true"' in feedback and "autofocus" in feedback
    assert 'aria-describedby="id_feedback_error"' in feedback
    assert 'id="id_feedback_error"' in html
    start = html.index('id="error-summary"')
    summary = html[start:html.index("</ul>", start)]
    assert 'href="#id_feedback"' in summary


def test_a_missing_verdict_is_marked_on_the_verdict_choices(client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/enviar/",
                           {**sheet(draft, ("1", ""), ("1", "")), "feedback": "Gracias."})
    html = response.text
    assert response.status_code == 400
    first_choice = tag(html, "id_verdict_0")
    assert 'aria-invalid="true"' in first_choice and "autofocus" in first_choice
    assert 'aria-describedby="id_verdict_error"' in html
    assert 'href="#id_verdict_0"' in html
    assert "Gracias.</textarea>" in html


def test_an_upload_error_stands_beside_the_upload_and_keeps_the_judgements_typed(
        client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/evidencias/", {
        **sheet(draft, ("0", "Sin evidencia escrita.")), "feedback": "Borrador de retro.",
        "file": SimpleUploadedFile("guia.pdf", b"MZ" * 50)})
    html = response.text
    assert response.status_code == 400
    upload = tag(html, "id_file")
    assert 'aria-describedby="id_file_error"' in upload and "autofocus" in upload
    error_at = html.index('id="id_file_error"')
    assert html.index('id="id_file"') < error_at < html.index('formaction="/evaluaciones/')
    assert "guia.pdf" in html[error_at:error_at + 300]
    assert "Sin evidencia escrita.</textarea>" in html
    assert "Borrador de retro.</textarea>" in html


def test_uploading_without_choosing_a_file_says_so_beside_the_upload(client, draft,
                                                                    assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/evidencias/", sheet(draft))
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["file"]


def test_the_page_counts_the_criteria_judged(client, draft, assessor_user):
    first = criteria(draft)[0]
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                               criterion_id=first.pk, met=False, note="")
    client.force_login(assessor_user)
    response = client.get(f"/evaluaciones/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.context["judged"], response.context["total"]) == (1, 2)
    assert "1 of 2 criteria judged" in response.text


def test_the_count_of_a_refused_form_counts_what_was_typed(client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        **sheet(draft, ("1", ""), ("0", "")), "loaded_at": "ayer"})
    assert response.status_code == 400
    assert response.context["judged"] == 2


def test_the_filter_shows_only_the_criteria_not_judged_yet(client, draft, assessor_user):
    first, second = criteria(draft)
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                               criterion_id=first.pk, met=True, note="")
    client.force_login(assessor_user)
    response = client.get(f"/evaluaciones/{draft.pk}/?pendientes=1")
    assert second.text in response.text
    assert first.text not in response.text
    assert response.context["judged"] == 1  # the count still covers every criterion


def test_saving_from_the_filtered_page_returns_to_it_and_keeps_hidden_judgements(
        client, draft, assessor_user):
    first, second = criteria(draft)
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                               criterion_id=first.pk, met=True, note="Ya estaba.")
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        "pendientes": "1", f"met_{second.pk}": "0", f"note_{second.pk}": ""})
    assert response.url == f"/evaluaciones/{draft.pk}/?pendientes=1"
    assert sorted(Judgement.objects.values_list("met", "note")) == [
        (False, ""), (True, "Ya estaba.")]


def test_the_whole_form_keeps_the_assessors_latest_choice_after_its_own_autosave(
        client, draft, assessor_user):
    first = criteria(draft)[0]
    client.force_login(assessor_user)
    loaded_at = client.get(f"/evaluaciones/{draft.pk}/").context["loaded_at"]
    saved_at = client.post(f"/evaluaciones/{draft.pk}/juicios/{first.pk}/", {
        "met": "1", "note": "", "seen_at": loaded_at}).json()["saved_at"]
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        "loaded_at": loaded_at, f"seen_{first.pk}": saved_at, f"met_{first.pk}": "0",
        f"note_{first.pk}": "Lo pensé mejor."}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert Judgement.objects.values_list("met", "note").get(criterion=first) == (
        False, "Lo pensé mejor.")


def test_the_whole_form_still_keeps_a_judgement_changed_in_another_window(
        client, draft, assessor_user):
    first = criteria(draft)[0]
    client.force_login(assessor_user)
    loaded_at = client.get(f"/evaluaciones/{draft.pk}/").context["loaded_at"]
    assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                               criterion_id=first.pk, met=True, note="Otra pestaña.")
    client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        "loaded_at": loaded_at, f"seen_{first.pk}": loaded_at, f"met_{first.pk}": "0",
        f"note_{first.pk}": "Pestaña vieja."})
    assert Judgement.objects.values_list("met", "note").get(criterion=first) == (
        True, "Otra pestaña.")


def test_a_submission_refused_for_unjudged_criteria_links_to_each_of_them(
        client, draft, assessor_user):
    first, second = criteria(draft)
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/enviar/", {
        **sheet(draft, ("1", "")), "verdict": "competent"})
    anchors = [anchor for anchor, _message in response.context["error_summary"]]
    assert anchors == ["id_verdict_0", f"criterion-{second.pk}"]
    assert f'id="criterion-{second.pk}"' in response.text
