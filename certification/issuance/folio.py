"""Certificate folios: random, short enough to type, with a check character.

A folio is 11 random symbols from Crockford's base-32 alphabet (no I, L, O, U:
nothing to confuse) plus one Luhn mod 32 check symbol, shown in three groups
of four: `7K3M-Q9TX-2F4B`. 55 random bits make folios unguessable and
non-sequential; the check symbol catches every single-character typo and most
swaps of neighbours. Historical folios imported from the previous registry
(`D-` + 10 digits) are kept as they are.
"""

import re
import secrets

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 11
LEGACY_PATTERN = re.compile(r"^D-?(\d{10})$")
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class MalformedFolio(ValueError):
    """The text cannot be a folio at all (wrong length or characters)."""


class MistypedFolio(ValueError):
    """The text has a folio's shape but its check character does not match."""


def new_folio(*, choice=secrets.choice) -> str:
    """A fresh folio; `choice` is replaceable only so demo data can be reproducible."""
    body = "".join(choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_folio(body + luhn.calc_check_digit(body, alphabet=ALPHABET))


def format_folio(compact: str) -> str:
    return "-".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def normalize_folio(text: str) -> str:
    """Return the folio as stored, from what a person typed (any case, dashes or not).

    Raises MalformedFolio or MistypedFolio.
    """
    cleaned = re.sub(r"[\s\-_.]", "", text or "").upper()
    legacy = LEGACY_PATTERN.match(cleaned)
    if legacy:
        return f"D-{legacy.group(1)}"
    cleaned = cleaned.translate(_READ_AS)
    if len(cleaned) != RANDOM_LENGTH + 1 or any(c not in ALPHABET for c in cleaned):
        raise MalformedFolio(text)
    try:
        luhn.validate(cleaned, alphabet=ALPHABET)
    except InvalidChecksum as exc:
        raise MistypedFolio(text) from exc
    return format_folio(cleaned)
