"""Every aggregate of the public dashboard and of open data, read from the summary
tables (models.py) and handed out as Tables (tables.py): pages, CSV and API show them.

What is counted (docs/statistics.md): certificates issued and not cancelled, a corrected
reissue standing for the certificate it replaced; revoked ones included (and shown
apart). Standard certificates and qualification certificates are counted apart: every
figure but `by_kind` counts standard certificates only. A certificate's state is its
centre's, else its awarding body's; its year is that of its issue date.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import AwardingBody
from certification.assessment.models import Assessment
from conocer.core import clock
from conocer.core.choices import MexicanState
from standards import selectors as standards_selectors
from standards.models import Sector, Standard

from . import cells, shares
from .filters import NO_FILTERS, Filters
from .models import AgeBand, BodyCount, PeopleCount, Sex, StandardCount, StatusGroup, VerdictCount
from .tables import INT, SHARE, YEAR, Column, Table

TOP_STANDARDS = 20
CONCENTRATION_TOPS = (1, 5, 10, 14, 20)
LORENZ_STEP = 5  # a point every 5 % of standards
STANDARD = Standard.Kind.STANDARD

CERTIFICATES = Column("certificates", _("Certificates"), INT)
SHARE_COLUMN = Column("share", _("Share (%)"), SHARE)


# --- Reading the cells ------------------------------------------------------------------

def _sums(model, filters, by: str, *, kind=STANDARD) -> dict:
    return cells.sums(model, filters, by, kind=kind)


def _note(*parts) -> str:
    return " ".join(str(part) for part in parts if part)


ROUNDING = _("Shares are rounded to one decimal by the largest remainder method, so they "
             "add up to exactly 100.0.")
SHARE_HIDDEN = (("certificates", ("share",)),)


def _finish(key, title, columns, rows, filters, *, people=False, note="", total=None,
            hidden=SHARE_HIDDEN):
    """The table, with its cells of fewer people than the minimum count hidden when it
    is a breakdown of people or the filters narrow it. `hidden`: (count column, columns
    hidden with it) in turn."""
    suppressed = False
    if people or filters.narrowed:
        for count, with_it in hidden:
            rows, any_hidden = shares.suppress(rows, count=count, hide=with_it)
            suppressed = suppressed or any_hidden
    threshold = shares.min_count()
    suppression = _("Counts of fewer than %(n)s people are not shown, nor is one more when "
                    "only one would be hidden; totals count everyone.") % {
        "n": threshold} if suppressed else ""
    return Table(key=key, title=title, columns=tuple(columns), rows=tuple(rows),
                 note=_note(note, suppression), suppressed=suppressed, total=total,
                 extra={"threshold": threshold})


def _shared(key, title, columns, rows, filters, *, people=False, note=""):
    """A breakdown with each count's share of the total."""
    total = sum(row["certificates"] for row in rows)
    return _finish(key, title, [*columns, CERTIFICATES, SHARE_COLUMN],
                   shares.with_shares(rows), filters, people=people,
                   note=_note(note, ROUNDING), total=total)


# --- Certificates by one dimension ------------------------------------------------------

def _by_kind_year_status(filters: Filters) -> dict:
    """Sums by (kind, year, status), of every kind: what both `by_year` (standard
    certificates) and `by_kind` (totals by kind) need, read in one scan of the cells."""
    return cells.sums(StandardCount, filters, "kind", "year", "status", kind=None)


def by_year(filters: Filters = NO_FILTERS) -> Table:
    years: dict[int, dict[str, int]] = {}
    for (kind, year, status), n in _by_kind_year_status(filters).items():
        if kind == STANDARD:
            years.setdefault(year, {})[status] = n
    rows = []
    if years:
        first = min(filters.year_from or min(years), min(years))
        last = max(filters.year_to or max(years), max(years))
        for year in range(first, last + 1):
            counts = years.get(year, {})
            revoked = counts.get(StatusGroup.REVOKED, 0)
            rows.append({"year": year, "revoked": revoked,
                         "certificates": counts.get(StatusGroup.VALID, 0) + revoked})
    return _finish(
        "by_year", _("Certificates per year"),
        [Column("year", _("Year"), YEAR), CERTIFICATES,
         Column("revoked", _("Of them revoked"), INT)],
        rows, filters, total=sum(row["certificates"] for row in rows),
        hidden=(("certificates", ("revoked",)), ("revoked", ())),
        note=_("Year of issue. A corrected reissue counts in its own year, instead of the "
               "certificate it replaced."))


