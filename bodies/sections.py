"""What `bodies` adds to pages of the apps below it (registered in apps.py)."""

from itertools import groupby

from django.template.loader import render_to_string

from . import selectors


def where_to_certify(request, standard) -> str:
    """Active centres and independent assessors for a published standard, by state."""
    if standard.status != standard.Status.PUBLISHED:
        return ""
    places = [("centre", c) for c in selectors.directory_centres(standard=standard)]
    places += [("assessor", a) for a in selectors.directory_assessors(standard=standard)]
    places.sort(key=lambda p: (p[1].get_state_display(), str(p[1])))
    return render_to_string("bodies/where_to_certify.html", {
        "standard": standard,
        "by_state": [(state, list(items)) for state, items in
                     groupby(places, key=lambda p: p[1].get_state_display())],
    }, request=request)
