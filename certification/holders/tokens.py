"""The secrets of the holder's space and how they are stored.

Links carry a token of conocer.core.tokens (32 random bytes, stored as their SHA-256).
An access code is short enough to read aloud and
type (12 characters of an alphabet without look-alikes: about 59 bits), so it is stored
as an HMAC keyed by SECRET_KEY, which a stolen database alone does not open."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

from conocer.core.tokens import new_token, token_hash

__all__ = ["new_token", "token_hash", "looks_like_token", "new_code", "normalize_code",
           "code_hash"]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 12
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def looks_like_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(token))


def new_code() -> tuple[str, str]:
    """(code as printed, in groups of four: "K7QM-3XTP-9RWA"; its HMAC)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4)), code_hash(raw)


def normalize_code(typed: str) -> str:
    """The code as typed, without spaces, dashes or case."""
    return re.sub(r"[^A-Z0-9]", "", typed.upper())


def code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, normalize_code(code).encode("ascii"), hashlib.sha256).hexdigest()
