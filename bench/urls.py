"""The registry's URLs plus /bench/hello/, the benchmarks' baseline: the least a
response can cost through the registry's middleware (conocer/settings/bench.py)."""

from django.http import HttpResponse
from django.urls import path

from conocer.urls import urlpatterns as registry


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *registry]
