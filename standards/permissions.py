"""Who may do what with standards.

CONOCER administrators are those of `conocer.core.roles`. Lead-body people are found
through the roles the apps above report (`hooks.lead_body_roles`; `bodies` answers from
its memberships), so that this app imports nothing above it.
"""

from conocer.core.roles import is_conocer_admin

from . import hooks

LEAD_BODY_EDITOR_ROLES = frozenset({"member", "administrator"})


def lead_body_roles(user) -> dict[int, set[str]]:
    """{lead_body_id: roles} of a user, asked once per user object."""
    if not (user and user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_lead_body_roles", None)
    if cached is None:
        cached = {}
        for provider in hooks.lead_body_roles:
            for lead_body_id, roles in provider(user).items():
                cached.setdefault(lead_body_id, set()).update(roles)
        user._lead_body_roles = cached
    return cached


def can_edit_drafts(user, lead_body) -> bool:
    """Draft, edit and submit the standards of this lead body."""
    return is_conocer_admin(user) or bool(
        lead_body_roles(user).get(lead_body.pk, set()) & LEAD_BODY_EDITOR_ROLES)


def can_approve_for_lead_body(user, lead_body) -> bool:
    """Record the approval of the lead body's board."""
    return "administrator" in lead_body_roles(user).get(lead_body.pk, set())


def editable_lead_bodies(user, queryset):
    """The lead bodies whose drafts this user may write."""
    if is_conocer_admin(user):
        return queryset
    return queryset.filter(pk__in=[pk for pk, roles in lead_body_roles(user).items()
                                   if roles & LEAD_BODY_EDITOR_ROLES])


def can_see_unpublished(user, standard) -> bool:
    return can_edit_drafts(user, standard.lead_body)
