"""Version 1 of the registry's public API."""

from rest_framework.routers import DefaultRouter

from bodies.api import AwardingBodyViewSet, CentreViewSet
from standards.api import StandardViewSet

router = DefaultRouter()
router.register("standards", StandardViewSet, basename="standard")
router.register("awarding-bodies", AwardingBodyViewSet, basename="awarding-body")
router.register("centres", CentreViewSet, basename="centre")

app_name = "api"
urlpatterns = router.urls
