"""Properties of the folio parser, over any text a person (or an attacker) can type."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from certification.issuance.folio import (
    ALPHABET,
    LEGACY_PATTERN,
    MalformedFolio,
    MistypedFolio,
    format_folio,
    new_folio,
    normalize_folio,
)

folio_bodies = st.text(alphabet=ALPHABET, min_size=11, max_size=11)


def folio_of(body: str) -> str:
    return format_folio(body + luhn.calc_check_digit(body, alphabet=ALPHABET))


@given(st.text())
def test_any_text_is_a_folio_or_a_malformed_or_mistyped_one(text):
    try:
        folio = normalize_folio(text)
    except (MalformedFolio, MistypedFolio):
        return
    assert folio == normalize_folio(folio)
    assert LEGACY_PATTERN.match(folio) or len(folio) == 14


@given(folio_bodies)
def test_a_folio_is_read_back_in_any_case_with_or_without_dashes_or_spaces(body):
    folio = folio_of(body)
    for typed in (folio, folio.lower(), folio.replace("-", ""), f"  {folio.replace('-', ' ')} "):
        assert normalize_folio(typed) == folio


@given(folio_bodies, st.integers(0, 11), st.sampled_from(ALPHABET))
def test_every_single_character_typo_is_caught(body, position, wrong):
    compact = folio_of(body).replace("-", "")
    if compact[position] == wrong:
        return
    with pytest.raises(MistypedFolio):
        normalize_folio(compact[:position] + wrong + compact[position + 1:])


@given(st.integers(0, 10**10 - 1))
def test_a_legacy_folio_keeps_its_ten_digits(number):
    assert normalize_folio(f"d{number:010d}") == f"D-{number:010d}"


def test_new_folios_read_back_as_themselves():
    for _ in range(200):
        folio = new_folio()
        assert normalize_folio(folio) == folio
