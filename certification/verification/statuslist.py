"""The registry's revocation list, as served."""

from django.conf import settings

from certification.trust import statuslist
from conocer.core import clock

from . import selectors


def current_status_list() -> dict:
    """The signed Bitstring Status List of every certificate, as of now."""
    withdrawn, largest = selectors.status_positions()
    return statuslist.status_list_credential(
        issuer=settings.SITE_URL, revoked_indexes=withdrawn, largest_index=largest,
        now=clock.now())
