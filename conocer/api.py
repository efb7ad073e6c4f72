"""Version 1 of the registry's public API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from bodies.api import AwardingBodyViewSet, CentreViewSet
from certification.statistics.api import StatisticsFiltersView, StatisticsTableView, StatisticsView
from certification.verification.api import VerifyView
from standards.api import StandardViewSet

router = DefaultRouter()
router.register("standards", StandardViewSet, basename="standard")
router.register("awarding-bodies", AwardingBodyViewSet, basename="awarding-body")
router.register("centres", CentreViewSet, basename="centre")

app_name = "api"
urlpatterns = [
    path("verify/<str:folio>/", VerifyView.as_view(), name="verify"),
    path("stats/", StatisticsView.as_view(), name="stats"),
    path("stats/filters/", StatisticsFiltersView.as_view(), name="stats-filters"),
    path("stats/<str:key>/", StatisticsTableView.as_view(), name="stats-table"),
    *router.urls,
]
