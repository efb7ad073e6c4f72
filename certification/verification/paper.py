"""What a scanned QR code says about the paper it was printed on.

The verdict compares three things: the QR token's signature (by a key the registry
publishes), what the token asserts, and the claims the registry froze when it issued the
certificate. It is honest: when something could not be checked, it says so.
"""

from dataclasses import dataclass

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.models import Certificate
from certification.trust import qr, signing

from . import selectors

MATCHES = "matches"  # genuine QR, and it agrees with the registry's record
ALTERED = "altered"  # a QR that does not verify, or disagrees with the record
UNKNOWN = "unknown"  # genuine QR of a folio the registry does not hold (should not happen)
UNCHECKED = "unchecked"  # the check itself could not be made


@dataclass(frozen=True)
class PaperCheck:
    verdict: str
    certificate: Certificate | None
    qr: qr.QrClaims | None
    reason: str = ""


def check_token(token: str) -> PaperCheck:
    try:
        keys = signing.public_keys()
    except OSError:
        return PaperCheck(UNCHECKED, None, None, "keys unavailable")
    try:
        claims = qr.verify(token, keys)
    except qr.QrError as error:
        return PaperCheck(ALTERED, None, None, str(error))
    try:
        folio = normalize_folio(claims.folio)
    except (MalformedFolio, MistypedFolio):
        return PaperCheck(UNKNOWN, None, claims, "not a folio of the registry")
    certificate = selectors.certificate_by_folio(folio)
    if certificate is None:
        return PaperCheck(UNKNOWN, None, claims, "folio not in the registry")
    if not qr.matches(claims, certificate.facts):
        return PaperCheck(ALTERED, certificate, claims, "the QR disagrees with the record")
    return PaperCheck(MATCHES, certificate, claims)
