"""A centre prints a one-time access code for a person without e-mail; the person signs
in with it and their CURP or document number."""

import pytest
from django.urls import reverse

from bodies.models import Membership
from certification.holders.models import AccessCode
from certification.holders.services import signin
from conocer.core.errors import PermissionDenied
from conocer.core.models import AuditEvent
from tests.factories import CandidacyFactory, PersonFactory, member_of

from .conftest import later

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(db):
    return CandidacyFactory(person=PersonFactory(
        curp="", id_document_type="passport", id_document_number="G41873920",
        id_document_country="US", nationality="US"))


@pytest.fixture
def centre_admin(candidacy):
    return member_of(Membership.Role.ADMINISTRATOR, "plantel", centre=candidacy.centre)


def printed(client, centre_admin, candidacy) -> str:
    client.force_login(centre_admin)
    response = client.post(reverse("holders:candidate_access", args=[candidacy.pk]),
                           {"action": "code"})
    client.logout()
    assert response.status_code == 200
    return response.context["code"]


def sign_in(client, identity, code):
    return client.post(reverse("holders:sign_in_code"), {"identity": identity, "code": code})


def test_a_printed_code_and_the_document_number_sign_in(client, centre_admin, candidacy):
    code = printed(client, centre_admin, candidacy)
    response = sign_in(client, "g41873920", code.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == reverse("holders:home")
    assert client.get(reverse("holders:home")).status_code == 200


def test_a_code_works_only_once(client, centre_admin, candidacy):
    code = printed(client, centre_admin, candidacy)
    sign_in(client, "G41873920", code)
    client.post(reverse("holders:sign_out"))
    assert sign_in(client, "G41873920", code).status_code == 400


def test_a_code_expires_after_its_days(client, centre_admin, candidacy, settings):
    code = printed(client, centre_admin, candidacy)
    with later(days=settings.HOLDER_ACCESS_CODE_DAYS, seconds=1):
        assert sign_in(client, "G41873920", code).status_code == 400


def test_a_new_code_ends_the_previous_one(client, centre_admin, candidacy):
    first = printed(client, centre_admin, candidacy)
    printed(client, centre_admin, candidacy)
    assert sign_in(client, "G41873920", first).status_code == 400


def test_a_wrong_code_and_an_unknown_identity_get_the_same_refusal(client, centre_admin,
                                                                    candidacy):
    printed(client, centre_admin, candidacy)
    wrong = sign_in(client, "G41873920", "AAAA-BBBB-CCCC")
    unknown = sign_in(client, "NOEXISTE1", "AAAA-BBBB-CCCC")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.context["code_form"].errors == unknown.context["code_form"].errors


def test_every_wrong_code_is_audited_and_five_end_the_code(client, centre_admin, candidacy):
    code = printed(client, centre_admin, candidacy)
    for _ in range(AccessCode.MAX_FAILURES):
        sign_in(client, "G41873920", "AAAA-BBBB-CCCC")
    assert AuditEvent.objects.filter(action="holder.access_code_failed",
                                     target_id=str(candidacy.person_id)).count() == 5
    assert sign_in(client, "G41873920", code).status_code == 400


def test_only_an_hmac_of_the_code_is_stored(client, centre_admin, candidacy):
    code = printed(client, centre_admin, candidacy)
    stored = AccessCode.objects.get()
    assert code.replace("-", "") not in stored.code_hash


def test_printing_a_code_and_signing_in_with_it_are_audited(client, centre_admin, candidacy):
    code = printed(client, centre_admin, candidacy)
    sign_in(client, "G41873920", code)
    actions = list(AuditEvent.objects.filter(target_id=str(candidacy.person_id)).values_list(
        "action", "actor__username"))
    assert ("holder.access_code_issued", "plantel") in actions
    assert ("holder.signed_in", None) in actions


def test_another_centres_staff_cannot_print_a_code(candidacy):
    stranger = member_of(Membership.Role.ADMINISTRATOR, "otro-plantel",
                         centre=CandidacyFactory().centre)
    with pytest.raises(PermissionDenied):
        signin.issue_access_code(actor=stranger, candidacy_id=candidacy.pk)


def test_an_empty_code_form_is_a_field_error(client, db):
    response = client.post(reverse("holders:sign_in_code"), {"identity": "", "code": ""})
    assert response.status_code == 400
    assert set(response.context["code_form"].errors) == {"identity", "code"}


def test_the_centre_records_an_address_and_the_person_confirms_it(
        client, centre_admin, candidacy, django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(centre_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("holders:candidate_access", args=[candidacy.pk]),
                               {"action": "email", "email": "persona@example.mx"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="person.email_changed",
                                     actor=centre_admin).count() == 1
    client.logout()
    path = mailoutbox[0].body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    refused = client.post(path, {"identity": "OTRO123"})
    assert refused.status_code == 400 and "identity" in refused.context["form"].errors
    assert client.post(path, {"identity": "g41873920"}).status_code == 302
    assert client.get(reverse("holders:home")).status_code == 200
    assert AuditEvent.objects.filter(action="holder.email_confirmation_failed").count() == 1
    assert AuditEvent.objects.filter(action="holder.email_confirmed").count() == 1


def test_a_malformed_address_from_the_centre_is_a_field_error(client, centre_admin, candidacy):
    client.force_login(centre_admin)
    response = client.post(reverse("holders:candidate_access", args=[candidacy.pk]),
                           {"action": "email", "email": "sin arroba"})
    assert response.status_code == 400 and "email" in response.context["form"].errors
