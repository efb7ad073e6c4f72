"""The site's URLs plus a page that fails the way a test asks (test_outages.py)."""

from django.db import OperationalError
from django.urls import path

from conocer.urls import urlpatterns as site


def failing(request, kind):
    if kind == "database":
        raise OperationalError("server closed the connection unexpectedly")
    raise ValueError("a bug")


urlpatterns = [path("falla/<str:kind>/", failing), *site]
