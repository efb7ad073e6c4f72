"""Secrets sent in links (sign-in, e-mail confirmation, share links, subscription
confirmations): 32 random bytes, URL-safe, stored only as their SHA-256. The token is
random, so a plain hash is enough; a stolen database holds nothing that opens a link."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(token, its hash)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
