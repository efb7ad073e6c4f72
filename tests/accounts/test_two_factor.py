"""Two-step verification: enrolling an authenticator app (QR code, key, a code to
confirm, ten recovery codes shown once), and the second step at sign-in."""

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conocer.accounts import services
from conocer.core.errors import ServiceError
from conocer.core.models import AuditEvent
from conocer.core.roles import ensure_conocer_group
from tests.factories import UserFactory

from .conftest import PASSWORD, authenticator_of, current_code

pytestmark = pytest.mark.django_db


def enrol_page(client):
    client.post(reverse("accounts:start_enrolment"))
    return client.get(reverse("accounts:enrol"))


def test_the_enrolment_page_shows_a_qr_code_and_the_key_to_type(client, user):
    client.force_login(user)

    page = enrol_page(client).content.decode()

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page
    key = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert services.pending_device(user=user) == device
    assert key.replace(" ", "") == b32encode(device.bin_key).decode()
    assert "otpauth://" not in page  # the secret URI is only inside the QR code


def test_confirming_with_the_apps_code_turns_it_on_and_shows_ten_recovery_codes(client, user):
    client.force_login(user)
    enrol_page(client)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(reverse("accounts:enrol"), {"code": current_code(device)})

    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user)
                             .values_list("token", flat=True))
    assert AuditEvent.objects.filter(action="account.two_factor_enrolled",
                                     target_id=str(user.pk)).exists()


def test_a_wrong_code_does_not_turn_it_on(client, user):
    client.force_login(user)
    enrol_page(client)

    response = client.post(reverse("accounts:enrol"), {"code": "000000"})

    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_enrolling_verifies_the_session_at_once(client, user):
    client.force_login(user)
    enrol_page(client)
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:enrol"), {"code": current_code(device)})

    assert client.get(reverse("home")).status_code == 200


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_after_the_password_an_enrolled_person_is_asked_for_the_code(client, user):
    authenticator_of(user)
    sign_in(client, user)

    response = client.get(reverse("issuance:requests"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))
    assert "next=" in response.url


def test_the_apps_code_completes_the_sign_in(client, user):
    device = authenticator_of(user)
    sign_in(client, user)

    response = client.post(reverse("accounts:verify") + "?next=/solicitudes/",
                           {"code": current_code(device)})

    assert response.status_code == 302 and response.url == "/solicitudes/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(client, user):
    authenticator_of(user)
    sign_in(client, user)

    response = client.post(reverse("accounts:verify"), {"code": "123456"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_signs_in_once(client, user):
    authenticator_of(user)
    code = services.regenerate_recovery_codes(user=user)[0]
    sign_in(client, user)

    first = client.post(reverse("accounts:verify"), {"code": code.upper()})
    client.post(reverse("logout"))
    sign_in(client, user)
    second = client.post(reverse("accounts:verify"), {"code": code})

    assert first.status_code == 302
    assert second.status_code == 200 and "That code is not right" in second.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert AuditEvent.objects.filter(action="account.recovery_code_used").count() == 1


def test_new_recovery_codes_replace_the_old_ones(user):
    authenticator_of(user)
    old = services.regenerate_recovery_codes(user=user)

    new = services.regenerate_recovery_codes(user=user)

    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)
    assert AuditEvent.objects.filter(action="account.recovery_codes_regenerated").count() == 2


def test_recovery_codes_need_an_authenticator_first(user):
    with pytest.raises(ServiceError):
        services.regenerate_recovery_codes(user=user)


def test_after_a_wrong_code_even_the_right_one_waits(user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the first failure: a minute's wait
    device = authenticator_of(user)
    with pytest.raises(ServiceError):
        services.verify_second_factor(user=user, code="000000")

    with translation.override("en"), pytest.raises(ServiceError) as refused:
        services.verify_second_factor(user=user, code=current_code(device))

    assert refused.value.message.startswith("Too many wrong codes. Wait")


def test_the_two_factor_page_is_offered_in_the_header(client, user):
    client.force_login(user)

    page = client.get(reverse("home")).content.decode()

    assert reverse("accounts:two_factor") in page


def test_the_admin_shows_no_device_secret_to_a_conocer_administrator(client, user):
    device = authenticator_of(user)
    admin = UserFactory(is_staff=True)
    admin.groups.add(ensure_conocer_group())
    client.force_login(admin)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))

    assert page.status_code == 200 and device.key not in page.content.decode()
    assert config.status_code == 403


def test_a_conocer_administrator_removes_a_lost_phone_with_an_audit_event(client, user):
    device = authenticator_of(user)
    admin = UserFactory(is_staff=True)
    admin.groups.add(ensure_conocer_group())
    client.force_login(admin)

    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="account.second_factor_removed",
                                     target_id=str(user.pk), actor=admin).exists()


def test_only_its_owner_or_conocer_removes_a_second_factor(user):
    with pytest.raises(ServiceError):
        services.remove_second_factor(actor=UserFactory(), device=authenticator_of(user))
