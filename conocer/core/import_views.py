"""The pages of an import, shared by the apps that import: the upload form (whose dry run
lands on the job's page), the job's page (counts, every row's problems a page at a
time, the button that imports, the progress), its JSON progress for
static/js/import_progress.js, and its problems as CSV. The apps' views check who may
act and call their own services; these render."""

from django import forms
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import csvimport, imports
from .csvexport import csv_lines
from .web import confirmation_page, is_confirmed, refusals

PROBLEMS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), allow_empty_file=True,
        help_text=_("Saved from a spreadsheet as CSV (separated by commas, semicolons or "
                    "tabs; UTF-8 or Latin-1)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}))


def upload_page(request, *, check, template: str, context: dict, job_url):
    """GET: the form. POST: the dry run (`check(uploaded)`), then the job's page; a file
    that cannot be read shows its error next to the field."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            job = check(form.cleaned_data["file"])
            return redirect(job_url(job))
    columns = [(column.label, column.required, column.names)
               for column in context.pop("columns", ())]
    jobs = [(job, job_url(job)) for job in context.pop("jobs", ())]
    return render(request, template, {**context, "form": form, "columns": columns,
                                      "jobs": jobs,
                                      "max_rows": csvimport.MAX_ROWS,
                                      "max_mb": csvimport.MAX_BYTES // (1024 * 1024)})


def job_links(namespace: str, job) -> dict:
    """The addresses a job's page links to, in the app's URL namespace (each importing
    app names its views import_upload, import_start, import_progress, import_problems)."""
    return {"start_url": reverse(f"{namespace}:import_start", kwargs={"pk": job.pk}),
            "progress_url": reverse(f"{namespace}:import_progress", kwargs={"pk": job.pk}),
            "problems_url": reverse(f"{namespace}:import_problems", kwargs={"pk": job.pk}),
            "upload_url": reverse(f"{namespace}:import_upload")}


def job_page(request, job, *, template: str, context: dict):
    """The job: what the dry run found, and the import's progress or outcome."""
    page = Paginator(job.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {
        **context, "job": job, "progress": imports.progress(job), "problems": page,
        "page": page, "run_problems": job.run_problems[:PROBLEMS_PER_PAGE],
        "more_run_problems": max(0, len(job.run_problems) - PROBLEMS_PER_PAGE),
        "may_start": imports.may_start(job), "stalled": imports.is_stalled(job),
        "encoding": csvimport.ENCODING_NAMES.get(job.encoding, job.encoding),
        "delimiter": csvimport.DELIMITER_NAMES.get(job.delimiter, job.delimiter),
    })


def start_action(request, *, job, start, consequence, back: str):
    """Import (or resume): asks first (confirmation_page), then calls `start()`."""
    if not is_confirmed(request):
        return confirmation_page(request, title=_("Import this file?"),
                                 consequence=consequence, button=_("Import"), back=back)
    with refusals(request):
        start()
    return redirect(back)


def progress_response(job) -> JsonResponse:
    response = JsonResponse(imports.progress(job))
    response["Cache-Control"] = "no-store"
    return response


def problems_response(job) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(imports.problem_lines(job)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problemas-{job.pk}.csv"'
    return response
