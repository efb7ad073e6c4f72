"""Open data (/datos-abiertos/): every dataset anyone may download, with no account and no
key, as CSV (UTF-8, header row, cells through conocer.core.csvexport) and JSON, at stable
URLs /datos-abiertos/<slug>.csv and .json, under Mexico's open data licence (Libre Uso MX).

A dataset is its description, its columns (name, type, meaning), how to read its rows, and
when it last changed. Nothing here is about a person: the standards catalogue, the
organisations accredited today (their public contact, as the directory shows it) and the
whole-history counts of certificates from the statistics tables (certification/statistics/
selectors.open_tables), whose cells derived from people follow the same suppression rule
as the dashboard. docs/open-data.md describes the same, for people.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies import selectors as bodies_selectors
from bodies.models import Accreditation, AssessmentCentre, AwardingBody
from certification.issuance.models import Certificate, StatusList
from conocer.core.choices import MexicanState
from standards import opendata as standards_opendata
from standards import selectors as standards_selectors
from standards.models import Standard

from . import selectors
from .tables import json_cell

LICENCE = {
    "name": "Libre Uso MX",
    "url": "https://datos.gob.mx/libreusomx",
}
PUBLISHER = "Consejo Nacional de Normalización y Certificación de Competencias Laborales (CONOCER)"

STRING, INTEGER, NUMBER, DATE, URL, LIST = "string", "integer", "number", "date", "url", "list"
TYPE_LABELS = {
    STRING: _("text"), INTEGER: _("whole number"),
    NUMBER: _("number (a point before the decimals)"), DATE: _("date (YYYY-MM-DD)"),
    URL: _("web address"), LIST: _("list (in the CSV separated by “; ”)"),
}
KIND_TYPES = {"text": STRING, "int": INTEGER, "share": NUMBER, "year": INTEGER}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    fields: tuple[Field, ...]
    records: Callable  # (request) -> iterable of dicts keyed by field name
    last_updated: Callable  # () -> date | datetime | None
    csv: Callable | None = None  # (request) -> rows, header first; None: from records
    json: Callable | None = None  # (request) -> iterable of dicts; None: records

    def csv_rows(self, request) -> Iterable[list]:
        if self.csv is not None:
            return self.csv(request)
        return _csv_from_records(self.fields, self.records(request))

    def json_records(self, request) -> Iterable[dict]:
        return (self.json or self.records)(request)


def _csv_from_records(fields, records):
    yield [field.name for field in fields]
    for record in records:
        yield [_csv_cell(record.get(field.name)) for field in fields]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return value


# The standards catalogue: the same files as /estandares/export.csv and .json ------------

STANDARD_FIELDS = (
    Field("code", STRING, _("EC code, with its version suffix when there is one "
                            "(EC0217.01).")),
    Field("legacy_code", STRING, _("NTCL code of the first three generations; empty when "
                                   "none.")),
    Field("title", STRING, _("Title of the standard.")),
    Field("level", INTEGER, _("Competence level, 1 to 5.")),
    Field("sector_code", STRING, _("Code of its sector (aligned with SCIAN).")),
    Field("sector", STRING, _("Name of its sector.")),
    Field("lead_body_code", STRING, _("Code of the committee that keeps it.")),
    Field("lead_body", STRING, _("Name of the committee that keeps it.")),
    Field("status", STRING, _("published, expired, superseded or withdrawn.")),
    Field("generation", INTEGER, _("Generation: 1 to 3 in the NTCL era, 4 in the EC era.")),
    Field("version", INTEGER, _("Version number.")),
    Field("dof_published_on", DATE, _("Date of publication in the Diario Oficial de la "
                                      "Federación.")),
    Field("valid_from", DATE, _("Start of its validity.")),
    Field("valid_until", DATE, _("End of its validity; empty when open-ended.")),
    Field("fee_mxn", NUMBER, _("Certification fee set by CONOCER, in Mexican pesos.")),
    Field("supersedes", STRING, _("Code of the standard this one replaces.")),
    Field("units", INTEGER, _("Number of units of competence (the JSON lists them, with "
                              "their criteria).")),
    Field("criteria", INTEGER, _("Number of criteria (CSV only).")),
    Field("certified_count", INTEGER, _("People holding a valid certificate in it.")),
    Field("last_certified_on", DATE, _("Date of the most recent certificate issued in it.")),
    Field("url", URL, _("Its page in the registry.")),
)


def _standards(request):
    return standards_selectors.public_standards()


def _standards_csv(request):
    return standards_opendata.csv_rows(_standards(request), request)


def _standards_json(request):
    qs = standards_selectors.with_structure(_standards(request))
    return standards_opendata.json_records(qs, request)


def _standards_updated():
    return Standard.objects.filter(status__in=Standard.PUBLIC_STATUSES).aggregate(
        last=Max("updated_at"))["last"]


# Organisations accredited today: public fields only ----------------------------------

def _state_name(code: str) -> str:
    return MexicanState(code).label if code in MexicanState.values else code


def _codes(organisation) -> list[str]:
    return sorted({accreditation.standard.code for accreditation in organisation.in_force})


BODY_FIELDS = (
    Field("name", STRING, _("Name of the awarding body.")),
    Field("acronym", STRING, _("Its acronym; empty when it has none.")),
    Field("kind", STRING, _("ECE (certification and assessment entity) or OC (certifying "
                            "body).")),
    Field("state", STRING, _("State of its main office (ISO 3166-2:MX code).")),
    Field("state_name", STRING, _("Name of that state.")),
    Field("city", STRING, _("City of its main office.")),
    Field("email", STRING, _("Its public contact e-mail.")),
    Field("phone", STRING, _("Its public contact phone.")),
    Field("website", URL, _("Its website.")),
    Field("standards", LIST, _("Codes of the standards it is accredited for today.")),
)


def _bodies(request):
    bodies = bodies_selectors.with_accreditations_in_force(
        bodies_selectors.directory_awarding_bodies())
    for body in bodies:
        yield {"name": body.name, "acronym": body.acronym, "kind": body.kind,
               "state": body.state, "state_name": _state_name(body.state), "city": body.city,
               "email": body.email, "phone": body.phone, "website": body.website,
               "standards": _codes(body)}


CENTRE_FIELDS = (
    Field("code", STRING, _("Code of the assessment centre.")),
    Field("name", STRING, _("Name of the assessment centre.")),
    Field("awarding_body", STRING, _("Name of the awarding body that accredited it.")),
    Field("street", STRING, _("Street, number and neighbourhood.")),
    Field("municipality", STRING, _("Municipality.")),
    Field("state", STRING, _("State (ISO 3166-2:MX code).")),
    Field("state_name", STRING, _("Name of that state.")),
    Field("postal_code", STRING, _("Zip code.")),
    Field("email", STRING, _("Its public contact e-mail.")),
    Field("phone", STRING, _("Its public contact phone.")),
    Field("website", URL, _("Its website.")),
    Field("standards", LIST, _("Codes of the standards it is accredited for today.")),
)


def _centres(request):
    centres = bodies_selectors.with_accreditations_in_force(
        bodies_selectors.directory_centres())
    for centre in centres:
        yield {"code": centre.code, "name": centre.name,
               "awarding_body": centre.awarding_body.name, "street": centre.street,
               "municipality": centre.municipality, "state": centre.state,
               "state_name": _state_name(centre.state), "postal_code": centre.postal_code,
               "email": centre.email, "phone": centre.phone, "website": centre.website,
               "standards": _codes(centre)}


def _accreditations_updated():
    found = Accreditation.objects.aggregate(created=Max("created_at"),
                                            changed=Max("status_changed_at"))
    found["bodies"] = AwardingBody.objects.aggregate(last=Max("created_at"))["last"]
    found["centres"] = AssessmentCentre.objects.aggregate(last=Max("created_at"))["last"]
    return max((value for value in found.values() if value is not None), default=None)


# Counts of certificates, whole history, from the statistics tables -----------------------

def _certificates_updated():
    """When the counts last changed: the newest certificate inserted (by primary key: one
    step down an index, at any size) or the last status change (a revocation rewrites the
    status list)."""
    newest = Certificate.objects.order_by("-pk").values_list("created_at", flat=True).first()
    changed = StatusList.objects.aggregate(last=Max("updated_at"))["last"]
    return max((value for value in (newest, changed) if value is not None), default=None)


# The statistics table each aggregate dataset publishes, under its stable slug.
AGGREGATE_SLUGS = {
    "by_year": "certificados-por-anio",
    "by_standard": "certificados-por-estandar",
    "by_state": "certificados-por-estado",
    "by_sector": "certificados-por-sector",
    "by_level": "certificados-por-nivel",
}


def _aggregate(key: str, table) -> Dataset:
    def records(request):
        return ({c.key: json_cell(row.get(c.key)) for c in table.columns} for row in table.rows)

    description = f"{table.title}. {table.note}" if table.note else str(table.title)
    return Dataset(
        slug=AGGREGATE_SLUGS.get(key, key.replace("_", "-")), title=table.title,
        description=description,
        fields=tuple(Field(c.key, KIND_TYPES[c.kind], c.label) for c in table.columns),
        records=records, last_updated=_certificates_updated)


def datasets() -> list[Dataset]:
    """Every dataset, in the order the page lists them."""
    return [
        Dataset("estandares", _("Catalogue of competence standards"),
                _("Every competence standard ever published: code, title, level, sector, "
                  "committee, validity, fee, structure and how many people hold a valid "
                  "certificate in it. Drafts and standards under review are not included."),
                STANDARD_FIELDS, records=None, last_updated=_standards_updated,
                csv=_standards_csv, json=_standards_json),
        Dataset("organismos-certificadores", _("Accredited awarding bodies"),
                _("Awarding bodies (ECE and OC) with at least one accreditation in force "
                  "today, their public contact and the standards they may certify."),
                BODY_FIELDS, records=_bodies, last_updated=_accreditations_updated),
        Dataset("centros-de-evaluacion", _("Accredited assessment centres"),
                _("Assessment centres with at least one accreditation in force today, "
                  "their address and public contact, and the standards they may assess."),
                CENTRE_FIELDS, records=_centres, last_updated=_accreditations_updated),
        *(_aggregate(key, table) for key, table in selectors.open_tables().items()),
    ]


def dataset(slug: str) -> Dataset:
    """One dataset by its slug (KeyError when none has it)."""
    for found in datasets():
        if found.slug == slug:
            return found
    raise KeyError(slug)


def day_of(moment) -> datetime.date | None:
    """The day (in the registry's time zone) of a date or a moment."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def _absolute(request, name, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def described(found: list[Dataset], request) -> list[dict]:
    """What the open data page shows of each dataset: itself, its URLs and when it last
    changed."""
    return [{"dataset": item, "updated": day_of(item.last_updated()),
             "csv": _absolute(request, "statistics:dataset_csv", slug=item.slug),
             "json": _absolute(request, "statistics:dataset_json", slug=item.slug)}
            for item in found]


def dcat(request, found: list[Dataset]) -> dict:
    """The machine-readable catalogue (/datos-abiertos/catalogo.json), in the shape of
    DCAT (W3C's Data Catalog Vocabulary) as JSON, as datos.gob.mx harvests catalogues:
    each dataset with its licence, publisher, last change and distributions."""
    page = _absolute(request, "statistics:open_data")
    datasets = []
    for item in described(found, request):
        dataset = item["dataset"]
        datasets.append({
            "@type": "dcat:Dataset",
            "identifier": item["csv"].rsplit(".", 1)[0],
            "title": str(dataset.title),
            "description": str(dataset.description),
            "modified": item["updated"].isoformat() if item["updated"] else None,
            "publisher": {"@type": "org:Organization", "name": PUBLISHER},
            "license": LICENCE["url"],
            "accessLevel": "public",
            "landingPage": f"{page}#{dataset.slug}",
            "keyword": ["CONOCER", str(_("competence standards")), str(_("certification"))],
            "describedBy": f"{page}#{dataset.slug}-columns",
            "columns": [{"name": field.name, "type": field.type, "description":
                         str(field.meaning)} for field in dataset.fields],
            "distribution": [
                {"@type": "dcat:Distribution", "title": f"{dataset.title} (CSV)",
                 "format": "CSV", "mediaType": "text/csv", "downloadURL": item["csv"]},
                {"@type": "dcat:Distribution", "title": f"{dataset.title} (JSON)",
                 "format": "JSON", "mediaType": "application/json",
                 "downloadURL": item["json"]},
            ],
        })
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "title": str(_("Open data of the National Registry of Competences")),
        "description": str(_("Datasets of CONOCER's national registry of certified work "
                             "competences: standards, accredited organisations and counts "
                             "of certificates. No personal data.")),
        "homepage": page,
        "license": LICENCE["url"],
        "dataset": datasets,
    }
