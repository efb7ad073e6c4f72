"""Staff certificate search at /certificados/: folio, the holder's name or CURP, standard,
issue dates and status, among the certificates the user may look up
(selectors.certificates_for), paginated, with a CSV export of the same search."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bodies import permissions
from certification.assessment import selectors as assessment_selectors
from conocer.core.csvexport import csv_lines
from conocer.core.roles import is_conocer_admin
from conocer.core.throttling import throttled
from conocer.core.web import require
from standards.models import Standard

from . import selectors
from .forms import CertificateSearchForm


def _searched(request):
    """The search form and the certificates it finds for this user (403 for anyone who
    is neither CONOCER nor staff of an awarding body or a centre, nor an assessor)."""
    user = request.user
    require(is_conocer_admin(user) or assessment_selectors.assessor_for(user) is not None
            or permissions.awarding_bodies_for(user, "candidate.view").exists()
            or permissions.centres_for(user, "candidate.view").exists(),
            _("Only the staff of CONOCER, of awarding bodies and of centres look up "
              "certificates here."))
    visible = selectors.certificates_for(user)
    form = CertificateSearchForm(
        request.GET or None,
        standards=Standard.objects.filter(pk__in=visible.values("standard")).order_by("code"))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        return form, visible.none()
    return form, selectors.search_certificates(visible, **filters)


@login_required
@require_GET
def certificate_search(request):
    form, found = _searched(request)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "certification/issuance/certificates.html", {
        "form": form, "page": page,
        "export_query": request.GET.urlencode(),
    })


CSV_HEADER = [
    "folio", "holder", "curp", "standard_code", "standard_title", "awarding_body", "centre",
    "issued_on", "status",
]


@login_required
@require_GET
@throttled("certificate_export")
def certificate_export(request):
    """The search's certificates as CSV (every page), streamed."""
    _form, found = _searched(request)
    rows = ([c.folio, c.holder.full_name, c.holder.curp, c.standard.code, c.standard.title,
             c.awarding_body.name, c.centre.name if c.centre else "", c.issued_on,
             c.get_status_display()] for c in found.iterator(chunk_size=500))
    response = StreamingHttpResponse(csv_lines(_with_header(rows)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificados.csv"'
    return response


def _with_header(rows):
    yield CSV_HEADER
    yield from rows
