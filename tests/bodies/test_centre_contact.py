"""A centre's address, phone, e-mail and website: checked where the centre is registered
or changed (the service, and so the admin), shown in the public API's directory."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bodies import services
from bodies.models import AssessmentCentre
from tests.bodies.conftest import accredit

pytestmark = pytest.mark.django_db

GOOD = {"street": "Calle Juárez 245, Col. Centro", "postal_code": "45500",
        "phone": "33 3635 1190", "email": "tlaquepaque@centros.example.mx",
        "website": "https://tlaquepaque.example.mx"}


def register(actor, body, **contact):
    return services.register_centre(actor=actor, centre=AssessmentCentre(
        awarding_body=body, code="CE-TLQ-01", name="Centro Tlaquepaque", state="JAL",
        municipality="San Pedro Tlaquepaque", **{**GOOD, **contact}))


def refused_fields(actor, body, **contact) -> dict:
    """The refusal's messages by field, in Spanish (whatever an earlier request left)."""
    with pytest.raises(ValidationError) as refused:
        register(actor, body, **contact)
    with translation.override("es"):
        return refused.value.message_dict


def test_a_centre_is_registered_with_its_whole_address_and_contact(body_admin, body):
    centre = register(body_admin, body)
    assert (centre.street, centre.postal_code, centre.website) == (
        GOOD["street"], "45500", "https://tlaquepaque.example.mx")
    assert centre.phone_uri == "tel:+523336351190"


@pytest.mark.parametrize("phone", ["+52 33 3635 1190", "(33) 3635-1190", "3336351190",
                                   "33 3635 1190 ext. 12"])
def test_phones_are_accepted_as_people_write_them(body_admin, body, phone):
    assert register(body_admin, body, phone=phone).phone_uri == "tel:+523336351190"


@pytest.mark.parametrize("phone", ["3635 1190", "33 3635 11900", "llamar al 33 3635 1190"])
def test_a_phone_without_ten_digits_is_refused_next_to_the_phone(body_admin, body, phone):
    assert "10 dígitos" in refused_fields(body_admin, body, phone=phone)["phone"][0]


@pytest.mark.parametrize("postal_code", ["4550", "45 500", "CP455"])
def test_a_postal_code_without_five_digits_is_refused_next_to_it(body_admin, body, postal_code):
    assert "5 dígitos" in refused_fields(body_admin, body,
                                         postal_code=postal_code)["postal_code"][0]


@pytest.mark.parametrize("website", ["tlaquepaque.example.mx", "ftp://example.mx",
                                     "javascript:alert(1)"])
def test_a_website_must_be_a_full_web_address(body_admin, body, website):
    assert "https://" in refused_fields(body_admin, body, website=website)["website"][0]


def test_a_bad_email_is_refused_next_to_the_email(body_admin, body):
    assert "email" in refused_fields(body_admin, body, email="centro@")


def test_the_admin_shows_a_bad_phone_next_to_it_and_keeps_what_was_typed(admin_client, body):
    response = admin_client.post("/admin/bodies/assessmentcentre/add/", {
        "awarding_body": body.pk, "code": "CE-TLQ-01", "name": "Centro Tlaquepaque",
        "state": "JAL", "municipality": "San Pedro Tlaquepaque", **GOOD, "phone": "3635 1190"})
    assert response.status_code == 200
    assert "10 dígitos" in response.text
    assert 'value="Calle Juárez 245, Col. Centro"' in response.text
    assert not AssessmentCentre.objects.exists()


def test_the_directory_api_gives_each_centres_address_and_contact(client, body_admin, body,
                                                                  body_scope, standard):
    accredit("centre", register(body_admin, body), standard, body)
    centre, = client.get("/api/v1/centres/", {"standard": standard.code}).json()["results"]
    assert {k: centre[k] for k in [*GOOD, "municipality", "state"]} == {
        **GOOD, "municipality": "San Pedro Tlaquepaque", "state": "JAL"}


def test_the_directory_api_filters_centres_by_municipality(client, body_admin, body,
                                                           body_scope, standard):
    accredit("centre", register(body_admin, body), standard, body)
    assert client.get("/api/v1/centres/", {"municipality": "San Pedro Tlaquepaque"}
                      ).json()["count"] == 1
    assert client.get("/api/v1/centres/", {"municipality": "Zapopan"}).json()["count"] == 0
