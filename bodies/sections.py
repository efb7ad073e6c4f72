"""What `bodies` adds to pages of the apps below it (registered in apps.py)."""

from itertools import groupby
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from . import places, selectors


def where_to_certify(request, standard) -> str:
    """Centres and independent assessors accredited for a published standard: a map of
    the states, a filter by state and municipality, and each place with its contact."""
    if standard.status != standard.Status.PUBLISHED:
        return ""
    centres = list(selectors.directory_centres(standard=standard))
    assessors = list(selectors.directory_assessors(standard=standard))
    form = places.PlaceFilterForm(
        request.GET or None,
        places=[(c.state, c.municipality) for c in centres] + [(a.state, "") for a in assessors])
    state, town = form.chosen()
    page = reverse("standards:detail", args=[standard.code])
    shown = [("centre", c) for c in centres
             if (not state or c.state == state) and (not town or c.municipality == town)]
    # An independent assessor travels: listed under their state, with a municipality
    # chosen too when the state has a centre there.
    states_shown = {centre.state for _kind, centre in shown}
    shown += [("assessor", a) for a in assessors
              if (not state or a.state == state) and (not town or a.state in states_shown)]
    shown.sort(key=lambda p: (p[1].get_state_display(), p[0] != "centre", str(p[1])))
    return render_to_string("bodies/where_to_certify.html", {
        "standard": standard, "form": form, "page": page,
        "has_places": bool(centres or assessors),
        "filtered": bool(state or town),
        "shown_centres": sum(kind == "centre" for kind, _p in shown),
        "shown_assessors": sum(kind == "assessor" for kind, _p in shown),
        "by_state": [(name, list(items)) for name, items in
                     groupby(shown, key=lambda p: p[1].get_state_display())],
        "map": places.state_map(
            selectors.count_by_state(centres), current=state,
            link=lambda code: f"{page}?{urlencode({'state': code})}#where"),
    }, request=request)
