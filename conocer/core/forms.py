"""Form fields shared by the apps."""

import datetime

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _


class MomentField(forms.DateTimeField):
    """A moment in ISO 8601 with its offset from UTC, as the registry's pages write them
    (`datetime.isoformat()`), cleaned to UTC. A time without an offset, or one that cannot
    exist (30 February, hour 25, a year past 9999 once in UTC), is a field error: the
    registry never guesses the time zone of a moment that decides which change wins."""

    default_error_messages = {
        "invalid": _("This page's time stamp cannot be read. Reload the page and try again."),
        "naive": _("This page's time stamp has no time zone. Reload the page and try "
                   "again."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            try:
                moment = parse_datetime(str(value).strip())
            except ValueError:  # the shape of a moment, but an impossible one
                moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if moment.utcoffset() is None:
            raise forms.ValidationError(self.error_messages["naive"], code="naive")
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
