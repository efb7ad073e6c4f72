"""A centre's page for a person's access to their own space: the e-mail address the
person signs in with, and a printed access code for someone without e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies import permissions
from certification.assessment import selectors as assessment_selectors
from certification.assessment.services import people
from conocer.core.web import refusals, require

from .. import selectors
from ..forms import CandidateEmailForm
from ..services import signin


def may_keep_access(user, candidacy) -> bool:
    if candidacy.centre_id:
        return permissions.can(user, "candidate.register", candidacy.centre)
    return candidacy.assessor.user_id == getattr(user, "pk", None)


def candidacy_links(user, candidacy) -> list[tuple[str, str]]:
    """assessment.hooks.candidacy_links: this page, for those who may use it."""
    if not may_keep_access(user, candidacy):
        return []
    return [(_("Access to their record"), reverse("holders:candidate_access",
                                                  args=[candidacy.pk]))]


@login_required
@require_http_methods(["GET", "POST"])
def candidate_access(request, pk):
    candidacy = assessment_selectors.candidacies_for(request.user).filter(pk=pk).first()
    if candidacy is None:
        raise Http404
    require(may_keep_access(request.user, candidacy),
            _("Only the centre that registered this person keeps their access."))
    person = candidacy.person
    form = CandidateEmailForm(request.POST if request.POST.get("action") == "email" else None,
                              initial={"email": person.email})
    if request.method == "POST" and request.POST.get("action") == "code":
        with refusals(request):
            code, expires_at = signin.issue_access_code(actor=request.user,
                                                        candidacy_id=candidacy.pk)
            return render(request, "certification/holders/access_code.html", {
                "person": person, "candidacy": candidacy, "code": code,
                "expires_at": expires_at, "sign_in_url": request.build_absolute_uri(
                    reverse("holders:sign_in"))})
    elif form.is_bound and form.is_valid():
        with refusals(request, form=form):
            people.set_person_email(actor=request.user, candidacy_id=candidacy.pk,
                                    email=form.cleaned_data["email"])
            messages.success(request, _("The e-mail address is saved. If it is new, the "
                                        "person is sent a link to confirm it."))
            return redirect("holders:candidate_access", pk=candidacy.pk)
    return render(request, "certification/holders/candidate_access.html", {
        "candidacy": candidacy, "person": person, "form": form,
        "email_confirmed": selectors.email_is_confirmed(person),
    }, status=400 if form.errors else 200)
