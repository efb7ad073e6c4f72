"""Object-level permissions: one table, used by services, views and the API.

A user acts through memberships (role in a body). A membership in an awarding
body reaches everything of that body: its centres, assessors, candidates and
requests. A membership in a centre reaches only that centre. CONOCER
administrators (conocer.core.roles) may do everything.

Targets tell where they belong with `permission_scope()`, returning
`(awarding_body_id, centre_id)`; so this module knows nothing of the models of
the apps above it.
"""

from django.db.models import Q

from conocer.core.roles import is_conocer_admin

from .models import AssessmentCentre, AwardingBody, Membership

R = Membership.Role

# action → {where the membership is: roles that may do it}
RULES: dict[str, dict[str, set[str]]] = {
    "body.view": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER}},
    "body.manage": {"awarding_body": {R.ADMINISTRATOR}},
    "centre.view": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER},
                    "centre": {R.ADMINISTRATOR, R.ASSESSOR, R.VERIFIER}},
    "accreditation.grant": {"awarding_body": {R.ADMINISTRATOR}},
    "accreditation.suspend": {"awarding_body": {R.ADMINISTRATOR}},
    "candidate.view": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER},
                       "centre": {R.ADMINISTRATOR, R.ASSESSOR, R.VERIFIER}},
    "candidate.register": {"centre": {R.ADMINISTRATOR, R.ASSESSOR}},
    "assessment.record": {"centre": {R.ASSESSOR}},
    "assessment.verify": {"awarding_body": {R.VERIFIER}, "centre": {R.VERIFIER}},
    "request.view": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER},
                     "centre": {R.ADMINISTRATOR, R.ASSESSOR}},
    "request.review": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER}},
    "certificate.view": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER, R.VERIFIER},
                         "centre": {R.ADMINISTRATOR, R.VERIFIER}},
    "certificate.revoke": {"awarding_body": {R.ADMINISTRATOR}},
    # A holder's correction request: reissue corrected, or refuse with reasons.
    "correction.decide": {"awarding_body": {R.ADMINISTRATOR, R.REVIEWER}},
}
ACTIONS = tuple(RULES)


def scope_of(target) -> tuple[int | None, int | None]:
    """(awarding_body_id, centre_id) of a body, centre, assessor or any object with
    permission_scope()."""
    if hasattr(target, "permission_scope"):
        return target.permission_scope()
    raise TypeError(f"{type(target).__name__} has no permission scope")


def can(user, action: str, target) -> bool:
    if action not in RULES:
        raise ValueError(f"unknown action {action!r}")
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_conocer_admin(user):
        return True
    body_id, centre_id = scope_of(target)
    allowed = RULES[action]
    for membership in _memberships(user):
        if membership.awarding_body_id and membership.awarding_body_id == body_id \
                and membership.role in allowed.get("awarding_body", ()):
            return True
        if membership.centre_id and membership.centre_id == centre_id \
                and membership.role in allowed.get("centre", ()):
            return True
    return False


def may_decide(user, accreditation) -> bool:
    """Suspend, reinstate or revoke: CONOCER for an awarding body's accreditation, the
    granting body's administrators for a centre's or an assessor's."""
    if accreditation.awarding_body_id:
        return is_conocer_admin(user)
    return can(user, "accreditation.suspend", accreditation)


def _memberships(user):
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).exclude(awarding_body=None,
                                                                   centre=None))
        user._membership_cache = cached
    return cached


def awarding_bodies_for(user, action: str):
    """Awarding bodies where this user may do `action` (all for CONOCER admins)."""
    if is_conocer_admin(user):
        return AwardingBody.objects.all()
    roles = RULES[action].get("awarding_body", set())
    return AwardingBody.objects.filter(memberships__user=user,
                                       memberships__role__in=roles).distinct()


def centres_for(user, action: str):
    """Centres where this user may do `action`, through the centre or its awarding body."""
    if is_conocer_admin(user):
        return AssessmentCentre.objects.all()
    allowed = RULES[action]
    return AssessmentCentre.objects.filter(
        Q(awarding_body__memberships__user=user,
          awarding_body__memberships__role__in=allowed.get("awarding_body", set()))
        | Q(memberships__user=user, memberships__role__in=allowed.get("centre", set()))
    ).distinct()


def lead_body_roles(user) -> dict[int, set[str]]:
    """{lead_body_id: roles} from the user's memberships (standards asks, through its
    hooks, to know who edits and approves a lead body's drafts)."""
    roles: dict[int, set[str]] = {}
    for lead_body_id, role in Membership.objects.filter(
            user=user, lead_body__isnull=False).values_list("lead_body_id", "role"):
        roles.setdefault(lead_body_id, set()).add(role)
    return roles
