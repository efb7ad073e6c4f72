"""The admin shows certificates, requests and assessments; it changes none of them except
through the services' actions, which leave the same audit trail."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from certification.issuance.models import Certificate
from certification.issuance.services import requests
from conocer.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(submitted_request, reviewer):
    return requests.approve_request(actor=reviewer, request_id=submitted_request.pk)


def test_a_certificate_cannot_be_changed_through_the_admin(admin_client, issued):
    page = admin_client.get(f"/admin/issuance/certificate/{issued.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.text and 'name="holder"' not in page.text
    response = admin_client.post(f"/admin/issuance/certificate/{issued.pk}/change/",
                                 {"status": "revoked", "status_reason": "x"})
    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.status == "valid"
    assert admin_client.get("/admin/issuance/certificate/add/").status_code == 403
    assert admin_client.post(f"/admin/issuance/certificate/{issued.pk}/delete/",
                             {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("model", ["assessment/assessment", "assessment/person",
                                   "assessment/candidacy", "issuance/certificaterequest",
                                   "bodies/accreditation", "core/auditevent"])
def test_records_of_the_workflow_are_read_only_in_the_admin(admin_client, issued, model):
    from django.apps import apps

    app_label, model_name = model.split("/")
    row = apps.get_model(app_label, model_name).objects.first()
    assert admin_client.post(f"/admin/{model}/{row.pk}/change/", {}).status_code == 403
    assert admin_client.get(f"/admin/{model}/add/").status_code == 403


def test_judgements_of_a_submitted_assessment_cannot_be_edited_in_the_admin(
        admin_client, issued):
    page = admin_client.get(f"/admin/assessment/assessment/{issued.request.assessment_id}"
                            "/change/").text
    assert "Presenta el objetivo." in page  # shown
    assert 'name="judgements-0-met"' not in page  # not editable


def test_revoking_from_the_admin_asks_the_reason_and_goes_through_the_service(
        admin_client, admin_user, issued):
    selected = {"action": "revoke", ACTION_CHECKBOX_NAME: [issued.pk]}
    asked = admin_client.post("/admin/issuance/certificate/", selected)
    assert asked.status_code == 200 and 'name="reason"' in asked.text
    admin_client.post("/admin/issuance/certificate/",
                      {**selected, "apply": "1", "reason": "Suplantación de identidad."})
    issued = Certificate.objects.get(pk=issued.pk)
    assert (issued.status, issued.status_reason) == ("revoked", "Suplantación de identidad.")
    event = AuditEvent.objects.get(action="certificate.revoked")
    assert event.actor == admin_user


def test_an_admin_action_the_service_refuses_is_reported_not_applied(admin_client, issued):
    Certificate.objects.filter(pk=issued.pk).update(status="revoked", status_reason="Antes.")
    response = admin_client.post("/admin/issuance/certificate/", {
        "action": "cancel", ACTION_CHECKBOX_NAME: [issued.pk], "apply": "1",
        "reason": "Error."}, follow=True)
    assert "ya" in response.text  # "… está revocado ya"
    assert Certificate.objects.get(pk=issued.pk).status == "revoked"
