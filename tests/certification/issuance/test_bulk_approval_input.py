"""Bulk approval with values that are not request numbers: each is named in a message,
the real requests are approved, and nothing fails."""

import pytest

from certification.issuance.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "１２", "9" * 40, "-1", "1e3", "abc", ""])
def test_a_value_that_is_not_a_request_number_is_reported_and_the_rest_approved(
        client, submitted_request, reviewer, value):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/",
                           {"request": [value, submitted_request.pk], "confirmed": "yes"},
                           follow=True)
    assert response.status_code == 200
    assert Certificate.objects.filter(request=submitted_request).exists()
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and value[:20] in errors[0]


def test_an_unknown_request_number_is_reported(client, submitted_request, reviewer):
    client.force_login(reviewer)
    response = client.post("/solicitudes/aprobar/", {"request": ["999999999999999999"],
                                                      "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    assert "999999999999999999" in response.text
