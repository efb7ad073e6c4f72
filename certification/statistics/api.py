"""The public statistics as JSON: /api/v1/stats/ (every aggregate), /api/v1/stats/<key>/
(one) and /api/v1/stats/filters/ (what the filters accept). Each aggregate is the Table
the dashboard shows and its CSV holds (tables.py), cell for cell."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from conocer.core.api import DETAIL, PUBLIC_LIST_ERRORS

from . import filters, selectors

COLUMN = inline_serializer("StatisticsColumn", {
    "key": serializers.CharField(), "label": serializers.CharField(),
    "kind": serializers.ChoiceField(choices=["text", "int", "share", "year"])})
TABLE = inline_serializer("StatisticsTable", {
    "key": serializers.CharField(help_text="The aggregate's slug, e.g. by_year."),
    "title": serializers.CharField(),
    "note": serializers.CharField(help_text="How it is counted, rounded and suppressed."),
    "suppressed": serializers.BooleanField(
        help_text="Some cells are null: fewer people than the minimum count."),
    "total": serializers.IntegerField(allow_null=True,
                                      help_text="What the shares are shares of."),
    "columns": COLUMN.__class__(many=True),
    "rows": serializers.ListField(child=serializers.DictField(
        help_text="Cells by column key: numbers, strings, or null when suppressed.")),
})
APPLIED = inline_serializer("StatisticsFilters", {
    "year_from": serializers.IntegerField(allow_null=True),
    "year_to": serializers.IntegerField(allow_null=True),
    "sector": serializers.CharField(allow_null=True),
    "level": serializers.IntegerField(allow_null=True),
    "state": serializers.CharField(allow_null=True)})
DASHBOARD = inline_serializer("StatisticsDashboard", {
    "filters": APPLIED, "threshold": serializers.IntegerField(
        help_text="Minimum count of people a cell shows."),
    "tables": TABLE.__class__(many=True)})
CHOICES = inline_serializer("StatisticsFilterChoices", {
    "years": serializers.ListField(child=serializers.IntegerField()),
    "sectors": serializers.ListField(child=serializers.ListField(
        child=serializers.CharField()), help_text="[code, name] pairs."),
    "levels": serializers.ListField(child=serializers.IntegerField()),
    "states": serializers.ListField(child=serializers.ListField(
        child=serializers.CharField()), help_text="[code, name] pairs (ISO 3166-2:MX).")})
PARAMETERS = [
    OpenApiParameter("year_from", OpenApiTypes.INT, description="First year of issue."),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="Last year of issue."),
    OpenApiParameter("sector", OpenApiTypes.STR, description="Sector code."),
    OpenApiParameter("level", OpenApiTypes.INT, enum=[1, 2, 3, 4, 5],
                     description="Level of the standard."),
    OpenApiParameter("state", OpenApiTypes.STR,
                     description="State (ISO 3166-2:MX code without MX-, e.g. JAL)."),
]


def parsed(request) -> filters.Filters:
    """The request's filters; wrong ones answer 400 with their messages by parameter."""
    found, errors = filters.parse(request.query_params)
    if errors:
        raise ValidationError(errors)
    return found


def applied(found: filters.Filters) -> dict:
    return {name: getattr(found, name) for name in filters.FIELDS}


class PublicStatisticsView(APIView):
    authentication_classes = []  # public and the same for everyone
    permission_classes = [AllowAny]


class StatisticsView(PublicStatisticsView):
    @extend_schema(operation_id="stats_dashboard", summary="Every public statistic",
                   parameters=PARAMETERS,
                   responses={200: DASHBOARD, **PUBLIC_LIST_ERRORS}, tags=["statistics"])
    def get(self, request):
        """Every aggregate of the public dashboard, in display order, for the filters."""
        found = parsed(request)
        tables = selectors.dashboard(found)
        return Response({"filters": applied(found),
                         "threshold": next(iter(tables.values())).extra["threshold"],
                         "tables": [table.as_json() for table in tables.values()]})


class StatisticsTableView(PublicStatisticsView):
    @extend_schema(operation_id="stats_table", summary="One public statistic",
                   parameters=[OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH,
                                                enum=list(selectors.DASHBOARD),
                                                description="Which statistic."), *PARAMETERS],
                   responses={200: TABLE, **PUBLIC_LIST_ERRORS,
                              404: OpenApiResponse(DETAIL, description="No such statistic.")},
                   tags=["statistics"])
    def get(self, request, key):
        """One aggregate (its key as listed by /api/v1/stats/), for the filters."""
        if key not in selectors.DASHBOARD:
            raise Http404(_("There is no statistic called %(key)s.") % {"key": key[:40]})
        return Response(selectors.table(key, parsed(request)).as_json())


class StatisticsFiltersView(PublicStatisticsView):
    @extend_schema(operation_id="stats_filters", summary="What the statistics' filters accept",
                   responses={200: CHOICES, 429: PUBLIC_LIST_ERRORS[429]}, tags=["statistics"])
    def get(self, request):
        """The years with certificates, the sectors, levels and states."""
        choices = selectors.filter_choices()
        return Response({**choices, "sectors": [list(pair) for pair in choices["sectors"]],
                         "states": [list(pair) for pair in choices["states"]]})
