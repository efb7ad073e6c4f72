import datetime

import pytest
from django.core.exceptions import ValidationError

from certification.assessment.models import Candidacy, Person
from certification.assessment.services import people
from conocer.core.errors import PermissionDenied
from conocer.core.models import AuditEvent
from conocer.demo.people import build_curp
from tests.factories import AssessmentCentreFactory, AwardingBodyFactory, member_of

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 4, 12)
CURP = build_curp(given_names="Begoña", first_surname="Núñez", second_surname="Peña",
                  birth_date=BORN, sex="M", state="MEX")


def register(actor, centre, **overrides):
    data = {"curp": CURP, "given_names": "Begoña", "first_surname": "Núñez",
            "second_surname": "Peña", "birth_date": BORN, "privacy_consent": True}
    data.update(overrides)
    return people.register_candidate(actor=actor, centre=centre, **data)


@pytest.fixture
def other_centre_staff(db):
    """An administrator of a centre of another awarding body."""
    centre = AssessmentCentreFactory(awarding_body=AwardingBodyFactory(name="IDEFT Jalisco"),
                                     name="IDEFT Zapopan")
    return centre, member_of("administrator", "ideft", centre=centre)


def test_a_candidate_is_registered_with_a_valid_curp_keeping_accents(assessor_user, centre):
    candidacy = register(assessor_user, centre)
    assert candidacy.person.full_name == "Begoña Núñez Peña"
    assert candidacy.person.curp == CURP
    assert (candidacy.centre, candidacy.registered_by) == (centre, assessor_user)
    assert candidacy.privacy_consent_at is not None
    assert AuditEvent.objects.filter(action="candidacy.registered").exists()


def test_a_curp_typed_in_lower_case_with_spaces_is_normalized(assessor_user, centre):
    candidacy = register(assessor_user, centre, curp=f" {CURP[:9].lower()} {CURP[9:]} ")
    assert candidacy.person.curp == CURP


