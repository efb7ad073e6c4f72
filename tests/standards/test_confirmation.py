"""Publishing and withdrawing a standard ask first (conocer/core/web.py): without
`confirmed` the page states the consequence and keeps what was typed; nothing changes."""

import pytest

from standards.models import Standard
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, conocer_admin):
    client.force_login(conocer_admin)
    return client


def test_publishing_without_confirmation_states_the_consequence_and_publishes_nothing(
        admin_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.APPROVED)
    response = admin_client.post(f"/estandares/{standard.code}/acciones/publish/",
                                 {"dof_published_on": "2026-11-20"})
    assert "catálogo público" in response.text
    assert 'value="2026-11-20"' in response.text
    standard.refresh_from_db()
    assert standard.status == Standard.Status.APPROVED


def test_a_confirmed_publication_publishes(admin_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.APPROVED)
    admin_client.post(f"/estandares/{standard.code}/acciones/publish/",
                      {"dof_published_on": "2026-11-20", "confirmed": "yes"})
    standard.refresh_from_db()
    assert standard.status == Standard.Status.PUBLISHED


def test_withdrawing_without_confirmation_keeps_the_reason_and_withdraws_nothing(
        admin_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.PUBLISHED)
    response = admin_client.post(f"/estandares/{standard.code}/acciones/withdraw/",
                                 {"reason": "Sustituido por la NOM-035"})
    assert "Sustituido por la NOM-035" in response.text and "definitivamente" in response.text
    standard.refresh_from_db()
    assert standard.status == Standard.Status.PUBLISHED


def test_a_confirmed_withdrawal_without_a_reason_comes_back_with_the_field_error(
        admin_client, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.PUBLISHED)
    response = admin_client.post(f"/estandares/{standard.code}/acciones/withdraw/",
                                 {"reason": "", "confirmed": "yes"})
    assert response.status_code == 200 and 'class="field-error"' in response.text
    standard.refresh_from_db()
    assert standard.status == Standard.Status.PUBLISHED


def test_the_confirmation_is_refused_to_who_may_not_publish(client, board, lead_body):
    standard = StandardFactory(lead_body=lead_body, status=Standard.Status.APPROVED)
    client.force_login(board)
    assert client.get(f"/estandares/{standard.code}/acciones/publish/").status_code == 403
