from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors


def catalogue(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.catalogue(q=q), 25).get_page(request.GET.get("page"))
    return render(request, "standards/catalogue.html", {"page": page, "q": q})