def by_kind(filters: Filters = NO_FILTERS) -> Table:
    counts: dict[str, int] = {}
    for (kind, _year, _status), n in _by_kind_year_status(filters).items():
        counts[kind] = counts.get(kind, 0) + n
    rows = [{"kind": str(label), "certificates": counts.get(value, 0)}
            for value, label in Standard.Kind.choices]
    return _shared("by_kind", _("Standard and qualification certificates"),
                   [Column("kind", _("Kind"))], rows, filters,
                   note=_("A qualification certificate is issued to someone who already "
                          "holds the certificates of all its units: it is counted apart, "
                          "and only here."))


def _by_standard_field(filters: Filters, field: str) -> dict:
    """Sums by a field of the standard (sector, level), from the sums by standard that
    the top standards read too (one scan of the cells, the small standards table beside)."""
    of = dict(Standard.objects.filter(pk__in=(counts := _standard_counts(filters)))
              .values_list("pk", field))
    found: dict = {}
    for pk, n in counts.items():
        found[of[pk]] = found.get(of[pk], 0) + n
    return found


def by_sector(filters: Filters = NO_FILTERS) -> Table:
    counts = _by_standard_field(filters, "sector_id")
    rows = sorted(({"sector": s.code, "name": s.name, "certificates": counts[s.pk]}
                   for s in Sector.objects.filter(pk__in=counts)),
                  key=lambda row: (-row["certificates"], row["name"]))
    return _shared("by_sector", _("Certificates by sector"),
                   [Column("sector", _("Code")), Column("name", _("Sector"))], rows, filters)


def by_level(filters: Filters = NO_FILTERS) -> Table:
    counts = _by_standard_field(filters, "level")
    rows = [{"level": level, "certificates": counts.get(level, 0)} for level in range(1, 6)
            if filters.level is None or level == filters.level]
    return _shared("by_level", _("Certificates by level"),
                   [Column("level", _("Level"), INT)], rows, filters)


def by_state(filters: Filters = NO_FILTERS) -> Table:
    counts = _sums(StandardCount, filters, "state")
    rows = [{"state": code, "name": name, "certificates": counts.get(code, 0)}
            for code, name in MexicanState.choices
            if filters.state is None or code == filters.state]
    return _shared("by_state", _("Certificates by state"),
                   [Column("state", _("Code")), Column("name", _("State"))], rows, filters,
                   note=_("The state of the assessment centre, else of the awarding body."))


def by_awarding_body(filters: Filters = NO_FILTERS) -> Table:
    counts = _sums(BodyCount, filters, "awarding_body_id")
    rows = sorted(({"awarding_body": b.name, "acronym": b.acronym,
                    "certificates": counts[b.pk]}
                   for b in AwardingBody.objects.filter(pk__in=counts).only("name", "acronym")),
                  key=lambda row: (-row["certificates"], row["awarding_body"]))
    return _shared("by_awarding_body", _("Certificates by awarding body"),
                   [Column("awarding_body", _("Awarding body")),
                    Column("acronym", _("Acronym"))], rows, filters)


# --- Standards: the top, the concentration, the ones never used ------------------------

def _catalogue(filters: Filters):
    """Standards (not qualifications) of the public catalogue the filters keep."""
    qs = Standard.objects.filter(kind=STANDARD, status__in=Standard.PUBLIC_STATUSES)
    if filters.sector is not None:
        qs = qs.filter(sector__code=filters.sector)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    return qs


def _standard_counts(filters: Filters) -> dict[int, int]:
    return _sums(StandardCount, filters, "standard_id")


def top_standards(filters: Filters = NO_FILTERS, *, limit: int = TOP_STANDARDS) -> Table:
    counts = _standard_counts(filters)
    ids = sorted(counts, key=lambda pk: (-counts[pk], pk))
    share_of = dict(zip(ids, shares.largest_remainder([counts[pk] for pk in ids]),
                        strict=True))
    standards = Standard.objects.only("code", "title").in_bulk(ids[:limit])
    rows = [{"rank": rank, "code": standards[pk].code, "title": standards[pk].title,
             "certificates": counts[pk], "share": share_of[pk]}
            for rank, pk in enumerate(ids[:limit], start=1)]
    return _finish(
        "top_standards", _("The standards with most certificates"),
        [Column("rank", _("Rank"), INT), Column("code", _("Code")),
         Column("title", _("Standard")), CERTIFICATES,
         Column("share", _("Share of all certificates (%)"), SHARE)],
        rows, filters, total=sum(counts.values()),
        note=_note(_("The share is of all standard certificates, of every standard."),
                   ROUNDING))


