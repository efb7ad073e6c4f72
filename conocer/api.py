"""Version 1 of the registry's public API."""

from rest_framework.routers import DefaultRouter

from standards.api import StandardViewSet

router = DefaultRouter()
router.register("standards", StandardViewSet, basename="standard")

app_name = "api"
urlpatterns = router.urls
