"""Form fields shared by the apps."""

import datetime

from django import forms
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

# A website typed without its scheme ("chilevalora.cl") is taken as https://, Django 6's
# default: Django 5.2 still assumes http:// and warns until a form says which it wants.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def model_formfield(db_field, **kwargs):
    """A ModelForm's field for a model field (Meta.formfield_callback), with a website
    typed without its scheme taken as https://."""
    for model_field, options in URL_FIELDS.items():
        if isinstance(db_field, model_field):
            kwargs = {**options, **kwargs}
    return db_field.formfield(**kwargs)


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
