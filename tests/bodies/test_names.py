"""The names of awarding bodies, centres and assessors refuse invisible control
characters (text-direction marks, line breaks), keeping accents and punctuation."""

import pytest
from django.core.exceptions import ValidationError

from bodies import services
from bodies.models import AssessmentCentre, AwardingBody

pytestmark = pytest.mark.django_db


def test_a_centre_named_with_a_direction_override_is_refused(body, body_admin):
    centre = AssessmentCentre(awarding_body=body, code="CE-0100", state="JAL",
                              municipality="Zapopan", name="Centro \u202eLATIPSOH")
    with pytest.raises(ValidationError) as refused:
        services.register_centre(actor=body_admin, centre=centre)
    assert [e.code for e in refused.value.error_dict["name"]] == ["control_character"]
    assert not AssessmentCentre.objects.filter(code="CE-0100").exists()


def test_an_awarding_body_named_with_a_line_break_is_refused(conocer_admin):
    body = AwardingBody(name="Entidad\r\nFalsa, A.C.", kind="ECE", state="JAL")
    with pytest.raises(ValidationError) as refused:
        services.register_awarding_body(actor=conocer_admin, awarding_body=body)
    assert "name" in refused.value.error_dict


def test_a_centre_name_with_accents_and_punctuation_is_registered(body, body_admin):
    centre = AssessmentCentre(awarding_body=body, code="CE-0101", state="JAL",
                              municipality="Tlaquepaque", name="Centro Nº 3 — D’Ávila & Peña")
    assert services.register_centre(actor=body_admin, centre=centre).pk
