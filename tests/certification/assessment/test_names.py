"""A person's name refuses invisible control characters wherever it is written: the
service (so the form, the admin and the demo loader too) and a corrected reissue."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from certification.assessment.models import Person
from certification.assessment.services import people
from certification.issuance.services import certificates, requests
from conocer.demo.people import build_curp

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 4, 12)
CURP = build_curp(given_names="Begoña", first_surname="Núñez", second_surname="Peña",
                  birth_date=BORN, sex="M", state="MEX")
REVERSED = "Ana\u202eoicatsE"  # shows as "AnaEstacio": a right-to-left override


def register(actor, centre, **names):
    data = {"curp": CURP, "given_names": "Begoña", "first_surname": "Núñez",
            "second_surname": "Peña", "birth_date": BORN, "privacy_consent": True, **names}
    return people.register_candidate(actor=actor, centre=centre, **data)


@pytest.mark.parametrize("field", ["given_names", "first_surname", "second_surname"])
@pytest.mark.parametrize("hostile", [REVERSED, "Ana\u2066María", "Ana\tMaría", "Ana\nMaría",
                                     "Ana\x85María", "Ana\x00María"])
def test_a_name_with_a_control_character_is_a_field_error(assessor_user, centre, field,
                                                         hostile):
    with pytest.raises(ValidationError) as refused:
        register(assessor_user, centre, **{field: hostile})
    assert [e.code for e in refused.value.error_dict[field]] == ["control_character"]
    assert not Person.objects.exists()


def test_accents_apostrophes_and_hyphens_stay(assessor_user, centre):
    candidacy = register(assessor_user, centre, given_names="María José",
                         first_surname="O'Farrill-Núñez", second_surname="D’Ávila")
    assert candidacy.person.full_name == "María José O'Farrill-Núñez D’Ávila"


def test_the_candidate_form_shows_the_refusal_next_to_the_name(client, assessor_user, centre):
    client.force_login(assessor_user)
    response = client.post("/candidatos/nuevo/", {
        "has_curp": "yes", "curp": CURP, "given_names": REVERSED, "first_surname": "Núñez",
        "second_surname": "Peña", "birth_date": "1990-04-12", "nationality": "MX",
        "privacy_consent": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["given_names"]
    assert not Person.objects.exists()


def test_a_corrected_reissue_refuses_a_name_with_a_direction_mark(submitted_request, reviewer,
                                                                 body_admin):
    issued = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    with pytest.raises(ValidationError) as refused:
        certificates.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                         reason="Error en el nombre.",
                                         corrections={"given_names": REVERSED})
    assert "given_names" in refused.value.error_dict
    issued.refresh_from_db()
    assert issued.status == "valid"
