import pytest

from certification.issuance.folio import (
    ALPHABET,
    MalformedFolio,
    MistypedFolio,
    new_folio,
    normalize_folio,
)


def test_a_new_folio_is_three_groups_of_four_characters():
    folio = new_folio()
    groups = folio.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert all(c in ALPHABET for c in "".join(groups))


def test_folios_are_not_sequential_or_repeated():
    folios = {new_folio() for _ in range(2000)}
    assert len(folios) == 2000


def test_a_folio_is_accepted_in_any_case_and_without_dashes():
    folio = new_folio()
    assert normalize_folio(folio.replace("-", "").lower()) == folio
    assert normalize_folio(f"  {folio.lower()} ") == folio


def test_every_single_character_typo_is_detected():
    folio = new_folio().replace("-", "")
    for position in range(len(folio)):
        for wrong in ALPHABET:
            if wrong == folio[position]:
                continue
            typo = folio[:position] + wrong + folio[position + 1:]
            with pytest.raises(MistypedFolio):
                normalize_folio(typo)


def test_letters_that_look_like_digits_are_read_as_digits():
    folio = new_folio()
    lookalike = folio.replace("0", "O").replace("1", "I")
    assert normalize_folio(lookalike) == folio


@pytest.mark.parametrize("text", ["", "ABC", "7K3M-Q9TX-2F4B-XX", "#K3M-Q9TX-2F4B"])
def test_text_that_cannot_be_a_folio_is_malformed(text):
    with pytest.raises(MalformedFolio):
        normalize_folio(text)


def test_historical_folios_keep_their_d_prefix_form():
    assert normalize_folio("d0009441521") == "D-0009441521"
    assert normalize_folio("D-0009441521") == "D-0009441521"