def test_a_curp_with_a_wrong_check_digit_says_so(assessor_user, centre):
    wrong = CURP[:-1] + str((int(CURP[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        register(assessor_user, centre, curp=wrong)
    assert "dígito verificador" in error.value.message_dict["curp"][0]


@pytest.mark.parametrize(("curp", "says"), [
    ("NUPB900412", "18 caracteres"),
    ("NUPB9004121MMCXXX1", "cuatro letras"),
])
def test_a_malformed_curp_says_what_is_wrong(assessor_user, centre, curp, says):
    with pytest.raises(ValidationError) as error:
        register(assessor_user, centre, curp=curp)
    assert says in error.value.message_dict["curp"][0]


def test_a_curp_that_contradicts_the_birth_date_is_refused(assessor_user, centre):
    with pytest.raises(ValidationError) as error:
        register(assessor_user, centre, birth_date=datetime.date(1991, 4, 12))
    assert "birth_date" in error.value.message_dict


def test_a_person_without_curp_registers_with_another_document(assessor_user, centre):
    candidacy = register(assessor_user, centre, curp="", id_document_type="passport",
                         id_document_number="G41873920", id_document_country="GT",
                         nationality="GT", given_names="Marvin Estuardo",
                         first_surname="Ajú", second_surname="Coyoy")
    assert candidacy.person.identity == "Pasaporte G41873920 (GT)"


def test_a_person_without_curp_or_document_is_refused(assessor_user, centre):
    with pytest.raises(ValidationError):
        register(assessor_user, centre, curp="")


def test_the_same_person_cannot_be_registered_twice_at_one_centre(assessor_user, centre):
    register(assessor_user, centre)
    with pytest.raises(ValidationError) as error:
        register(assessor_user, centre, confirm_known=True)
    assert "ya es" in error.value.message_dict["curp"][0]
    assert Candidacy.objects.count() == 1


def test_a_curp_known_at_another_centre_asks_to_confirm_what_was_typed(
        assessor_user, centre, other_centre_staff):
    register(assessor_user, centre)
    elsewhere, staff = other_centre_staff
    with pytest.raises(people.KnownPerson) as warning:
        register(staff, elsewhere, given_names="Begonia")
    message = warning.value.message
    assert "Begonia Núñez Peña" in message  # what they typed, and nothing else
    for other_bodys_data in ("CONALEP", "Toluca", "Begoña"):
        assert other_bodys_data not in message
    assert not Candidacy.objects.filter(centre=elsewhere).exists()


def test_the_same_curp_at_two_centres_is_one_person_with_two_candidacies(
        assessor_user, centre, other_centre_staff):
    first = register(assessor_user, centre)
    elsewhere, staff = other_centre_staff
    second = register(staff, elsewhere, confirm_known=True, email="begona@example.mx")
    assert Person.objects.count() == 1
    assert second.person == first.person
    assert {c.centre for c in first.person.candidacies.all()} == {centre, elsewhere}
    assert Person.objects.get().email == "begona@example.mx"  # a blank contact is filled
    assert AuditEvent.objects.filter(action="person.linked").exists()


def test_the_second_centre_sees_no_data_of_the_first_body(client, assessor_user, centre,
                                                          other_centre_staff):
    register(assessor_user, centre)
    elsewhere, staff = other_centre_staff
    client.force_login(staff)
    data = {"has_curp": "yes", "curp": CURP, "given_names": "Begoña",
            "first_surname": "Núñez", "second_surname": "Peña", "birth_date": "1990-04-12",
            "nationality": "MX", "privacy_consent": "on"}
    warned = client.post("/candidatos/nuevo/", data)
    assert warned.status_code == 200
    assert "registro nacional" in warned.text
    linked = client.post("/candidatos/nuevo/", {**data, "confirm_known": "on"}, follow=True)
    for response in (warned, linked, client.get("/candidatos/")):
        assert "CONALEP" not in response.text
        assert "Toluca" not in response.text
    assert "Begoña Núñez Peña" in client.get("/candidatos/").text


def test_a_probable_duplicate_is_announced_and_can_be_confirmed(assessor_user, centre):
    register(assessor_user, centre)
    same_person_no_curp = {"curp": "", "id_document_type": "passport",
                           "id_document_number": "X1", "id_document_country": "US"}
    with pytest.raises(people.PossibleDuplicate) as warning:
        register(assessor_user, centre, **same_person_no_curp)
    assert warning.value.matches[0].curp == CURP  # the registering centre's own candidate
    assert register(assessor_user, centre, confirm_duplicate=True, **same_person_no_curp).pk


def test_a_probable_duplicate_elsewhere_is_announced_without_naming_them(
        assessor_user, centre, other_centre_staff):
    register(assessor_user, centre)
    elsewhere, staff = other_centre_staff
    with pytest.raises(people.PossibleDuplicate) as warning:
        register(staff, elsewhere, curp="", id_document_type="passport",
                 id_document_number="X1", id_document_country="US")
    assert warning.value.matches == []


def test_registration_needs_the_privacy_notice_accepted(assessor_user, centre):
    with pytest.raises(ValidationError) as error:
        register(assessor_user, centre, privacy_consent=False)
    assert "privacy_consent" in error.value.message_dict
    assert not Person.objects.exists()


def test_staff_of_another_body_cannot_register_at_this_centre(other_reviewer, centre):
    with pytest.raises(PermissionDenied):
        register(other_reviewer, centre)


def test_the_form_shows_the_curp_error_next_to_the_field_and_keeps_the_input(
        client, assessor_user, centre):
    client.force_login(assessor_user)
    wrong = CURP[:-1] + str((int(CURP[-1]) + 1) % 10)
    response = client.post("/candidatos/nuevo/", {
        "has_curp": "yes", "curp": wrong, "given_names": "Begoña", "first_surname": "Núñez",
        "second_surname": "Peña", "birth_date": "1990-04-12", "nationality": "MX",
        "privacy_consent": "on"})
    assert response.status_code == 200
    assert "dígito verificador" in response.text
    assert "Begoña" in response.text
    assert not Person.objects.exists()


def test_the_form_registers_a_foreign_candidate(client, assessor_user, centre):
    client.force_login(assessor_user)
    response = client.post("/candidatos/nuevo/", {
        "has_curp": "no", "id_document_type": "passport", "id_document_number": "E12903477",
        "id_document_country": "hn", "nationality": "hn", "given_names": "Keila",
        "first_surname": "Maradiaga", "birth_date": "1988-11-02", "privacy_consent": "on"})
    assert response.status_code == 302
    assert Person.objects.get().id_document_country == "HN"


def test_the_form_warns_of_a_duplicate_then_accepts_confirmation(client, assessor_user,
                                                                 centre):
    register(assessor_user, centre)
    client.force_login(assessor_user)
    data = {"has_curp": "no", "id_document_type": "passport", "id_document_number": "X1",
            "id_document_country": "US", "nationality": "MX", "given_names": "Begoña",
            "first_surname": "Núñez", "second_surname": "Peña", "birth_date": "1990-04-12",
            "privacy_consent": "on"}
    first = client.post("/candidatos/nuevo/", data)
    assert first.status_code == 200
    assert 'name="confirm_duplicate" value="on"' in first.text
    second = client.post("/candidatos/nuevo/", {**data, "confirm_duplicate": "on"})
    assert second.status_code == 302
    assert Person.objects.count() == 2


def test_an_independent_assessor_registers_their_own_candidates(client, body):
    from bodies.models import Assessor
    from tests.factories import AssessorFactory, UserFactory

    assessor = AssessorFactory(centre=None, awarding_body=body, user=UserFactory())
    candidacy = register(assessor.user, None)
    assert (candidacy.centre, candidacy.assessor) == (None, assessor)
    client.force_login(assessor.user)
    assert candidacy.person.full_name in client.get("/candidatos/").text
    assert Assessor.objects.get(pk=assessor.pk).is_independent


def test_someone_without_a_centre_or_independence_cannot_register(reviewer):
    with pytest.raises(PermissionDenied):
        register(reviewer, None)
