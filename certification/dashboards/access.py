"""Who sees which dashboard, decided before anything is computed.

- an awarding body's: its administrators and reviewers (memberships in the body);
- a centre's: its staff (administrators, assessors, verifiers of the centre) and the
  administrators and reviewers of the body that accredited it;
- a lead body's (the committee that keeps standards): its members and its board;
- CONOCER's, and every other: CONOCER administrators (conocer.core.roles).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bodies.models import AssessmentCentre, AwardingBody, Membership
from conocer.core.roles import is_conocer_admin
from standards.models import LeadBody

R = Membership.Role
BODY_ROLES = (R.ADMINISTRATOR, R.REVIEWER)
CENTRE_ROLES = (R.ADMINISTRATOR, R.ASSESSOR, R.VERIFIER)


def may_see_body(user, body: AwardingBody) -> bool:
    return is_conocer_admin(user) or Membership.objects.filter(
        user=user, awarding_body=body, role__in=BODY_ROLES).exists()


def may_see_centre(user, centre: AssessmentCentre) -> bool:
    return is_conocer_admin(user) or Membership.objects.filter(
        Q(centre=centre, role__in=CENTRE_ROLES)
        | Q(awarding_body_id=centre.awarding_body_id, role__in=BODY_ROLES),
        user=user).exists()


def may_see_lead_body(user, lead_body: LeadBody) -> bool:
    return is_conocer_admin(user) or Membership.objects.filter(
        user=user, lead_body=lead_body).exists()


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def dashboards_for(user, memberships=None) -> list[Link]:
    """The dashboards this user may open, for their landing page: one query, or none when
    the caller already holds the user's memberships (with their bodies and centres)."""
    links = []
    if is_conocer_admin(user):
        links.append(Link(_("The whole registry (CONOCER)"), reverse("dashboards:conocer")))
    if memberships is None:
        memberships = Membership.objects.filter(user=user).select_related(
            "awarding_body", "centre", "lead_body")
    bodies, centres, committees = {}, {}, {}
    for membership in memberships:
        if membership.awarding_body_id and membership.role in BODY_ROLES:
            bodies[membership.awarding_body_id] = membership.awarding_body
        elif membership.centre_id and membership.role in CENTRE_ROLES:
            centres[membership.centre_id] = membership.centre
        elif membership.lead_body_id:
            committees[membership.lead_body_id] = membership.lead_body
    links += [Link(_("Awarding body: %(name)s") % {"name": body.name},
                   reverse("dashboards:body", args=[pk]))
              for pk, body in sorted(bodies.items(), key=lambda item: item[1].name)]
    links += [Link(_("Centre: %(name)s") % {"name": centre.name},
                   reverse("dashboards:centre", args=[pk]))
              for pk, centre in sorted(centres.items(), key=lambda item: item[1].name)]
    links += [Link(_("Lead body: %(name)s") % {"name": committee.name},
                   reverse("dashboards:lead_body", args=[pk]))
              for pk, committee in sorted(committees.items(), key=lambda item: item[1].name)]
    return links
