from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from conocer.core.api import PUBLIC_LIST_ERRORS, PUBLIC_RETRIEVE_ERRORS

from . import selectors
from .filters import StandardFilter
from .models import Criterion, Occupation, Standard, Unit


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["kind", "text", "bloom_level", "order"]


class UnitSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "title", "order", "criteria"]


class OccupationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Occupation
        fields = ["code", "title"]


class StandardSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    scian_code = serializers.CharField(source="effective_scian_code", read_only=True,
                                       help_text="Its own SCIAN code, or its sector's.")
    occupations = OccupationSerializer(many=True, read_only=True)
    lead_body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_body_name = serializers.CharField(source="lead_body.name", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:standard-detail",
                                               lookup_field="code")

    class Meta:
        model = Standard
        fields = ["code", "legacy_code", "title", "level", "sector", "sector_name",
                  "scian_code", "occupations", "lead_body", "lead_body_name", "status",
                  "dof_published_on", "valid_until", "fee", "certified_count", "url"]


class StandardDetailSerializer(StandardSerializer):
    supersedes = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                              allow_null=True)
    superseded_by = serializers.SerializerMethodField()
    level_descriptor = serializers.SerializerMethodField()
    education_level = serializers.SerializerMethodField()
    units = UnitSerializer(many=True, read_only=True)
    qualifications = serializers.SerializerMethodField()

    class Meta(StandardSerializer.Meta):
        fields = [*StandardSerializer.Meta.fields, "purpose", "generation", "version",
                  "assessment_instrument", "valid_from", "withdrawn_reason", "supersedes",
                  "superseded_by", "last_certified_on", "level_descriptor",
                  "education_level", "units", "qualifications"]

    def get_superseded_by(self, standard) -> str | None:
        newer = selectors.superseded_by(standard)
        return newer.code if newer else None

    def get_level_descriptor(self, standard) -> str:
        return selectors.level_descriptor(standard.level)

    def get_education_level(self, standard) -> str:
        """The national education level its level maps to (CONOCER's table), or ""."""
        mapping = selectors.education_level_for(standard.level)
        return mapping.education_level if mapping else ""

    def get_qualifications(self, standard) -> list[str]:
        """Codes of the published qualifications it is a unit of."""
        return list(selectors.qualifications_of(standard).values_list("code", flat=True))


class QualificationSerializer(StandardSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:qualification-detail",
                                               lookup_field="code")
    units = serializers.SlugRelatedField(source="components", slug_field="code", many=True,
                                         read_only=True,
                                         help_text="Codes of its unit standards.")

    class Meta(StandardSerializer.Meta):
        fields = [*StandardSerializer.Meta.fields, "units"]


class QualificationDetailSerializer(StandardDetailSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:qualification-detail",
                                               lookup_field="code")
    units = StandardSerializer(source="components", many=True, read_only=True)

    class Meta(StandardDetailSerializer.Meta):
        fields = [f for f in StandardDetailSerializer.Meta.fields if f != "qualifications"]


@extend_schema_view(
    list=extend_schema(summary="Search the catalogue of competence standards",
                       parameters=[OpenApiParameter("q", str, description=(
                           "Words of the title or purpose (accents and case ignored), "
                           "or a code such as EC0076."))],
                       responses={200: StandardSerializer(many=True), **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(summary="A competence standard with its full structure",
                           responses={200: StandardDetailSerializer, **PUBLIC_RETRIEVE_ERRORS}),
)
class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Published, expired, superseded and withdrawn competence standards (RENEC)."""

    # Public: no account needed, and a stray Authorization header is not read at all.
    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_field = "code"
    # Any code reaches the view, which answers an unknown one with a JSON 404.
    lookup_value_regex = r"[^/]+"
    filterset_class = StandardFilter

    def get_queryset(self):
        qs = selectors.public_standards().prefetch_related("occupations")
        if self.action == "retrieve":
            return selectors.with_structure(qs.select_related("supersedes"))
        return qs

    def get_serializer_class(self):
        return StandardDetailSerializer if self.action == "retrieve" else StandardSerializer

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="Search the catalogue of qualifications",
                       parameters=[OpenApiParameter("q", str, description=(
                           "Words of the title or purpose, or a code such as CQ0001."))],
                       responses={200: QualificationSerializer(many=True),
                                  **PUBLIC_LIST_ERRORS}),
    retrieve=extend_schema(summary="A qualification with its unit standards",
                           responses={200: QualificationDetailSerializer,
                                      **PUBLIC_RETRIEVE_ERRORS}),
)
class QualificationViewSet(StandardViewSet):
    """Published, expired, superseded and withdrawn qualifications: named sets of at
    least two competence standards (their units) at a framework level."""

    def get_queryset(self):
        qs = selectors.public_qualifications().prefetch_related("occupations", "components")
        if self.action == "retrieve":
            return qs.select_related("supersedes").prefetch_related("components__sector",
                                                                    "components__occupations")
        return qs

    def get_serializer_class(self):
        return (QualificationDetailSerializer if self.action == "retrieve"
                else QualificationSerializer)
