"""The dashboard's filters: a year range, a sector, a level and a state, read from a query
string. Bad input never raises: `parse` returns the filters it could read and the errors
of the rest, by field, as the form and the API show them."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from conocer.core import clock
from conocer.core.choices import MexicanState
from standards.models import Sector

FIRST_YEAR = 1995  # CONOCER was founded in 1995: no certificate is older
FIELDS = ("year_from", "year_to", "sector", "level", "state")


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    sector: str | None = None  # Sector.code
    level: int | None = None  # 1..5
    state: str | None = None  # MexicanState code (ISO 3166-2:MX)

    @property
    def narrowed(self) -> bool:
        """Whether any filter is set: a narrowed breakdown is held to the minimum count."""
        return any(getattr(self, name) is not None for name in FIELDS)

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (only those set)."""
        return {name: str(getattr(self, name)) for name in FIELDS
                if getattr(self, name) is not None}


NO_FILTERS = Filters()


class FilterForm(forms.Form):
    """The filters as a GET form (the dashboard renders it; `parse` validates with it)."""

    year_from = forms.IntegerField(label=_("From year"), required=False)
    year_to = forms.IntegerField(label=_("To year"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level"), required=False, coerce=int, empty_value=None,
        choices=[("", _("All levels")), *((n, str(n)) for n in range(1, 6))])
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *MexicanState.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = clock.today().year
        for name in ("year_from", "year_to"):
            self.fields[name].validators = [_year_range(FIRST_YEAR, last)]
            self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=last)
        self.fields["sector"].choices = [("", _("All sectors")), *sector_choices()]

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The last year cannot come before the first."))
        return data


def _year_range(first, last):
    def validate(value):
        if value is not None and not first <= value <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                code="year", params={"first": first, "last": last})
    return validate


def sector_choices() -> list[tuple[str, str]]:
    return list(Sector.objects.order_by("name").values_list("code", "name"))


def parse(querydict) -> tuple[Filters, dict[str, list[str]]]:
    """The filters in a query string, and {field: [message, …]} for those that are wrong
    (a wrong filter is left out, never guessed)."""
    chosen, errors, _form = parse_with_form(querydict)
    return chosen, errors


def parse_with_form(querydict) -> tuple[Filters, dict[str, list[str]], FilterForm]:
    """`parse`, and the form it validated with, for the page to show (unbound when the
    query string has no filter): one form, so its choices are read once."""
    given = {name: querydict.get(name, "") for name in FIELDS}
    form = FilterForm(data=given if querydict else None)
    if not form.is_bound:
        return NO_FILTERS, {}, form
    form.is_valid()
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    data = getattr(form, "cleaned_data", {})
    values = {}
    for name in FIELDS:
        if name in errors:
            continue
        value = data.get(name)
        values[name] = value if value not in ("", None) else None
    return Filters(**values), errors, form
