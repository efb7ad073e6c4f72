"""The period a dashboard's figures cover: from and to dates, chosen in a form.

Without a choice it is the last twelve months up to today. Dates outside 1990–2100 are
refused with a field error (the registry holds nothing earlier, and the day after
9999-12-31 does not exist: a bound there would end in a 500), as is an end before the
start. The figures read timestamps (a request's `decided_at`) between the local midnights
that open the first day and close the last, so an index on the timestamp is used."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conocer.core import clock

EARLIEST, LATEST = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def opens(self) -> datetime.datetime:
        """The first instant of the first day, in the registry's time zone."""
        return midnight(self.start)

    @property
    def closes(self) -> datetime.datetime:
        """The first instant after the last day."""
        return after(self.end)

    def query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"


def midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of a day, in the registry's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def after(day: datetime.date) -> datetime.datetime:
    """The first instant after a day."""
    return midnight(day + datetime.timedelta(days=1))


def default_period(today: datetime.date | None = None) -> Period:
    today = today or clock.today()
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return Period(start + datetime.timedelta(days=1), today)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def _in_range(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Give a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST.year, "latest": LATEST.year})
        return day

    def clean_start(self):
        return self._in_range("start")

    def clean_end(self):
        return self._in_range("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot come before its start."))
        return data

    def period(self) -> Period:
        """The period chosen: a missing start is a year before the end, a missing end is
        today (or the start, when it is later); the default period when invalid."""
        if not self.is_bound or not self.is_valid():
            return default_period()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None and end is None:
            return default_period()
        if start is None:
            start = default_period(end).start
        return Period(start, end or max(clock.today(), start))


def period_form(request) -> PeriodForm:
    data = request.GET if ("start" in request.GET or "end" in request.GET) else None
    return PeriodForm(data, initial={"start": default_period().start,
                                     "end": default_period().end})
