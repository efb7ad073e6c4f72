"""Importing historical certificates (CONOCER administrators): upload and dry run, the
job's page with its progress, the import itself, its progress as JSON, its problems as
CSV. The pages are conocer.core.import_views'; these check who may open them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from conocer.core import import_views, imports
from conocer.core.csvexport import csv_lines
from conocer.core.models import ImportJob
from conocer.core.roles import is_conocer_admin
from conocer.core.web import require

from .services import imports as certificate_imports


def _admin_only(request):
    require(is_conocer_admin(request.user),
            _("Only CONOCER administrators import certificates."))


def _job(request, pk) -> ImportJob:
    _admin_only(request)
    try:
        return certificate_imports.visible_job(request.user, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


def _job_url(job) -> str:
    return reverse("issuance:import_job", kwargs={"pk": job.pk})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    _admin_only(request)
    return import_views.upload_page(
        request, template="certification/issuance/import_upload.html", job_url=_job_url,
        check=lambda uploaded: certificate_imports.check_certificate_file(
            actor=request.user, uploaded=uploaded),
        context={"columns": certificate_imports.CERTIFICATES.columns,
                 "jobs": imports.jobs_of(certificate_imports.KIND)[:20]})


@login_required
@require_GET
def sample(request):
    _admin_only(request)
    response = StreamingHttpResponse(csv_lines(certificate_imports.sample_rows()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificados-historicos.csv"'
    return response


@login_required
@require_GET
def job(request, pk):
    found = _job(request, pk)
    return import_views.job_page(request, found,
                                 template="certification/issuance/import_job.html",
                                 context={**import_views.job_links("issuance", found),
                                          "start_consequence": consequence(found)})


def consequence(job) -> str:
    return ngettext(
        "%(n)s certificate will enter the registry with its folio, signed and verifiable "
        "by anyone, with an “imported” entry in its history; if it is revoked or "
        "cancelled, it is withdrawn with its reason. It cannot be undone: afterwards it "
        "can only be revoked or cancelled.",
        "%(n)s certificates will enter the registry with their folios, each signed and "
        "verifiable by anyone, with an “imported” entry in its history. Revoked and "
        "cancelled ones are withdrawn with their reason. It cannot be undone: "
        "afterwards a certificate can only be revoked or cancelled.",
        job.ready_rows) % {"n": job.ready_rows}


@login_required
@require_http_methods(["GET", "POST"])
def start(request, pk):
    found = _job(request, pk)
    return import_views.start_action(
        request, job=found, consequence=consequence(found), back=_job_url(found),
        start=lambda: certificate_imports.start_certificate_import(actor=request.user,
                                                                   job_id=found.pk))


@login_required
@require_GET
def progress(request, pk):
    return import_views.progress_response(_job(request, pk))


@login_required
@require_GET
def problems(request, pk):
    return import_views.problems_response(_job(request, pk))

