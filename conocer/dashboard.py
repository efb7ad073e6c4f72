"""Where staff land after signing in: their work, per role, in a few counts with a link
each. A fixed number of queries whatever the size of the registry (one per section)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from certification.assessment import selectors as assessment_selectors
from certification.dashboards.access import dashboards_for
from certification.issuance import selectors as issuance_selectors
from conocer.core.roles import is_conocer_admin
from standards import selectors as standards_selectors
from standards.permissions import LEAD_BODY_EDITOR_ROLES, lead_body_roles


@dataclass(frozen=True)
class Task:
    """One line of the dashboard: what waits, and where to do it."""
    text: str
    url: str
    link: str
    count: int


def assessor_tasks(user) -> list[Task]:
    assessor = assessment_selectors.assessor_for(user)
    if assessor is None:
        return []
    counts = assessment_selectors.assessor_work(assessor)
    url = reverse("assessment:my_assessments")
    return [
        Task(ngettext("%(n)s assessment sent back to you needs your action.",
                      "%(n)s assessments sent back to you need your action.",
                      counts["returned"]) % {"n": counts["returned"]},
             url, _("Open my assessments"), counts["returned"]),
        Task(ngettext("%(n)s assessment in progress.", "%(n)s assessments in progress.",
                      counts["drafts"]) % {"n": counts["drafts"]},
             url, _("Continue an assessment"), counts["drafts"]),
    ]


def request_tasks(user) -> list[Task]:
    """Requests waiting for a decision among those the user sees, and the oldest's age in
    working days (the queue's service level counts them too)."""
    n, days = issuance_selectors.waiting_summary(user)
    if not n:
        text = _("No certificate request is waiting.")
    else:
        text = ngettext("%(n)s request waiting", "%(n)s requests waiting", n) % {"n": n} \
            + ", " + ngettext("the oldest for %(days)s working day.",
                              "the oldest for %(days)s working days.", days) % {"days": days}
    return [Task(text, reverse("issuance:requests"), _("Open the queue"), n)]


def lead_body_tasks(user) -> list[Task]:
    roles = lead_body_roles(user)
    editing = [pk for pk, held in roles.items() if held & LEAD_BODY_EDITOR_ROLES]
    board = [pk for pk, held in roles.items() if "administrator" in held]
    if not editing:
        return []
    counts = standards_selectors.lead_body_work(editing=editing, board=board)
    url = reverse("standards:work_in_progress")
    tasks = [Task(ngettext("%(n)s draft standard of your committee.",
                           "%(n)s draft standards of your committee.",
                           counts["drafts"]) % {"n": counts["drafts"]},
                  url, _("See the drafts"), counts["drafts"])]
    if board:
        tasks.append(Task(ngettext(
            "%(n)s standard submitted and waiting for the board's approval.",
            "%(n)s standards submitted and waiting for the board's approval.",
            counts["submitted"]) % {"n": counts["submitted"]},
            url, _("Review"), counts["submitted"]))
    return tasks


def conocer_tasks(user) -> list[Task]:
    if not is_conocer_admin(user):
        return []
    standards = standards_selectors.conocer_work()
    valid = issuance_selectors.valid_certificate_count()
    flagged = issuance_selectors.qualification_review_counts()["pending"]
    url = reverse("standards:work_in_progress")
    return [
        Task(ngettext("%(n)s standard approved by its lead body waits for CONOCER's approval.",
                      "%(n)s standards approved by their lead bodies wait for CONOCER's "
                      "approval.", standards["to_approve"]) % {"n": standards["to_approve"]},
             url, _("Review"), standards["to_approve"]),
        Task(ngettext("%(n)s approved standard waits for publication.",
                      "%(n)s approved standards wait for publication.",
                      standards["to_publish"]) % {"n": standards["to_publish"]},
             url, _("Publish"), standards["to_publish"]),
        Task(ngettext("%(n)s valid certificate in the registry.",
                      "%(n)s valid certificates in the registry.", valid) % {"n": valid},
             reverse("issuance:certificates"), _("Search certificates"), valid),
        Task(ngettext("%(n)s qualification certificate flagged for your review.",
                      "%(n)s qualification certificates flagged for your review.",
                      flagged) % {"n": flagged},
             reverse("issuance:qualification_reviews"), _("Review"), flagged),
    ]


@login_required
@require_GET
def dashboard(request):
    """The signed-in person's work, one section per role they hold."""
    user = request.user
    sections = [(title, tasks) for title, tasks in [
        (_("CONOCER"), conocer_tasks(user)),
        (_("Assessment"), assessor_tasks(user)),
        (_("Lead body"), lead_body_tasks(user)),
    ] if tasks]
    memberships = list(user.memberships.select_related("awarding_body", "centre",
                                                                "lead_body"))
    if is_conocer_admin(user) or any(m.awarding_body_id or m.centre_id for m in memberships):
        sections.insert(1 if is_conocer_admin(user) else 0,
                        (_("Certificate requests"), request_tasks(user)))
    return render(request, "dashboard.html", {"sections": sections,
                                              "dashboards": dashboards_for(user, memberships)})
