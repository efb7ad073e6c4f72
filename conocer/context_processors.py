from conocer.core.roles import is_conocer_admin


def navigation(request):
    """Which staff sections the signed-in person has (the header shows only those)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav": {}}
    roles = {(m.role, bool(m.awarding_body_id), bool(m.centre_id))
             for m in user.memberships.all()}
    admin = is_conocer_admin(user)
    return {"nav": {
        "assessments": hasattr(user, "assessor"),
        "candidates": admin or any(centre or body for _role, body, centre in roles),
        "requests": admin or bool(roles),
        "back_office": admin or any(body for _role, body, _centre in roles),
    }}
