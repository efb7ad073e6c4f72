"""Suspending and revoking an accreditation ask first (conocer/core/web.py); reinstating
does not (it undoes a suspension)."""

import pytest

from bodies.models import Accreditation
from tests.bodies.conftest import accredit

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre_accreditation(body_scope, centre, standard):
    return accredit("centre", centre, standard, centre.awarding_body)


def decide(client, accreditation, **data):
    return client.post(f"/organismos/acreditaciones/{accreditation.pk}/decision/", data)


@pytest.mark.parametrize(("decision", "words"), [("suspend", "Mientras esté suspendida"),
                                                 ("revoke", "pierde definitivamente")])
def test_a_decision_without_confirmation_states_the_consequence_and_changes_nothing(
        client, body_admin, centre_accreditation, decision, words):
    client.force_login(body_admin)
    response = decide(client, centre_accreditation, decision=decision, reason="Hallazgos")
    assert words in response.text and "CONALEP Toluca" in response.text
    assert "Hallazgos" in response.text
    centre_accreditation.refresh_from_db()
    assert centre_accreditation.status == Accreditation.Status.ACTIVE


def test_a_confirmed_revocation_revokes(client, body_admin, centre_accreditation):
    client.force_login(body_admin)
    decide(client, centre_accreditation, decision="revoke", reason="Hallazgos graves",
           confirmed="yes")
    centre_accreditation.refresh_from_db()
    assert centre_accreditation.status == Accreditation.Status.REVOKED


def test_reinstating_needs_no_confirmation(client, body_admin, centre_accreditation):
    client.force_login(body_admin)
    decide(client, centre_accreditation, decision="suspend", reason="Visita", confirmed="yes")
    decide(client, centre_accreditation, decision="reinstate")
    centre_accreditation.refresh_from_db()
    assert centre_accreditation.status == Accreditation.Status.ACTIVE
