"""Version 1 of the registry's public API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from bodies.api import AwardingBodyViewSet, CentreViewSet
from certification.recognition.api import EquivalenceViewSet, ForeignSystemViewSet
from certification.statistics.api import StatisticsFiltersView, StatisticsTableView, StatisticsView
from certification.verification.api import VerifyView
from standards.api import QualificationViewSet, StandardViewSet

router = DefaultRouter()
router.register("standards", StandardViewSet, basename="standard")
router.register("qualifications", QualificationViewSet, basename="qualification")
router.register("awarding-bodies", AwardingBodyViewSet, basename="awarding-body")
router.register("centres", CentreViewSet, basename="centre")
router.register("recognition/systems", ForeignSystemViewSet, basename="recognition-system")
router.register("recognition/equivalences", EquivalenceViewSet,
                basename="recognition-equivalence")

app_name = "api"
urlpatterns = [
    path("verify/<str:folio>/", VerifyView.as_view(), name="verify"),
    path("stats/", StatisticsView.as_view(), name="stats"),
    path("stats/filters/", StatisticsFiltersView.as_view(), name="stats-filters"),
    path("stats/<str:key>/", StatisticsTableView.as_view(), name="stats-table"),
    *router.urls,
]
