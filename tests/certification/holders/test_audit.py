"""Every holder action leaves an audit event, with no staff actor and `via: holder`."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from certification.holders.models import ShareLink
from certification.issuance.models import Certificate
from conocer.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ACTIONS = [
    "holder.sign_in_link_requested", "holder.signed_in", "holder.pdf_downloaded",
    "holder.credential_downloaded", "holder.linkedin_opened", "holder.share_link_created",
    "holder.share_link_revoked", "person.registry_choice_changed", "correction.requested",
    "holder.notices_turned_off", "holder.signed_out",
]


def test_every_holder_action_leaves_an_audit_event(client, holder,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("holders:sign_in"), {"email": holder.email})
    path = re.search(r"http://\S+?(/mi-registro/entrar/\S+/)", mail.outbox[0].body).group(1)
    client.post(path)
    certificate = Certificate.objects.filter(holder=holder).first()
    folio = certificate.folio
    for name in ("certificate_pdf", "credential", "linkedin"):
        response = client.get(reverse(f"holders:{name}", args=[folio]))
        assert response.status_code in (200, 302), name
    client.post(reverse("holders:create_share_link", args=[folio]), {"days": 30})
    client.post(reverse("holders:revoke_share_link", args=[ShareLink.objects.get().pk]))
    client.post(reverse("holders:registry_choice"),
                {"appear": "no" if holder.public_registry_opt_in else "yes"})
    client.post(reverse("holders:request_correction", args=[folio]), {
        "given_names": holder.given_names + " María", "first_surname": holder.first_surname,
        "second_surname": holder.second_surname, "id_document": holder.curp,
        "birth_date": holder.birth_date.isoformat(), "reason": "Falta mi segundo nombre."})
    client.post(reverse("holders:subscription"),
                {"standard": certificate.standard_id, "subscribed": "no"})
    client.post(reverse("holders:sign_out"))

    recorded = AuditEvent.objects.filter(action__in=ACTIONS)
    assert sorted(set(recorded.values_list("action", flat=True))) == sorted(ACTIONS)
    assert not recorded.filter(actor__isnull=False).exists()
    holder_events = recorded.filter(action__startswith="holder.").exclude(
        action__startswith="holder.notices")
    assert all(event.data.get("via") == "holder" for event in holder_events)
