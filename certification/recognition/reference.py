"""Reference numbers of recognition requests: REC-<year>-XXXX-XXXX.

Eight characters of Crockford's base 32 (no I, L, O or U, so nothing reads as another
letter or a digit): 40 random bits, about 10^12 per year. With the birth date the person
also gives, and the tracking page's rate limit, a reference cannot be guessed; it is
short enough to read over the phone. Typed back, case, spaces and the letters that look
like digits (O, I, L) are forgiven."""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHAPE = re.compile(r"^REC-(\d{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})$")
LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference(year: int) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"REC-{year}-{code[:4]}-{code[4:]}"


def normalize_reference(typed: str) -> str | None:
    """The reference as stored, or None when what was typed cannot be one."""
    compact = re.sub(r"[\s\-_.]", "", typed or "").upper()
    if not compact.startswith("REC") or len(compact) != 15:
        return None
    year, code = compact[3:7], compact[7:].translate(LOOKALIKES)
    reference = f"REC-{year}-{code[:4]}-{code[4:]}"
    return reference if SHAPE.match(reference) else None
