"""Pages of the holder's space: `signin` (links, codes, confirming an address), `space`
(/mi-registro/ and what a holder does there), `shared` (a share link opened by anyone),
`staff` (a centre's page for a person's access: e-mail address and printed code)."""

from .corrections import request_correction, subscription
from .shared import shared
from .signin import confirm_email, open_link, sign_in, sign_in_code, sign_out
from .space import (
    certificate,
    certificate_pdf,
    create_share_link,
    credential,
    home,
    linkedin,
    registry_choice,
    revoke_share_link,
)
from .staff import candidate_access

__all__ = ["candidate_access", "certificate", "certificate_pdf", "confirm_email",
           "create_share_link", "credential", "home", "linkedin", "open_link",
           "registry_choice", "request_correction", "revoke_share_link", "shared",
           "sign_in", "sign_in_code", "sign_out", "subscription"]
