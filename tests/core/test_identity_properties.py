"""Properties of the CURP parser over any text, and over CURPs built from real-looking data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from conocer.core.identity import normalize_curp, validate_curp
from conocer.demo.people import CURP_STATE, GIVEN_NAMES_F, SURNAMES, build_curp

people = st.builds(
    lambda given_names, first, second, born, state, homonym: build_curp(
        given_names=given_names, first_surname=first, second_surname=second, birth_date=born,
        sex="M", state=state, homonym=homonym),
    st.sampled_from(GIVEN_NAMES_F), st.sampled_from(SURNAMES), st.sampled_from(SURNAMES),
    st.dates(datetime.date(1930, 1, 1), datetime.date(2020, 12, 31)),
    st.sampled_from(sorted(CURP_STATE)), st.integers(0, 9))


@given(st.text())
def test_any_text_is_a_valid_curp_or_a_validation_error_with_a_message(text):
    curp = normalize_curp(text)
    try:
        validate_curp(curp)
    except ValidationError as error:
        assert error.messages and error.code.startswith("curp_")


@given(people)
def test_a_well_formed_curp_validates_however_it_is_typed(curp):
    validate_curp(curp)
    assert normalize_curp(f" {curp.lower()} ") == curp


@given(people, st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_a_curp_with_another_check_digit_is_refused(curp, wrong):
    if curp[-1] == wrong:
        return
    with pytest.raises(ValidationError):
        validate_curp(curp[:-1] + wrong)
