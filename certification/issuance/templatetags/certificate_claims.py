"""Filters for pages that show a certificate's frozen claims: the dates the claims keep
as ISO text (a qualification's units, a recognised certificate) and country names."""

import datetime

from django import template

from ..countries import country_name as name_of_country

register = template.Library()


@register.filter
def claim_date(value):
    """An ISO date kept in the claims as text, as a date for the `date` filter; what is
    not one is left as it is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def country_name(code: str) -> str:
    """The country of an ISO 3166 code in the active language (the code when unknown)."""
    return name_of_country(code)
