"""One filter set for the catalogue page, its open-data exports and the API."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
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
    occupation = django_filters.CharFilter(
        method="filter_occupation", label=_("Occupation (SINCO code)"),
        help_text=_("A SINCO 2019 code: 5221, or 52 for the whole group."),
        validators=[RegexValidator(r"^\d{1,4}$", _("A SINCO code has one to four digits."))])
    scian = django_filters.CharFilter(
        method="filter_scian", label=_("Sector (SCIAN code)"),
        help_text=_("A SCIAN code: 6244, or 62 for the whole sector."),
        validators=[RegexValidator(r"^\d{2,6}$", _("A SCIAN code has two to six digits."))])
    has_certificates = django_filters.ChoiceFilter(
        method="filter_has_certificates", label=_("Has certified people"),
        choices=[("true", _("Yes")), ("false", _("No"))], empty_label=_("Either"))

    class Meta:
        model = Standard
        fields = ["q", "sector", "level", "lead_body", "status", "occupation", "scian",
                  "has_certificates"]

    def filter_q(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_occupation(self, queryset, name, value):
        """Aligned to a SINCO unit group within this code (codes are hierarchical)."""
        return queryset.filter(pk__in=Standard.occupations.through.objects.filter(
            occupation__code__startswith=value).values("standard_id"))

    def filter_scian(self, queryset, name, value):
        """In this SCIAN branch: its own code, or else its sector's, starts with it."""
        return queryset.filter(Q(scian_code__startswith=value)
                               | Q(scian_code="", sector__scian_code__startswith=value))

    def filter_has_certificates(self, queryset, name, value):
        if value == "true":
            return queryset.filter(certified_count__gt=0)
        return queryset.filter(certified_count=0)