def concentration(filters: Filters = NO_FILTERS) -> Table:
    counts = sorted(_standard_counts(filters).values(), reverse=True)
    total = sum(counts)
    rows = [{"top": n, "certificates": sum(counts[:n]), "share": shares.percent(
        sum(counts[:n]), total)} for n in CONCENTRATION_TOPS if n <= len(counts)]
    return _finish(
        "concentration", _("How concentrated certificates are"),
        [Column("top", _("Top standards"), INT), CERTIFICATES,
         Column("share", _("Share of all certificates (%)"), SHARE)],
        rows, filters, total=total,
        note=_("The top N standards account for the share shown of all standard "
               "certificates (rounded half up to one decimal)."))


def lorenz(filters: Filters = NO_FILTERS) -> Table:
    """The Lorenz curve of certificates over the standards of the catalogue (those never
    used included): the share of certificates held by the least used x % of standards."""
    counts = _standard_counts(filters)
    ids = set(_catalogue(filters).values_list("pk", flat=True)) | set(counts)
    ordered = sorted(counts.get(pk, 0) for pk in ids)
    total, n = sum(ordered), len(ordered)
    rows = []
    for step in range(0, 101, LORENZ_STEP) if n and total else ():
        k = n * step // 100
        rows.append({"standards_share": shares.percent(k, n),
                     "certificates_share": shares.percent(sum(ordered[:k]), total)})
    return _finish(
        "lorenz", _("Lorenz curve of certificates over standards"),
        [Column("standards_share", _("Least used standards (%)"), SHARE),
         Column("certificates_share", _("Their share of certificates (%)"), SHARE)],
        rows, NO_FILTERS, total=total,
        note=_("Standards ordered from the least to the most used, never used ones "
               "included; a straight diagonal would mean every standard is used as much."))


def standards_usage(filters: Filters = NO_FILTERS) -> Table:
    counts = _standard_counts(filters)
    ids = set(_catalogue(filters).values_list("pk", flat=True)) | set(counts)
    used = sum(1 for pk in ids if counts.get(pk))
    rows = shares.with_shares([
        {"group": str(_("With certificates")), "standards": used},
        {"group": str(_("Never used")), "standards": len(ids) - used},
    ], count="standards")
    return _finish(
        "standards_usage", _("Standards published and standards used"),
        [Column("group", _("Use")), Column("standards", _("Standards"), INT),
         SHARE_COLUMN], rows, NO_FILTERS, total=len(ids),
        note=_note(_("Standards ever published (in force, expired, superseded or "
                     "withdrawn); used: with at least one certificate in the period."),
                   ROUNDING))


