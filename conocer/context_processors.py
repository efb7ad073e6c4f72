from django.db import DatabaseError

from conocer.core.roles import is_conocer_admin


def navigation(request):
    """Which staff sections the signed-in person has (the header shows only those). With
    the database down the header shows none, rather than the page failing."""
    try:
        return {"nav": _sections(getattr(request, "user", None))}
    except DatabaseError:
        return {"nav": {}}


def _sections(user) -> dict:
    if not (user and user.is_authenticated):
        return {}
    roles = {(m.role, bool(m.awarding_body_id), bool(m.centre_id))
             for m in user.memberships.all()}
    admin = is_conocer_admin(user)
    return {
        "assessments": hasattr(user, "assessor"),
        "candidates": admin or any(centre or body for _role, body, centre in roles),
        "requests": admin or bool(roles),
        "back_office": admin or any(body for _role, body, _centre in roles),
        # Staff certificate search (/certificados/): who may look certificates up.
        "certificates": admin or hasattr(user, "assessor")
        or any(centre or body for _role, body, centre in roles),
    }
