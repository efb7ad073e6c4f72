"""What `standards` asks of the apps above it, without importing them.

Higher apps fill these lists at start-up (their AppConfig.ready):

* `lead_body_roles`: callables `(user) -> {lead_body_id: {role, …}}` naming the roles a
  user holds in lead bodies (`bodies` answers from its memberships).
* `standard_page_sections`: callables `(request, standard) -> str` returning an HTML
  section for a standard's public page, or "" (`bodies` renders "where to get
  certified").
* `standard_notice_recipients`: callables `(standard) -> [(email, unsubscribe_url), …]`
  naming who else hears of a change to the standard (issuance: its holders, unless
  they turned it off).
* `version_published`: callables `(*, actor, old, new, equivalent) -> None`, run inside
  the transaction that publishes a new version `new` of `old`, once CONOCER said whether
  it is equivalent (bodies: accreditations for an equivalent version follow it).
"""

from collections.abc import Callable

lead_body_roles: list[Callable[..., dict[int, set[str]]]] = []
standard_page_sections: list[Callable[..., str]] = []
standard_notice_recipients: list[Callable[..., list[tuple[str, str]]]] = []
version_published: list[Callable[..., None]] = []