def dormant_standards(filters: Filters = NO_FILTERS) -> Table:
    qs = standards_selectors.dormant_standards(today=clock.today()).filter(kind=STANDARD)
    if filters.sector is not None:
        qs = qs.filter(sector__code=filters.sector)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    rows = [{"code": code, "title": title, "sector": sector,
             "last_certified_on": last.isoformat() if last else ""}
            for code, title, sector, last in qs.values_list(
                "code", "title", "sector__name", "last_certified_on")]
    days = standards_selectors.DORMANT_AFTER_DAYS
    return _finish(
        "dormant_standards", _("Dormant standards"),
        [Column("code", _("Code")), Column("title", _("Standard")),
         Column("sector", _("Sector")), Column("last_certified_on", _("Last certificate"))],
        rows, NO_FILTERS, total=len(rows),
        note=_("Published for over %(months)s months and without a certificate in the last "
               "%(months)s months (no date: never used). As of today, whatever the years or "
               "state chosen.") % {"months": days * 12 // 365})


# --- People: verdicts, sex, age ---------------------------------------------------------

def verdicts(filters: Filters = NO_FILTERS) -> Table:
    counts = _sums(VerdictCount, filters, "verdict", kind=None)
    rows = [{"verdict": str(label), "assessments": counts.get(value, 0)}
            for value, label in Assessment.Verdict.choices]
    total = sum(row["assessments"] for row in rows)
    return _finish(
        "verdicts", _("Competent and not yet competent"),
        [Column("verdict", _("Verdict")), Column("assessments", _("Assessments"), INT),
         SHARE_COLUMN], shares.with_shares(rows, count="assessments"), filters,
        people=True, total=total, hidden=(("assessments", ("share",)),),
        note=_note(_("Submitted assessments, by year of submission."), ROUNDING))


def _people(filters: Filters, position: int) -> dict:
    """Sums by sex (0) or age band (1), from one read of the cells by both."""
    found: dict = {}
    for key, n in cells.sums(PeopleCount, filters, "sex", "age_band").items():
        found[key[position]] = found.get(key[position], 0) + n
    return found


def by_sex(filters: Filters = NO_FILTERS) -> Table:
    counts = _people(filters, 0)
    rows = [{"sex": str(label), "certificates": counts.get(value, 0)}
            for value, label in Sex.choices]
    return _shared("by_sex", _("Certificates by sex"), [Column("sex", _("Sex"))], rows,
                   filters, people=True,
                   note=_("From the CURP on the certificate; not recorded for holders "
                          "registered by another identity document."))


def by_age_band(filters: Filters = NO_FILTERS) -> Table:
    counts = _people(filters, 1)
    rows = [{"age_band": str(label), "certificates": counts.get(value, 0)}
            for value, label in AgeBand.choices]
    return _shared("by_age_band", _("Certificates by age"),
                   [Column("age_band", _("Age on the day of issue"))], rows, filters,
                   people=True, note=_("From the birth date in the CURP on the certificate."))


# --- What pages, CSV, API and open data ask for -----------------------------------------

DASHBOARD = {
    "by_year": by_year, "top_standards": top_standards, "concentration": concentration,
    "lorenz": lorenz, "standards_usage": standards_usage, "by_sector": by_sector,
    "by_level": by_level, "by_state": by_state, "by_awarding_body": by_awarding_body,
    "by_kind": by_kind, "verdicts": verdicts, "by_sex": by_sex, "by_age_band": by_age_band,
    "dormant_standards": dormant_standards,
}


def dashboard(filters: Filters = NO_FILTERS) -> dict[str, Table]:
    """Every aggregate of the public dashboard, in display order."""
    with cells.shared_reads():
        return {key: build(filters) for key, build in DASHBOARD.items()}


def table(key: str, filters: Filters = NO_FILTERS) -> Table:
    """One aggregate (KeyError for an unknown key)."""
    return DASHBOARD[key](filters)


def filter_choices() -> dict:
    years = sorted(cells.sums(StandardCount, NO_FILTERS, "year", kind=None))
    return {"years": years,
            "sectors": list(Sector.objects.order_by("name").values_list("code", "name")),
            "levels": [1, 2, 3, 4, 5],
            "states": list(MexicanState.choices)}


def by_standard() -> Table:
    """Every standard and qualification of the public catalogue with its certificates
    (whole history, none left out: the zeros are the point)."""
    counts: dict[int, dict[str, int]] = {}
    for (standard_id, status), n in cells.sums(StandardCount, NO_FILTERS, "standard_id",
                                               "status", kind=None).items():
        counts.setdefault(standard_id, {})[status] = n
    standards = Standard.objects.filter(
        Q(status__in=Standard.PUBLIC_STATUSES) | Q(pk__in=counts)).select_related(
        "sector").order_by("code")
    rows = []
    for s in standards:
        found = counts.get(s.pk, {})
        revoked = found.get(StatusGroup.REVOKED, 0)
        rows.append({"code": s.code, "title": s.title, "kind": s.get_kind_display(),
                     "sector": s.sector.name, "level": s.level,
                     "certificates": found.get(StatusGroup.VALID, 0) + revoked,
                     "revoked": revoked})
    return _finish(
        "by_standard", _("Certificates by standard"),
        [Column("code", _("Code")), Column("title", _("Standard")), Column("kind", _("Kind")),
         Column("sector", _("Sector")), Column("level", _("Level"), INT), CERTIFICATES,
         Column("revoked", _("Of them revoked"), INT)],
        rows, NO_FILTERS, total=sum(row["certificates"] for row in rows),
        note=_("Whole history. Qualifications are listed with their own certificates."))


def open_tables() -> dict[str, Table]:
    """The whole-history aggregates open data publishes (never a person's data)."""
    return {"by_year": by_year(), "by_standard": by_standard(), "by_state": by_state(),
            "by_sector": by_sector(), "by_level": by_level()}
