"""Read-only public API: the foreign systems and the equivalences in force."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from conocer.core.api import PUBLIC_LIST_ERRORS, PUBLIC_RETRIEVE_ERRORS

from . import selectors
from .countries import Country
from .models import Equivalence, ForeignSystem


class ForeignSystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForeignSystem
        fields = ["id", "name", "acronym", "country", "website", "notes"]


class EquivalenceSerializer(serializers.ModelSerializer):
    system = serializers.CharField(source="system.acronym")
    country = serializers.CharField(source="system.country")
    standard = serializers.CharField(source="standard.code")
    standard_title = serializers.CharField(source="standard.title")
    units_to_assess = serializers.SerializerMethodField()

    class Meta:
        model = Equivalence
        fields = ["id", "system", "country", "foreign_code", "foreign_title", "standard",
                  "standard_title", "kind", "units_to_assess", "notes", "valid_from",
                  "valid_until"]

    def get_units_to_assess(self, equivalence) -> list[str]:
        return [unit.code for unit in equivalence.units_to_assess.all()]


class EquivalenceFilter(django_filters.FilterSet):
    """?country=CL&system=ChileValora: the equivalences of one country or one system."""

    country = django_filters.ChoiceFilter(choices=Country.choices, field_name="system__country",
                                          label=_("Country (ISO 3166)"))
    system = django_filters.CharFilter(field_name="system__acronym", lookup_expr="iexact",
                                       label=_("System acronym"), max_length=30)

    class Meta:
        model = Equivalence
        fields = ["country", "system"]


@extend_schema_view(
    list=extend_schema(responses={200: ForeignSystemSerializer(many=True),
                                  **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(responses={200: ForeignSystemSerializer, **PUBLIC_RETRIEVE_ERRORS}),
)
class ForeignSystemViewSet(viewsets.ReadOnlyModelViewSet):
    """Foreign certification systems whose certificates CONOCER recognises."""

    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_value_regex = r"[^/]+"
    serializer_class = ForeignSystemSerializer
    queryset = ForeignSystem.objects.all()

    def get_queryset(self):
        return selectors.active_systems().order_by("country", "acronym", "pk")


@extend_schema_view(
    list=extend_schema(responses={200: EquivalenceSerializer(many=True), **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(responses={200: EquivalenceSerializer, **PUBLIC_RETRIEVE_ERRORS}),
)
class EquivalenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Equivalences in force between foreign certificates and Mexican standards: full, or
    partial with the units still to assess."""

    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_value_regex = r"[^/]+"
    serializer_class = EquivalenceSerializer
    filterset_class = EquivalenceFilter
    queryset = Equivalence.objects.all()

    def get_queryset(self):
        return selectors.equivalences_in_force()
