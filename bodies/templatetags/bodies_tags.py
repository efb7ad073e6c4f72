from itertools import groupby

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("bodies/where_to_certify.html")
def where_to_certify(standard):
    """Active centres and independent assessors for a standard, grouped by state."""
    places = [("centre", c) for c in selectors.directory_centres(standard=standard)]
    places += [("assessor", a) for a in selectors.directory_assessors(standard=standard)]
    places.sort(key=lambda p: (p[1].get_state_display(), str(p[1])))
    return {
        "standard": standard,
        "by_state": [(state, list(items)) for state, items in
                     groupby(places, key=lambda p: p[1].get_state_display())],
    }
