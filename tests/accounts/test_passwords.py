import importlib

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_hashers(settings):
    """The project's own hashers (the suite uses a fast one elsewhere)."""
    settings.PASSWORD_HASHERS = importlib.import_module("conocer.settings").PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2(project_hashers):
    user = UserFactory()
    user.set_password("una-clave-nueva-2")
    user.save()

    assert identify_hasher(user.password).algorithm == "argon2"


def test_an_older_pbkdf2_hash_still_works_and_upgrades_at_sign_in(project_hashers, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = UserFactory()
    user.password = PBKDF2PasswordHasher().encode("una-clave-vieja-3", "saltsaltsalt")
    user.save()

    assert user.check_password("una-clave-vieja-3")

    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert check_password("una-clave-vieja-3", make_password("una-clave-vieja-3"))
