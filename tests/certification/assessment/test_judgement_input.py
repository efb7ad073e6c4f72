"""Hostile judgement input — impossible or zone-less time stamps, a NUL in a note — is a
field error with a message (400), never a server error, and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certification.assessment.models import Judgement
from certification.assessment.services import assessments

pytestmark = pytest.mark.django_db

BAD_MOMENTS = ["2026-02-30T10:00:00+00:00", "2026-05-04T10:00:00", "9999-12-31T23:59:59-23:59",
               "ayer", "1e999"]


def criteria(assessment):
    return list(assessment.standard.units.get().criteria.order_by("order"))


@pytest.mark.parametrize("seen_at", BAD_MOMENTS)
def test_the_autosave_answers_400_to_a_time_stamp_it_cannot_use(client, draft, assessor_user,
                                                                seen_at):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/{criteria(draft)[0].pk}/",
                           {"met": "1", "note": "ok", "seen_at": seen_at})
    assert response.status_code == 400
    assert response.json()["errors"]["seen_at"] and response.json()["error"]
    assert not Judgement.objects.exists()


@pytest.mark.parametrize("loaded_at", BAD_MOMENTS)
def test_the_judgement_form_answers_400_with_a_message_to_a_bad_time_stamp(
        client, draft, assessor_user, loaded_at):
    first = criteria(draft)[0]
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/", {
        "loaded_at": loaded_at, f"met_{first.pk}": "1", f"note_{first.pk}": "Bien"})
    assert response.status_code == 400
    assert [message for _anchor, message in response.context["error_summary"]]
    assert not Judgement.objects.exists()


def test_a_time_stamp_with_its_offset_still_works(client, draft, assessor_user):
    client.force_login(assessor_user)
    seen = (timezone.now() - datetime.timedelta(seconds=5)).astimezone(
        datetime.timezone(datetime.timedelta(hours=-6))).isoformat()
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/{criteria(draft)[0].pk}/",
                           {"met": "1", "note": "ok", "seen_at": seen})
    assert response.status_code == 200


def test_a_nul_in_a_note_is_a_field_error_of_the_service(draft, assessor_user):
    with pytest.raises(ValidationError) as refused:
        assessments.save_judgement(actor=assessor_user, assessment_id=draft.pk,
                                   criterion_id=criteria(draft)[0].pk, met=True,
                                   note="bien\x00hecho")
    assert "note" in refused.value.error_dict
    with pytest.raises(ValidationError):
        assessments.record_judgements(actor=assessor_user, assessment_id=draft.pk,
                                      judgements={criteria(draft)[0].pk: (True, "\x00")})
    assert not Judgement.objects.exists()


def test_a_nul_in_a_note_sent_to_the_autosave_is_a_400(client, draft, assessor_user):
    client.force_login(assessor_user)
    response = client.post(f"/evaluaciones/{draft.pk}/juicios/{criteria(draft)[0].pk}/",
                           {"met": "1", "note": "bien\x00hecho"})
    assert response.status_code == 400
    assert not Judgement.objects.exists()


def test_someone_else_posting_a_bad_time_stamp_is_refused_before_it_is_read(client, draft,
                                                                           reviewer):
    client.force_login(reviewer)
    url = f"/evaluaciones/{draft.pk}/juicios/{criteria(draft)[0].pk}/"
    assert client.post(url, {"met": "1", "seen_at": "ayer"}).status_code == 403
