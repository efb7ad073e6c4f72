import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from conocer.core.api import PUBLIC_LIST_ERRORS, PUBLIC_RETRIEVE_ERRORS
from conocer.core.choices import MexicanState
from standards.models import Standard

from . import selectors
from .models import AssessmentCentre, AwardingBody


class DirectoryFilter(django_filters.FilterSet):
    """?standard=EC0076&state=JAL: only bodies/centres accredited today (for the standard)."""

    standard = django_filters.ModelChoiceFilter(
        queryset=Standard.objects.all(), to_field_name="code", method="filter_noop",
        label=_("Standard code"))
    state = django_filters.ChoiceFilter(choices=MexicanState.choices, method="filter_noop",
                                        label=_("State"))

    def filter_noop(self, queryset, name, value: str):
        """Both filters apply together in filter_queryset; the hint types the schema."""
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        extra = {name: data.get(name) or "" for name in ("municipality",) if name in self.filters}
        return selectors.with_accreditations_in_force(
            self.directory(state=data.get("state") or "", standard=data.get("standard"), **extra))


class AwardingBodyFilter(DirectoryFilter):
    directory = staticmethod(selectors.directory_awarding_bodies)

    class Meta:
        model = AwardingBody
        fields = ["standard", "state"]


class CentreFilter(DirectoryFilter):
    municipality = django_filters.CharFilter(method="filter_noop", label=_("Municipality"),
                                             max_length=120)
    directory = staticmethod(selectors.directory_centres)

    class Meta:
        model = AssessmentCentre
        fields = ["standard", "state", "municipality"]


class AwardingBodySerializer(serializers.ModelSerializer):
    scope = serializers.SerializerMethodField()

    class Meta:
        model = AwardingBody
        fields = ["id", "name", "acronym", "kind", "state", "city", "email", "phone",
                  "website", "scope"]

    def get_scope(self, body) -> list[str]:
        return sorted(a.standard.code for a in body.in_force)


class CentreSerializer(serializers.ModelSerializer):
    awarding_body = serializers.CharField(source="awarding_body.name")
    standards = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentCentre
        fields = ["id", "code", "name", "street", "municipality", "state", "postal_code",
                  "phone", "email", "website", "awarding_body", "standards"]

    def get_standards(self, centre) -> list[str]:
        return sorted(a.standard.code for a in centre.in_force)


@extend_schema_view(
    list=extend_schema(responses={200: AwardingBodySerializer(many=True), **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(responses={200: AwardingBodySerializer, **PUBLIC_RETRIEVE_ERRORS}),
)
class AwardingBodyViewSet(viewsets.ReadOnlyModelViewSet):
    """Awarding bodies (ECE / OC) accredited today, with their scope of standards."""

    authentication_classes = []  # public: a stray Authorization header is not read
    permission_classes = [AllowAny]
    lookup_value_regex = r"[^/]+"  # any id reaches the view: a JSON 404
    serializer_class = AwardingBodySerializer
    filterset_class = AwardingBodyFilter
    queryset = AwardingBody.objects.all()  # the schema's model; get_queryset filters

    def get_queryset(self):
        return selectors.directory_awarding_bodies()


@extend_schema_view(
    list=extend_schema(responses={200: CentreSerializer(many=True), **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(responses={200: CentreSerializer, **PUBLIC_RETRIEVE_ERRORS}),
)
class CentreViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessment centres accredited today, with the standards they assess."""

    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_value_regex = r"[^/]+"  # any id reaches the view: a JSON 404
    serializer_class = CentreSerializer
    filterset_class = CentreFilter
    queryset = AssessmentCentre.objects.all()  # the schema's model; get_queryset filters

    def get_queryset(self):
        return selectors.directory_centres()
