"""The public statistics dashboard (/estadisticas/), the CSV of each of its tables, and the
open data (/datos-abiertos/): catalogue page, downloads and a machine-readable catalogue.

Every figure comes from `selectors` (the summary tables), every file from the same Table
objects the page shows: the CSV of a chart is exactly the table beside it, with the same
filters, and the API returns the same table as JSON."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from conocer.core.csvexport import csv_lines
from conocer.core.throttling import throttled
from standards.opendata import json_array

from . import charts, filters, opendata, selectors
from .tables import json_cell

CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"


def _sections(tables: dict) -> list[dict]:
    return [{"table": table, "chart": charts.chart_of(table)} for table in tables.values()]


def concentration(tables: dict) -> list[dict]:
    """"The top N standards account for X% of certificates", one per row of the
    concentration table whose share is shown."""
    table = tables.get("concentration")
    rows = table.rows if table else ()
    return [{"top": row["top"], "share": charts.format_share(row["share"])}
            for row in rows if row.get("share") is not None]


def totals(tables: dict) -> dict:
    usage = tables["standards_usage"]
    used = usage.rows[0] if usage.rows else {}  # "with certificates" comes first
    return {"certificates": tables["by_year"].total,
            "standards": usage.total,
            "used": used.get("standards"), "used_share": used.get("share")}


def _query(chosen) -> str:
    query = QueryDict(mutable=True)
    query.update(chosen.as_query())
    return query.urlencode()


# A table longer than this shows its first rows on the page (a phone would scroll through
# a thousand dormant standards); its CSV has every row.
PAGE_ROWS = 50


@require_GET
def dashboard(request):
    chosen, errors, form = filters.parse_with_form(request.GET)
    tables = selectors.dashboard(chosen)
    return render(request, "certification/statistics/dashboard.html", {
        "form": form, "errors": errors, "filters": chosen, "sections": _sections(tables),
        "query": _query(chosen), "concentration": concentration(tables),
        "totals": totals(tables), "page_rows": PAGE_ROWS,
    })


def table_rows(table):
    """The CSV of a table: its column keys, then its rows with the API's JSON values (a
    suppressed cell is empty, as it is null in the JSON)."""
    yield [column.key for column in table.columns]
    for row in table.rows:
        yield ["" if (value := json_cell(row.get(c.key))) is None else value
               for c in table.columns]


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@throttled("api_anon")  # the same table as /api/v1/stats/<key>/, at the API's rate
def table_csv(request, key):
    chosen, errors = filters.parse(request.GET)
    if errors:
        text = "\n".join(f"{name}: {message}" for name, messages in errors.items()
                         for message in messages)
        return HttpResponse(text + "\n", status=400, content_type="text/plain; charset=utf-8")
    try:
        table = selectors.table(key, chosen)
    except KeyError:
        raise Http404(_("There is no such table of statistics.")) from None
    response = StreamingHttpResponse(csv_lines(table_rows(table)), content_type=CSV)
    return _attachment(response, f"estadisticas-{key.replace('_', '-')}.csv")


# Open data ------------------------------------------------------------------------------

@require_GET
def open_data(request):
    return render(request, "certification/statistics/open_data.html", {
        "datasets": opendata.described(opendata.datasets(), request), "licence": opendata.LICENCE})


def _dataset(slug):
    try:
        return opendata.dataset(slug)
    except KeyError:
        raise Http404(_("There is no such dataset.")) from None


@require_GET
@throttled("export")
def dataset_csv(request, slug):
    found = _dataset(slug)
    response = StreamingHttpResponse(csv_lines(found.csv_rows(request)), content_type=CSV)
    return _attachment(response, f"{slug}.csv")


@require_GET
@throttled("export")
def dataset_json(request, slug):
    found = _dataset(slug)
    items = (json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
             for record in found.json_records(request))
    response = StreamingHttpResponse(json_array(items), content_type=JSON)
    return _attachment(response, f"{slug}.json")


@require_GET
def data_catalogue(request):
    return JsonResponse(opendata.dcat(request, opendata.datasets()), encoder=DjangoJSONEncoder,
                        json_dumps_params={"ensure_ascii": False, "indent": 2})
