"""Historical certificates from the previous registry's CSV export (CONOCER only).

Each row is a certificate: its `D-` folio, the holder (CURP, or an identity document and
birth date), the standard (EC code with its version, or the legacy NTCL code), the
awarding body (id, name or acronym), the centre (optional: code or name), the issue date
and the status (valid, revoked or cancelled, with the reason). The dry run lists every
row's problems; the import sends each row through `certificates.import_certificate`
(the folio is kept, the claims are frozen and signed, "certificate.imported" is
recorded) and then, for a revoked or cancelled one, `withdraw_certificate`. A holder the
registry knows by CURP or document is reused (`people.register_person`), never
duplicated. A folio already in the registry with the same facts is passed over, so a
file can be imported again; with other facts it is refused, saying which differ.

The dry run reads the catalogue, the bodies and the centres once, and looks up folios
and people a chunk at a time: 100,000 rows are a few hundred queries, not 100,000.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.services import people
from certification.assessment.services.imports import (
    DOCUMENT_FIELDS,
    identity_key,
    known_people,
    person_columns,
    person_from_row,
)
from conocer.core import clock, imports
from conocer.core.csvimport import Column, header_key, parse_date
from conocer.core.errors import PermissionDenied
from conocer.core.imports import READY, REFUSE, SKIP, Problem, RowRefused
from conocer.core.models import ImportJob
from conocer.core.roles import is_conocer_admin
from conocer.core.text import fold
from standards.models import Standard

from ..folio import LEGACY_PATTERN
from ..models import Certificate
from . import certificates
from .pdfs import RENDER_PDF

KIND = "issuance.certificates"
TASK = "issuance.run_certificate_import"
S = Certificate.Status
STATUSES = {header_key(name): status for status, names in {
    S.VALID: ("valid", "valido", "vigente", "activo"),
    S.REVOKED: ("revoked", "revocado", "revocada"),
    S.CANCELLED: ("cancelled", "canceled", "cancelado", "cancelada"),
}.items() for name in names}
NO_BODY = gettext_lazy("No awarding body is called %(value)s.")
SEVERAL_BODIES = gettext_lazy("Several awarding bodies are called %(value)s: give its number.")
NO_CENTRE = gettext_lazy("No assessment centre of this awarding body is called %(value)s.")
SEVERAL_CENTRES = gettext_lazy("Several centres are called %(value)s.")
SEVERAL_LEGACY = gettext_lazy("Several standards have the legacy code %(value)s.")
UNPUBLISHED = (Standard.Status.DRAFT, Standard.Status.SUBMITTED,
               Standard.Status.LEAD_BODY_APPROVED, Standard.Status.APPROVED)


def _columns():
    return (
        Column("folio", gettext_lazy("Folio"), ("folio del certificado", "numero de folio",
                                                "certificate folio")),
        *person_columns(),
        Column("standard", gettext_lazy("Standard"),
               ("estandar", "estandar de competencia", "clave del estandar",
                "codigo del estandar", "norma", "ntcl", "standard code", "ec")),
        Column("awarding_body", gettext_lazy("Awarding body"),
               ("entidad de certificacion", "entidad", "ece", "oc", "ece/oc",
                "organismo certificador", "awarding body")),
        Column("centre", gettext_lazy("Assessment centre"),
               ("centro de evaluacion", "centro", "centre", "center"), required=False),
        Column("issued_on", gettext_lazy("Issue date"),
               ("fecha de emision", "fecha de expedicion", "fecha de certificacion",
                "issue date", "issued on", "date issued")),
        Column("status", gettext_lazy("Status"), ("estatus", "estado", "situacion"),
               required=False),
        Column("status_reason", gettext_lazy("Reason"),
               ("motivo", "razon", "motivo del estatus", "status reason"), required=False),
    )


def _one(found: list, problems, column, value, unknown, ambiguous):
    if len(found) == 1:
        return found[0]
    problems.append(Problem(column, (ambiguous if found else unknown) % {"value": value},
                            value))
    return None


class CertificateImporter(imports.Importer):
    kind, task_name = KIND, TASK
    dropped_tasks = frozenset({RENDER_PDF})  # rendered on first download, or by the sweep

    @property
    def columns(self):
        return _columns()

    def context(self, job):
        standards, legacy, versions = {}, {}, {}
        for s in Standard.objects.select_related("sector"):
            standards[s.code.upper()] = s
            versions.setdefault(s.code.upper().split(".")[0], []).append(s.code)
            if s.legacy_code:
                legacy.setdefault(s.legacy_code.upper().replace(" ", ""), []).append(s)
        bodies = {}
        for body in AwardingBody.objects.all():
            for key in {str(body.pk), fold(body.name), fold(body.acronym)} - {""}:
                bodies.setdefault(key, []).append(body)
        centres = {}
        for centre in AssessmentCentre.objects.all():
            centres.setdefault(centre.code.upper(), []).append(centre)
            centres.setdefault((centre.awarding_body_id, fold(centre.name)), []).append(centre)
        return {"standards": standards, "legacy": legacy, "versions": versions,
                "bodies": bodies, "centres": centres, "seen": {}, "today": clock.today(),
                "job": job}

    def _standard(self, code, context, problems):
        code = code.upper().replace(" ", "")
        if not code:
            problems.append(Problem("standard", _("Missing: the standard's code.")))
            return None
        standard = context["standards"].get(code)
        if standard is None and code in context["legacy"]:
            standard = _one(context["legacy"][code], problems, "standard", code, "",
                            SEVERAL_LEGACY)
        elif standard is None:
            near = context["versions"].get(code.split(".")[0], [])
            message = _("%(code)s is not a standard of the catalogue.") % {"code": code}
            if near:
                message += " " + _("Did you mean %(codes)s?") % {"codes": ", ".join(near)}
            problems.append(Problem("standard", message, code))
        if standard is not None and standard.status in UNPUBLISHED:
            problems.append(Problem("standard", _(
                "%(code)s was never published: no certificate can be in it.") % {
                "code": standard.code}, code))
        return standard

    def _parse(self, row, context):
        data, problems = person_from_row(row)
        folio = row.get("folio", "").upper().replace(" ", "")
        legacy = LEGACY_PATTERN.match(folio)
        if legacy:
            folio = f"D-{legacy.group(1)}"
        else:
            problems.append(Problem("folio", _(
                "A folio of the previous registry is D- followed by 10 digits, e.g. "
                "D-0009441521.") if folio else _("Missing: the folio."), row.get("folio")))
        standard = self._standard(row.get("standard", ""), context, problems)
        value, body = row.get("awarding_body", ""), None
        if value:
            body = _one(context["bodies"].get(fold(value), []), problems, "awarding_body",
                        value, NO_BODY, SEVERAL_BODIES)
        else:
            problems.append(Problem("awarding_body", _("Missing: the awarding body.")))
        centre, value = None, row.get("centre", "")
        if value and body is not None:
            found = context["centres"].get(value.upper()) or context["centres"].get(
                (body.pk, fold(value)), [])
            centre = _one(found, problems, "centre", value, NO_CENTRE, SEVERAL_CENTRES)
            if centre is not None and centre.awarding_body_id != body.pk:
                problems.append(Problem("centre", _(
                    "This centre belongs to another awarding body."), value))
        issued_on = None
        try:
            issued_on = parse_date(row.get("issued_on", ""))
        except ValueError:
            problems.append(Problem("issued_on", _(
                "Not a date: write it as 31/12/2009 or 2009-12-31."), row.get("issued_on")))
        if issued_on and issued_on > context["today"]:
            problems.append(Problem("issued_on", _("The issue date is in the future."),
                                    row["issued_on"]))
        status = STATUSES.get(header_key(row.get("status", "") or "valid"))
        if status is None:
            problems.append(Problem("status", _(
                "Unknown status: write valid, revoked or cancelled."), row.get("status")))
        elif status != S.VALID and not row.get("status_reason"):
            problems.append(Problem("status_reason", _(
                "A revoked or cancelled certificate needs the reason.")))
        return {"folio": folio, "person": data, "standard": standard, "awarding_body": body,
                "centre": centre, "issued_on": issued_on, "status": status,
                "reason": row.get("status_reason", "")}, problems

    def _against(self, certificate, facts) -> tuple[str, list[Problem]]:
        """What to do with a row whose folio is in the registry already."""
        holder = {"curp": certificate.holder.curp,
                  **{n: getattr(certificate.holder, n) for n in DOCUMENT_FIELDS}}
        differ = [label for label, same in (
            (_("holder"), identity_key(holder) == identity_key(facts["person"])),
            (_("standard"), certificate.standard_id == facts["standard"].pk),
            (_("awarding body"), certificate.awarding_body_id == facts["awarding_body"].pk),
            (_("centre"), certificate.centre_id == getattr(facts["centre"], "pk", None)),
            (_("issue date"), certificate.issued_on == facts["issued_on"])) if not same]
        if differ:
            return REFUSE, [Problem("folio", _(
                "Folio %(folio)s is already in the registry with other facts: %(facts)s.") % {
                "folio": facts["folio"], "facts": ", ".join(differ)}, facts["folio"])]
        if certificate.status == facts["status"]:
            return SKIP, []
        if certificate.status == S.VALID:
            return READY, []  # revoked or cancelled since it was imported: withdraw it
        return REFUSE, [Problem("status", _(
            "Folio %(folio)s is %(status)s in the registry.") % {
            "folio": facts["folio"], "status": certificate.get_status_display().lower()})]

    @staticmethod
    def _name_problem(person, data) -> list[Problem]:
        typed = " ".join(filter(None, (data["given_names"], data["first_surname"],
                                       data["second_surname"])))
        if fold(typed) == fold(person.full_name):
            return []
        return [Problem("given_names", _(
            "The registry knows this person as %(name)s: correct the file, or the "
            "person's name first.") % {"name": person.full_name}, typed)]

    def check(self, rows, context):
        parsed = [(line, *self._parse(row, context)) for line, row in rows]
        valid = [(line, facts) for line, facts, problems in parsed if not problems]
        existing = {c.folio: c for c in Certificate.objects.filter(
            folio__in=[f["folio"] for _l, f in valid]).select_related("holder")}
        known = known_people([identity_key(f["person"]) for _l, f in valid])
        results = []
        for line, facts, problems in parsed:
            if problems:
                results.append((REFUSE, problems))
                continue
            first = context["seen"].setdefault(facts["folio"], line)
            person = known.get(identity_key(facts["person"]))
            if first != line:
                results.append((REFUSE, [Problem("folio", _(
                    "Folio %(folio)s is also on line %(line)s.") % {
                    "folio": facts["folio"], "line": first}, facts["folio"])]))
            elif facts["folio"] in existing:
                results.append(self._against(existing[facts["folio"]], facts))
            elif person is not None and self._name_problem(person, facts["person"]):
                results.append((REFUSE, self._name_problem(person, facts["person"])))
            else:
                results.append((READY, []))
        return results

    def apply(self, *, job, line, row, context, actor):
        facts, problems = self._parse(row, context)
        if problems:
            raise RowRefused(problems)
        certificate = Certificate.objects.filter(folio=facts["folio"]).select_related(
            "holder").first()
        if certificate is None:
            person = known_people([identity_key(facts["person"])]).get(
                identity_key(facts["person"]))
            if person is not None and self._name_problem(person, facts["person"]):
                raise RowRefused(self._name_problem(person, facts["person"]))
            holder = people.register_person(actor=actor, **facts["person"])
            certificate = certificates.import_certificate(
                actor=actor, folio=facts["folio"], holder=holder,
                standard=facts["standard"], awarding_body=facts["awarding_body"],
                centre=facts["centre"], issued_on=facts["issued_on"],
                source=_("file %(name)s, line %(line)s") % {"name": job.original_name,
                                                             "line": line})
        else:
            verdict, problems = self._against(certificate, facts)
            if verdict == REFUSE:
                raise RowRefused(problems)
            if verdict == SKIP:
                return imports.PASSED
        if facts["status"] != S.VALID:
            certificates.withdraw_certificate(actor=actor, certificate_id=certificate.pk,
                                              status=facts["status"], reason=facts["reason"])
        return imports.IMPORTED


CERTIFICATES = CertificateImporter()


def _ensure_admin(actor):
    if not is_conocer_admin(actor):
        raise PermissionDenied(_("Only CONOCER administrators import certificates."))


def visible_job(actor, job_id: int) -> ImportJob:
    _ensure_admin(actor)
    return ImportJob.objects.get(pk=job_id, kind=KIND)


def check_certificate_file(*, actor, uploaded) -> ImportJob:
    """The dry run of a file of historical certificates."""
    _ensure_admin(actor)
    return imports.check_file(actor=actor, importer=CERTIFICATES, uploaded=uploaded)


def start_certificate_import(*, actor, job_id: int) -> ImportJob:
    _ensure_admin(actor)
    return imports.start(actor=actor, job_id=job_id, importer=CERTIFICATES)


def run_certificate_import(*, job_id: int, **limits) -> bool:
    return imports.run(job_id=job_id, importer=CERTIFICATES, **limits)


def sample_rows() -> list[list[str]]:
    """A header and one row, for the page's template file."""
    header = [str(column.label) for column in _columns()]
    example = {"folio": "D-0009441521", "curp": "HEGG560427MVZRRL04",
               "given_names": "Gabriela", "first_surname": "Hernández",
               "second_surname": "García", "standard": "EC0217.01",
               "awarding_body": "CONALEP", "issued_on": datetime.date(2009, 3, 31).isoformat(),
               "status": "valid"}
    return [header, [example.get(column.key, "") for column in _columns()]]
