"""Where staff land after signing in: their work, per role, in a few counts with a link
each. A fixed number of queries whatever the size of the registry (one per section)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from certification.assessment.models import Assessment
from certification.assessment.selectors import assessor_for
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.selectors import requests_for
from conocer.core import clock
from conocer.core.roles import is_conocer_admin
from standards.models import Standard
from standards.permissions import LEAD_BODY_EDITOR_ROLES, lead_body_roles

S = Standard.Status


@dataclass(frozen=True)
class Task:
    """One line of the dashboard: what waits, and where to do it."""
    text: str
    url: str
    link: str
    count: int


def assessor_tasks(user) -> list[Task]:
    assessor = assessor_for(user)
    if assessor is None:
        return []
    drafts = Q(status=Assessment.Status.DRAFT)
    counts = assessor.assessments.aggregate(
        returned=Count("pk", filter=drafts & ~Q(returned_reason="")),
        drafts=Count("pk", filter=drafts))
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
    """Requests waiting for a decision among those the user sees, and the oldest's age."""
    waiting = requests_for(user, status=CertificateRequest.Status.SUBMITTED).order_by()
    found = waiting.aggregate(n=Count("pk"), oldest=Min("requested_at"))
    n = found["n"]
    if not n:
        text = _("No certificate request is waiting.")
    else:
        days = (clock.now() - found["oldest"]).days
        text = ngettext("%(n)s request waiting", "%(n)s requests waiting", n) % {"n": n} \
            + ", " + ngettext("the oldest %(days)s day old.", "the oldest %(days)s days old.",
                              days) % {"days": days}
    return [Task(text, reverse("issuance:requests"), _("Open the queue"), n)]


def lead_body_tasks(user) -> list[Task]:
    roles = lead_body_roles(user)
    editing = [pk for pk, held in roles.items() if held & LEAD_BODY_EDITOR_ROLES]
    board = [pk for pk, held in roles.items() if "administrator" in held]
    if not editing:
        return []
    counts = Standard.objects.filter(lead_body__in=editing).aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        submitted=Count("pk", filter=Q(status=S.SUBMITTED, lead_body__in=board or [0])))
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
    standards = Standard.objects.aggregate(
        to_approve=Count("pk", filter=Q(status=S.LEAD_BODY_APPROVED)),
        to_publish=Count("pk", filter=Q(status=S.APPROVED)))
    valid = Certificate.objects.filter(status=Certificate.Status.VALID).count()
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
    if is_conocer_admin(user) or any(m.awarding_body_id or m.centre_id
                                     for m in user.memberships.all()):
        sections.insert(1 if is_conocer_admin(user) else 0,
                        (_("Certificate requests"), request_tasks(user)))
    return render(request, "dashboard.html", {"sections": sections})
