"""Text as people type it: folding for search, and what names and free text may contain."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# Control characters (C0, DEL, C1) and the invisible marks that reorder how text is shown
# (bidirectional embeddings, overrides and isolates, U+202A-U+202E and U+2066-U+2069, and
# the LRM/RLM/ALM marks): in a name they would let one name be displayed as another
# ("Trojan Source") or break a line in a PDF, an export or a log. Accents, ñ, apostrophes,
# hyphens and every letter of every script stay allowed.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

prohibit_null_characters = ProhibitNullCharactersValidator()


def fold(text: str) -> str:
    """Lower case without accents: 'Evaluación' and 'EVALUACION' both become 'evaluacion'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def validate_name(value: str) -> None:
    """Refuse a name (of a person, a body, a centre, a standard) with a control character or
    a text-direction mark; the validator of every name field."""
    if isinstance(value, str) and _NOT_IN_NAMES.search(value):
        raise ValidationError(
            _("This contains an invisible control character (such as a line break, a tab or "
              "a text-direction mark), often picked up when text is copied from elsewhere. "
              "Type it again by hand."),
            code="control_character")


def contains_nul(value: str) -> bool:
    """PostgreSQL cannot store U+0000 in text: such input is refused before it gets there."""
    return "\x00" in value
