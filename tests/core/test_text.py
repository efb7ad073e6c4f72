"""Names keep every letter, accent, apostrophe and hyphen people write, and refuse the
invisible characters that would let one name pass for another or break a line."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from conocer.core.text import validate_name

FORBIDDEN = ([chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
             + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
             + ["\u200e", "\u200f", "\u061c"])


@pytest.mark.parametrize("name", ["José María", "Núñez-Peña", "Begoña", "D'Artagnan",
                                  "O’Higgins", "Ñuño de la Cruz", "Nguyễn Thị Minh",
                                  "Xóchitl Tlatoani", "Müller-Lüdenscheidt", "Zoë", "李小龙",
                                  "Centro de Evaluación No. 3 (CDMX)", "CONALEP & ICATI"])
def test_a_name_with_accents_apostrophes_and_hyphens_is_accepted(name):
    validate_name(name)


@pytest.mark.parametrize("character", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_or_a_direction_mark_is_refused(character):
    with pytest.raises(ValidationError) as refused:
        validate_name(f"Ana{character}María")
    assert refused.value.code == "control_character"


@given(st.text(st.characters(categories=("L", "M", "Zs", "Nd"), include_characters="'’-.,&()")))
def test_letters_marks_digits_spaces_and_punctuation_are_always_accepted(name):
    validate_name(name)


@given(st.text(), st.sampled_from(FORBIDDEN), st.text())
def test_a_forbidden_character_anywhere_is_always_refused(before, character, after):
    with pytest.raises(ValidationError):
        validate_name(before + character + after)
