"""CONOCER's review of qualification certificates flagged because a unit certificate they
rest on was cancelled or revoked: keep (with a note) or revoke (services/qualifications.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from conocer.core.roles import is_conocer_admin
from conocer.core.web import confirmation_page, is_confirmed, refusals, require

from . import selectors
from .forms import QualificationReviewForm
from .models import QualificationReview
from .services import qualifications

CONOCER_ONLY = gettext_lazy("Qualification certificates are reviewed by CONOCER "
                            "administrators.")
DECISION_CONSEQUENCE = gettext_lazy(
    "Keep: qualification certificate %(folio)s stays valid and your note is kept with the "
    "decision. Revoke: it is revoked for good, and anyone who verifies it reads your note "
    "as the reason.")
PENDING = QualificationReview.Outcome.PENDING


@login_required
@require_GET
def qualification_reviews(request):
    require(is_conocer_admin(request.user), CONOCER_ONLY)
    outcome = request.GET.get("outcome", PENDING)
    if outcome not in QualificationReview.Outcome.values:
        outcome = PENDING
    page = Paginator(selectors.qualification_reviews(outcome=outcome), 50).get_page(
        request.GET.get("page"))
    counts = selectors.qualification_review_counts()
    return render(request, "certification/issuance/qualification_reviews.html", {
        "page": page, "outcome": outcome,
        "tabs": [(value, label, counts[value])
                 for value, label in QualificationReview.Outcome.choices],
        "rows": [(review, QualificationReviewForm(auto_id=f"review-{review.pk}-%s"),
                  DECISION_CONSEQUENCE % {"folio": review.certificate.folio})
                 for review in page],
    })


@login_required
@require_http_methods(["GET", "POST"])
def decide_qualification_review(request, pk):
    require(is_conocer_admin(request.user), CONOCER_ONLY)
    review = get_object_or_404(QualificationReview.objects.select_related("certificate"),
                               pk=pk)
    form = QualificationReviewForm(request.POST or None)
    page = {"title": _("Review of qualification certificate %(folio)s") % {
                "folio": review.certificate.folio},
            "consequence": DECISION_CONSEQUENCE % {"folio": review.certificate.folio},
            "button": _("Record the decision"), "back": reverse("issuance:qualification_reviews")}
    if is_confirmed(request) and form.is_valid():
        with refusals(request, form=form):
            decided = qualifications.decide_review(
                actor=request.user, review_id=review.pk,
                keep=form.cleaned_data["outcome"] == "keep", note=form.cleaned_data["note"])
            messages.success(request, _("Qualification certificate %(folio)s: %(outcome)s.")
                             % {"folio": review.certificate.folio,
                                "outcome": decided.get_outcome_display().lower()})
            return redirect("issuance:qualification_reviews")
    return confirmation_page(request, form=form, **page)
