"""What `issuance` tells the apps above it, without importing them.

Higher apps fill these lists at start-up (their AppConfig.ready):

* `certificate_changes`: callables `(certificate, change) -> None`, run last inside the
  transaction that inserted a certificate (`change` is ISSUED: approval, import, a
  corrected reissue, a qualification or a recognition) or ended its validity
  (WITHDRAWN: cancelled, revoked or replaced; `certificate.status` says which). Read
  models kept beside the certificates (statistics) change with them, in the same
  transaction, so their figures stay exact; an error they raise undoes the change.
* `recognitions`: callables `(assessment) -> dict | None`: the foreign certificate a
  certificate requested from this assessment also rests on (recognition: the request
  whose partial recognition opened the assessment of the remaining units), frozen into
  its claims as `recognition` (trust.claims.Claims). The first answer that is not None
  counts.
"""

from collections.abc import Callable

ISSUED = "issued"
WITHDRAWN = "withdrawn"

certificate_changes: list[Callable[..., None]] = []
recognitions: list[Callable[..., dict | None]] = []


def certificate_changed(certificate, change: str) -> None:
    for listener in certificate_changes:
        listener(certificate, change)


def recognition_of(assessment) -> dict | None:
    for provider in recognitions:
        found = provider(assessment)
        if found is not None:
            return found
    return None
