"""A centre's staff register candidates from a CSV file: upload and dry run, the job's
page with its progress, the import, its progress as JSON, its problems as CSV. The pages
are conocer.core.import_views'; these check who may open them (staff of another centre
get a 404: not even the job's existence is theirs to know)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from conocer.core import import_views, imports
from conocer.core.models import ImportJob

from ..services import imports as candidate_imports


def _job(request, pk) -> ImportJob:
    try:
        return candidate_imports.visible_job(request.user, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


def _job_url(job) -> str:
    return reverse("assessment:import_job", kwargs={"pk": job.pk})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    centre = candidate_imports.import_centre(request.user)
    return import_views.upload_page(
        request, template="certification/assessment/import_upload.html", job_url=_job_url,
        check=lambda uploaded: candidate_imports.check_candidate_file(
            actor=request.user, uploaded=uploaded),
        context={"centre": centre, "columns": candidate_imports.CANDIDATES.columns,
                 "jobs": imports.jobs_of(candidate_imports.KIND, centre)[:20]})


def consequence(job) -> str:
    return ngettext(
        "%(n)s person will be registered as a candidate of your centre. If they are already "
        "in the national registry, they are linked to your centre: check that the name "
        "and birth date in the file are theirs.",
        "%(n)s people will be registered as candidates of your centre. People already in "
        "the national registry are linked to your centre: check that the names and birth "
        "dates in the file are theirs.", job.ready_rows) % {"n": job.ready_rows}


@login_required
@require_GET
def job(request, pk):
    found = _job(request, pk)
    return import_views.job_page(request, found,
                                 template="certification/assessment/import_job.html",
                                 context={**import_views.job_links("assessment", found),
                                          "start_consequence": consequence(found)})


@login_required
@require_http_methods(["GET", "POST"])
def start(request, pk):
    found = _job(request, pk)
    return import_views.start_action(
        request, job=found, consequence=consequence(found), back=_job_url(found),
        start=lambda: candidate_imports.start_candidate_import(actor=request.user,
                                                               job_id=found.pk))


@login_required
@require_GET
def progress(request, pk):
    return import_views.progress_response(_job(request, pk))


@login_required
@require_GET
def problems(request, pk):
    return import_views.problems_response(_job(request, pk))
