"""What `bodies` asks of the apps above it, without importing them.

* `eligibility_checks`: callables `(assessor, standard) -> [problem, …]`, each problem a
  translated sentence saying why the assessor cannot be accredited for the standard
  (issuance answers from the certificates the person holds). Empty lists: eligible.
"""

from collections.abc import Callable

eligibility_checks: list[Callable[..., list[str]]] = []
