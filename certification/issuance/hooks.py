"""What `issuance` tells the apps above it, without importing them.

Higher apps fill these lists at start-up (their AppConfig.ready):

* `certificate_changes`: callables `(certificate, change) -> None`, run last inside the
  transaction that inserted a certificate (`change` is ISSUED: approval, import, a
  corrected reissue, a qualification or a recognition) or ended its validity
  (WITHDRAWN: cancelled, revoked or replaced; `certificate.status` says which). Read
  models kept beside the certificates (statistics) change with them, in the same
  transaction, so their figures stay exact; an error they raise undoes the change.
"""

from collections.abc import Callable

ISSUED = "issued"
WITHDRAWN = "withdrawn"

certificate_changes: list[Callable[..., None]] = []


def certificate_changed(certificate, change: str) -> None:
    for listener in certificate_changes:
        listener(certificate, change)
