"""What `assessment` asks of the apps above it, without importing them.

Higher apps fill these lists at start-up (their AppConfig.ready):

* `start_refusals`: callables `(person, standard) -> [reason, …]`: why an assessment of
  this person in this standard should not start (issuance: "already holds a valid
  certificate"). Each reason is a translated sentence.
* `assessment_submitted`: callables `(actor, assessment) -> None`, run inside the
  submission's transaction once the verdict is recorded (issuance: a competent verdict
  becomes a certificate request). A refusal they raise undoes the submission.
* `assessment_reopened`: callables `(assessment) -> None`, run inside the transaction
  that sends a submitted assessment back to its assessor, before its verdict is cleared
  (statistics: the verdict no longer counts).
* `assessment_outcomes`: callables `(assessments) -> {assessment_id: text}`: what became
  of submitted assessments, in plain words, for the assessor's list (issuance: the
  request's status, the certificate's folio).
* `email_changed`: callables `(person) -> None`, run inside the transaction that records
  a person's new e-mail address (holders: the person is asked to confirm it).
* `candidacy_links`: callables `(user, candidacy) -> [(label, url), …]`: pages of higher
  apps about this candidate that the user may open, listed beside them (holders: the
  person's access to their own space: e-mail address and printed access code).
"""

from collections.abc import Callable

start_refusals: list[Callable[..., list[str]]] = []
assessment_submitted: list[Callable[..., None]] = []
assessment_reopened: list[Callable[..., None]] = []
assessment_outcomes: list[Callable[..., dict[int, str]]] = []
email_changed: list[Callable[..., None]] = []
candidacy_links: list[Callable[..., list[tuple[str, str]]]] = []
