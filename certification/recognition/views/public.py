"""The public side: the route explained with the equivalence table, the request form
(no account needed) and the tracking page (reference and birth date)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bodies import permissions
from certification.trust.claims import VERIFY_PATH
from conocer.core.throttling import throttled
from conocer.core.web import refusals

from .. import selectors
from ..countries import Country
from ..forms import ApplicationForm, TrackForm
from ..models import ForeignSystem
from ..services import requests

SUBMITTED = "recognition_reference"  # the session remembers the last reference given


def route(request):
    """/reconocimiento/: who can apply and how, and the equivalences in force."""
    systems = list(selectors.active_systems())
    country = request.GET.get("pais", "")
    country = country if country in Country.values else ""
    system = next((s for s in systems if str(s.pk) == request.GET.get("sistema")), None)
    return render(request, "certification/recognition/route.html", {
        "equivalences": selectors.equivalences_in_force(country=country, system=system),
        "systems": systems, "country": country, "system": system,
        "countries": sorted({(s.country, s.get_country_display()) for s in systems},
                            key=lambda c: c[1]),
        "track_form": TrackForm(),
    })


def _centres(user):
    """Centres for which this user may apply on a person's behalf (None: applies alone)."""
    if not user.is_authenticated:
        return None
    centres = permissions.centres_for(user, "candidate.register")
    return centres if centres.exists() else None


@throttled("recognition_apply", methods=("POST",))
def apply(request):
    centres = _centres(request.user)
    form = ApplicationForm(request.POST or None, request.FILES or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            submitted = requests.submit_request(actor=request.user, **form.service_data())
            request.session[SUBMITTED] = submitted.reference
            return redirect("recognition:submitted")
    return render(request, "certification/recognition/apply.html", {
        "form": form, "on_behalf": centres is not None,
        "no_systems": not ForeignSystem.objects.filter(active=True).exists(),
    }, status=400 if form.errors else 200)


def submitted(request):
    reference = request.session.get(SUBMITTED)
    if not reference:
        return redirect("recognition:apply")
    return render(request, "certification/recognition/submitted.html", {
        "reference": reference, "track_url": reverse("recognition:track")})


@throttled("recognition_track", methods=("POST",))
def track(request):
    """Reference and birth date in a POST (never in an address or a log); a wrong pair
    and an unknown reference get the same answer."""
    form = TrackForm(request.POST or None)
    found, not_found = None, False
    if request.method == "POST" and form.is_valid():
        found = selectors.tracked(form.cleaned_data["reference"],
                                  form.cleaned_data["birth_date"])
        not_found = found is None
    return render(request, "certification/recognition/track.html", {
        "form": form, "found": found, "not_found": not_found,
        "verify_url": "/" + VERIFY_PATH.format(folio=found.certificate.folio)
        if found is not None and found.certificate_id else "",
        "not_found_text": _("We found no request with this reference and this birth date. "
                            "Check both and try again."),
    }, status=404 if not_found else (400 if form.errors else 200))
