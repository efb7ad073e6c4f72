"""Where two-step verification is required (production, OTP_REQUIRED), the accounts that
decide on certificates or administer the registry must set it up and use it before any
other page; in development it is offered, never forced."""

import base64

import pytest
from django.urls import reverse

from bodies.models import Membership
from conocer.accounts import policy
from conocer.core.roles import ensure_conocer_group
from tests.factories import (
    AssessmentCentreFactory,
    AwardingBodyFactory,
    UserFactory,
    member_of,
)

from .conftest import authenticator_of, current_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED = True


def test_it_is_required_by_default_only_in_production():
    import conocer.settings as project_settings

    assert project_settings.OTP_REQUIRED == project_settings.PRODUCTION


def test_required_keeps_a_reviewer_from_the_back_office_until_enrolled(client, reviewer,
                                                                      required):
    client.force_login(reviewer)

    response = client.get(reverse("issuance:requests"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_required_keeps_an_enrolled_reviewer_out_until_the_code_is_given(client, reviewer,
                                                                        required):
    device = authenticator_of(reviewer)
    client.force_login(reviewer)
    assert client.get(reverse("issuance:requests")).status_code == 302

    client.post(reverse("accounts:verify"), {"code": current_code(device)})

    assert client.get(reverse("issuance:requests")).status_code == 200


def test_required_keeps_the_admin_site_closed_to_an_unverified_superuser(client, required):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_required_answers_a_script_with_json_rather_than_a_redirect(client, reviewer,
                                                                   required):
    client.force_login(reviewer)

    response = client.get(reverse("issuance:requests"), HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert "two-step verification" in response.json()["error"]


def test_required_leaves_the_enrolment_pages_and_signing_out_open(client, reviewer, required):
    client.force_login(reviewer)

    assert client.get(reverse("accounts:two_factor")).status_code == 200
    assert client.post(reverse("accounts:start_enrolment")).status_code == 302
    assert client.get(reverse("accounts:enrol")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_required_does_not_touch_an_assessor(client, required):
    assessor = member_of(Membership.Role.ASSESSOR, centre=AssessmentCentreFactory())
    client.force_login(assessor)

    assert client.get(reverse("home")).status_code == 200


def test_in_development_a_reviewer_without_two_factors_works_as_before(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("issuance:requests")).status_code == 200


def test_who_must_use_two_factors():
    conocer_admin = UserFactory()
    conocer_admin.groups.add(ensure_conocer_group())
    body_admin = member_of(Membership.Role.ADMINISTRATOR, awarding_body=AwardingBodyFactory())
    centre_admin = member_of(Membership.Role.ADMINISTRATOR, centre=AssessmentCentreFactory())

    assert policy.must_use_two_factors(conocer_admin)
    assert policy.must_use_two_factors(UserFactory(is_staff=True))
    assert policy.must_use_two_factors(body_admin)
    assert not policy.must_use_two_factors(centre_admin)
    assert not policy.must_use_two_factors(UserFactory())


def test_an_account_with_two_factors_cannot_use_the_api_with_a_password_alone(client, user):
    authenticator_of(user)
    token = base64.b64encode(f"{user.username}:una-clave-larga-1".encode()).decode()

    response = client.get(reverse("api:api-root"), HTTP_AUTHORIZATION=f"Basic {token}")

    assert response.status_code in (401, 403)
