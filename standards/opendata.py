"""Open data: the catalogue as CSV and JSON (UTF-8). Columns are documented in
docs/open-data.md; keep the two in step. The CSV is written by conocer.core.csvexport,
which neutralises text that a spreadsheet would run as a formula."""

from django.db.models import Count
from django.urls import reverse

CSV_COLUMNS = [
    "code", "legacy_code", "title", "level", "sector_code", "sector", "scian_code",
    "occupations", "lead_body_code",
    "lead_body", "status", "generation", "version", "dof_published_on", "valid_from",
    "valid_until", "fee_mxn", "supersedes", "units", "criteria", "certified_count",
    "last_certified_on", "url",
]


def _common(standard, request) -> dict:
    return {
        "code": standard.code,
        "legacy_code": standard.legacy_code,
        "title": standard.title,
        "level": standard.level,
        "sector_code": standard.sector.code,
        "sector": standard.sector.name,
        "scian_code": standard.effective_scian_code,
        "lead_body_code": standard.lead_body.code,
        "lead_body": standard.lead_body.name,
        "status": standard.status,
        "generation": standard.generation,
        "version": standard.version,
        "dof_published_on": standard.dof_published_on,
        "valid_from": standard.valid_from,
        "valid_until": standard.valid_until,
        "fee_mxn": standard.fee,
        "supersedes": standard.supersedes.code if standard.supersedes_id else "",
        "certified_count": standard.certified_count,
        "last_certified_on": standard.last_certified_on,
        "url": request.build_absolute_uri(reverse("standards:detail", args=[standard.code])),
    }


def csv_rows(queryset, request):
    yield CSV_COLUMNS
    rows = (queryset.select_related("supersedes").prefetch_related("occupations")
            .annotate(n_units=Count("units", distinct=True),
                      n_criteria=Count("units__criteria", distinct=True))
            .iterator(chunk_size=500))
    for standard in rows:
        record = _common(standard, request)
        record.update(units=standard.n_units, criteria=standard.n_criteria,
                      occupations=" ".join(o.code for o in standard.occupations.all()))
        yield ["" if record[c] is None else record[c] for c in CSV_COLUMNS]


def json_records(queryset, request):
    for standard in queryset.select_related("supersedes").prefetch_related("occupations"):
        record = _common(standard, request)
        record["occupations"] = [{"code": o.code, "title": o.title}
                                 for o in standard.occupations.all()]
        record["purpose"] = standard.purpose
        record["assessment_instrument"] = standard.assessment_instrument
        record["units"] = [
            {"code": unit.code, "title": unit.title, "criteria": [
                {"kind": c.kind, "text": c.text, "bloom_level": c.bloom_level}
                for c in unit.criteria.all()
            ]}
            for unit in standard.units.all()
        ]
        yield record


def json_array(items):
    """Stream a JSON array from already-encoded items."""
    yield "["
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + item
    yield "\n]\n"
