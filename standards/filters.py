"""One filter set for the catalogue page, its open-data exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from . import search
from .models import LeadBody, Sector, Standard


class StandardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"),
                                  help_text=_("Words of the title or purpose, or a code."))
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), field_name="sector", to_field_name="code",
        label=_("Sector"), empty_label=_("All sectors"))
    level = django_filters.ChoiceFilter(
        choices=[(n, str(n)) for n in range(1, 6)], label=_("Level"),
        empty_label=_("All levels"))
    lead_body = django_filters.ModelChoiceFilter(
        queryset=LeadBody.objects.all(), field_name="lead_body", to_field_name="code",
        label=_("Lead body"), empty_label=_("All lead bodies"))
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in Standard.PUBLIC_STATUSES], label=_("Status"),
        empty_label=_("Any status"))
    has_certificates = django_filters.ChoiceFilter(
        method="filter_has_certificates", label=_("Has certified people"),
        choices=[("true", _("Yes")), ("false", _("No"))], empty_label=_("Either"))

    class Meta:
        model = Standard
        fields = ["q", "sector", "level", "lead_body", "status", "has_certificates"]

    def filter_q(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_has_certificates(self, queryset, name, value):
        if value == "true":
            return queryset.filter(certified_count__gt=0)
        return queryset.filter(certified_count=0)
