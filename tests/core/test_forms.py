"""The moment field (seen_at, loaded_at): a moment with its UTC offset, or a field error."""

import datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from conocer.core.forms import MomentField


def clean(value):
    return MomentField(required=False).clean(value)


@given(st.text(max_size=60))
def test_any_text_is_a_moment_in_utc_or_a_field_error(text):
    try:
        moment = clean(text)
    except forms.ValidationError as error:
        assert error.code in ("invalid", "naive")
        return
    assert moment is None or moment.utcoffset() == datetime.timedelta(0)


@given(st.datetimes(timezones=st.timezones()))
def test_every_moment_written_with_its_offset_reads_back_as_the_same_instant(moment):
    try:
        expected = moment.astimezone(datetime.UTC)
    except OverflowError:  # e.g. year 1 at +14:00: not a moment UTC can hold
        return
    assert clean(moment.isoformat()) == expected


@given(st.datetimes())
def test_a_moment_without_a_time_zone_is_refused(moment):
    with pytest.raises(forms.ValidationError) as refused:
        clean(moment.isoformat())
    assert refused.value.code == "naive"


@pytest.mark.parametrize("impossible", ["2026-02-30T10:00:00+00:00", "2026-05-04T25:00:00Z",
                                        "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00",
                                        "now", "1e999", "NaN", "2026-05-04T10:00:00+99:00"])
def test_an_impossible_moment_is_a_field_error(impossible):
    with pytest.raises(forms.ValidationError) as refused:
        clean(impossible)
    assert refused.value.code == "invalid"


def test_an_empty_moment_is_none():
    assert clean("") is None


def test_a_foreign_systems_website_typed_without_its_scheme_is_taken_as_https():
    from certification.recognition.forms import SystemForm

    website = SystemForm.base_fields["website"]
    assert website.clean("chilevalora.cl") == "https://chilevalora.cl"


def test_the_admin_takes_a_website_typed_without_its_scheme_as_https():
    from django.contrib import admin

    from bodies.models import AwardingBody

    model_admin = admin.site._registry[AwardingBody]
    field = model_admin.formfield_for_dbfield(AwardingBody._meta.get_field("website"),
                                              request=None)
    assert field.clean("conalep.edu.mx") == "https://conalep.edu.mx"
