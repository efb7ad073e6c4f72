"""Who may do what with standards.

CONOCER administrators hold the `standards.publish_standard` permission (a
superuser holds every permission). Lead-body people are found through their
memberships (`bodies.Membership`, reached by its reverse relation so that this
app imports nothing above it).
"""

LEAD_BODY_EDITOR_ROLES = ("member", "administrator")


def is_conocer_admin(user) -> bool:
    return bool(user and user.is_active and user.has_perm("standards.publish_standard"))


def _lead_body_roles(user, lead_body) -> set[str]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return set(lead_body.memberships.filter(user=user).values_list("role", flat=True))


def can_edit_drafts(user, lead_body) -> bool:
    """Draft, edit and submit the standards of this lead body."""
    return is_conocer_admin(user) or bool(_lead_body_roles(user, lead_body)
                                          & set(LEAD_BODY_EDITOR_ROLES))


def can_approve_for_lead_body(user, lead_body) -> bool:
    """Record the approval of the lead body's board."""
    return "administrator" in _lead_body_roles(user, lead_body)


def editable_lead_bodies(user, queryset):
    """The lead bodies whose drafts this user may write."""
    if is_conocer_admin(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(memberships__user=user,
                           memberships__role__in=LEAD_BODY_EDITOR_ROLES).distinct()


def can_see_unpublished(user, standard) -> bool:
    return can_edit_drafts(user, standard.lead_body)
