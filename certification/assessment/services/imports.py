"""A centre registers its candidates from a CSV file: the dry run, then the import.

Each row is a person (CURP, or an identity document with its type, number and issuing
country, and the birth date) and the standard they register for, which must be in the
centre's accreditation in force. The privacy consent is a column of its own: as on the
registration form, nobody is registered without it. Rows go through
`people.register_candidate`, like the form: a person the national registry already knows
is linked to the centre as a new candidacy (the file's name and birth date confirm it,
as the form's confirmation does) and nothing is shown of where else they registered. A
person already a candidate of the centre is passed over, so importing the same file
again registers nobody twice. Someone with the same name and birth date under another
identity is refused here: the form, which can ask, registers them.

`person_columns` and `person_from_row` are shared with the import of historical
certificates (issuance), which reads people the same way.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies import permissions
from bodies import selectors as bodies_selectors
from bodies.models import AssessmentCentre
from conocer.core import imports
from conocer.core.audit import record_event
from conocer.core.csvimport import Column, header_key, parse_date, parse_yes_no
from conocer.core.errors import PermissionDenied
from conocer.core.identity import normalize_curp, validate_curp
from conocer.core.imports import READY, REFUSE, SKIP, Problem, RowRefused
from conocer.core.models import ImportJob
from conocer.core.text import fold, validate_name
from standards.models import Standard

from .. import selectors
from ..models import Candidacy, Person
from . import people
from .people import DOCUMENT_FIELDS

KIND = "assessment.candidates"
TASK = "assessment.run_candidate_import"

DOCUMENT_NAMES = {
    Person.DocumentType.PASSPORT: ("pasaporte", "passport"),
    Person.DocumentType.FOREIGN_ID: ("identificacion extranjera", "foreign id",
                                     "foreign identity card"),
    Person.DocumentType.CONSULAR_ID: ("matricula consular", "consular id",
                                      "consular registration"),
    Person.DocumentType.RESIDENCE_CARD: ("tarjeta de residencia", "residence card"),
    Person.DocumentType.OTHER: ("otro", "otro documento", "other"),
}
DOCUMENT_TYPES = {header_key(name): kind for kind, names in DOCUMENT_NAMES.items()
                  for name in (kind.value, *names)}
NAME_LENGTH = 120


def person_columns():
    return (
        Column("curp", "CURP", required=False),
        Column("id_document_type", gettext_lazy("Document type"),
               ("tipo de documento", "tipo documento", "document type"), required=False),
        Column("id_document_number", gettext_lazy("Document number"),
               ("numero de documento", "documento", "document number"), required=False),
        Column("id_document_country", gettext_lazy("Issuing country"),
               ("pais emisor", "pais del documento", "issuing country", "document country"),
               required=False),
        Column("nationality", gettext_lazy("Nationality"), ("nacionalidad",),
               required=False),
        Column("given_names", gettext_lazy("Given names"),
               ("nombre", "nombres", "nombre(s)", "given names", "first name", "names")),
        Column("first_surname", gettext_lazy("First surname"),
               ("primer apellido", "apellido paterno", "first surname", "surname",
                "last name")),
        Column("second_surname", gettext_lazy("Second surname"),
               ("segundo apellido", "apellido materno", "second surname"), required=False),
        Column("birth_date", gettext_lazy("Birth date"),
               ("fecha de nacimiento", "nacimiento", "birth date", "date of birth"),
               required=False),
    )


def _names(row, problems) -> dict:
    names = {}
    for key, required in (("given_names", True), ("first_surname", True),
                          ("second_surname", False)):
        value = row.get(key, "")
        if required and not value:
            problems.append(Problem(key, _("Missing: the person's given names.")
                                    if key == "given_names" else
                                    _("Missing: the person's first surname.")))
        elif len(value) > NAME_LENGTH:
            problems.append(Problem(key, _("Longer than %(n)s characters.") % {
                "n": NAME_LENGTH}, value))
        else:
            try:
                validate_name(value)
            except ValidationError as error:
                problems.append(Problem(key, " ".join(error.messages), value))
        names[key] = value
    return names


COMPACT_CURP = re.compile(r"[A-Z0-9]{18}")


def _curp_birth_date(curp: str) -> datetime.date:
    """The birth date a valid CURP encodes, as stdnum_curp.get_birth_date reads it (its
    digits, and the century from the 17th character), without compacting the CURP once
    more: 100,000 rows make that a second of the dry run."""
    year = int(curp[4:6]) + (1900 if curp[16].isdigit() else 2000)
    return datetime.date(year, int(curp[6:8]), int(curp[8:10]))


def _identity(row, problems) -> dict:
    curp = row.get("curp", "").upper()
    if not COMPACT_CURP.fullmatch(curp):
        curp = normalize_curp(curp)
    if curp:
        try:
            validate_curp(curp)
        except ValidationError as error:
            problems.append(Problem("curp", " ".join(error.messages), row["curp"]))
            return {"curp": curp}
        return {"curp": curp, **dict.fromkeys(DOCUMENT_FIELDS, "")}
    kind = DOCUMENT_TYPES.get(header_key(row.get("id_document_type", "")))
    number = row.get("id_document_number", "")
    country = row.get("id_document_country", "").upper()
    if not (row.get("id_document_type") or number or country):
        problems.append(Problem("curp", _(
            "Give the person's CURP or, if they have none, an identity document with its "
            "type, number and issuing country.")))
    elif kind is None:
        problems.append(Problem("id_document_type", _(
            "Unknown document type: write passport, foreign identity card, consular "
            "registration, residence card or other."), row.get("id_document_type", "")))
    elif not number or len(number) > 40:
        problems.append(Problem("id_document_number", _(
            "The document number is missing or longer than 40 characters."), number))
    elif not (len(country) == 2 and country.isascii() and country.isalpha()):
        problems.append(Problem("id_document_country", _(
            "The issuing country is its two-letter ISO code, e.g. US or GT."), country))
    return {"curp": "", "id_document_type": kind or "", "id_document_number": number,
            "id_document_country": country}


def person_from_row(row: dict) -> tuple[dict, list[Problem]]:
    """The person's fields (as register_person and register_candidate take them) from a
    row, and what is wrong with them: the CURP with its check digit (python-stdnum), or
    the document; names; the birth date (from the CURP when the file has none)."""
    problems: list[Problem] = []
    data = {**_identity(row, problems), **_names(row, problems)}
    born = None
    if row.get("birth_date"):
        try:
            born = parse_date(row["birth_date"])
        except ValueError:
            problems.append(Problem("birth_date", _(
                "Not a date: write it as 31/12/1990 or 1990-12-31."), row["birth_date"]))
    if data["curp"] and not problems:
        from_curp = _curp_birth_date(data["curp"])
        if born is not None and born != from_curp:
            problems.append(Problem("birth_date", _(
                "The CURP says the person was born on %(date)s.") % {"date": from_curp},
                row["birth_date"]))
        born = from_curp
    elif not data["curp"] and born is None and "birth_date" not in {p.column for p in
                                                                     problems}:
        problems.append(Problem("birth_date", _(
            "Missing: the birth date (needed when the person has no CURP).")))
    nationality = row.get("nationality", "").upper()
    if nationality and not (len(nationality) == 2 and nationality.isalpha()):
        problems.append(Problem("nationality", _(
            "The nationality is a two-letter ISO code, e.g. MX."), nationality))
    data["nationality"] = nationality or ("MX" if data["curp"] else
                                          data.get("id_document_country") or "MX")
    data["birth_date"] = born
    return data, problems


def identity_key(data: dict) -> tuple:
    return ("curp", data["curp"]) if data["curp"] else (
        "document", *(data[name] for name in DOCUMENT_FIELDS))


def known_people(identities) -> dict[tuple, Person]:
    """{identity key: person} of the national people with these identities (one query)."""
    curps = [key[1] for key in identities if key[0] == "curp"]
    wanted = Q(curp__in=curps) if curps else Q(pk__in=[])
    for key in identities:
        if key[0] == "document":
            wanted |= Q(**dict(zip(DOCUMENT_FIELDS, key[1:], strict=True)))
    return {identity_key({"curp": p.curp, **{n: getattr(p, n) for n in DOCUMENT_FIELDS}}): p
            for p in Person.objects.filter(wanted)} if identities else {}


class CandidateImporter(imports.Importer):
    kind, task_name = KIND, TASK

    @property
    def columns(self):
        return (*person_columns(),
                Column("standard", gettext_lazy("Standard"),
                       ("estandar", "estandar de competencia", "clave del estandar",
                        "codigo del estandar", "standard code", "ec")),
                Column("privacy_consent", gettext_lazy("Privacy notice accepted"),
                       ("aviso de privacidad", "acepta aviso de privacidad",
                        "consentimiento", "privacy consent", "privacy notice")),
                Column("email", gettext_lazy("Email"), ("correo", "correo electronico",
                                                         "e-mail"), required=False),
                Column("phone", gettext_lazy("Phone"), ("telefono",), required=False),
                Column("public_registry_opt_in", gettext_lazy("Appears in RENAP"),
                       ("renap", "aparece en renap", "registro publico"), required=False))

    def context(self, job):
        centre = AssessmentCentre.objects.get(pk=job.owner_id)
        scope = bodies_selectors.in_force().filter(centre=centre).values_list(
            "standard_id", flat=True)
        standards = {s.code.upper(): s for s in Standard.objects.all()}
        return {"centre": centre, "standards": standards, "scope": set(scope), "seen": {}}

    def _parse(self, line, row, context):
        data, problems = person_from_row(row)
        code = row.get("standard", "").upper().replace(" ", "")
        standard = context["standards"].get(code)
        if not code:
            problems.append(Problem("standard", _("Missing: the standard's code.")))
        elif standard is None:
            problems.append(Problem("standard", _("%(code)s is not a standard of the "
                                                  "catalogue.") % {"code": code}, code))
        elif standard.pk not in context["scope"]:
            problems.append(Problem("standard", _(
                "Your centre is not accredited for %(code)s today.") % {"code": code}, code))
        consent = parse_yes_no(row.get("privacy_consent", ""))
        if not consent:
            problems.append(Problem("privacy_consent", _(
                "The person must accept the privacy notice before being registered "
                "(write “sí” once they have)."), row.get("privacy_consent", "")))
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.append(Problem("email", _("Not an e-mail address."), row["email"]))
        if len(row.get("phone", "")) > 30:
            problems.append(Problem("phone", _("Longer than %(n)s characters.") % {"n": 30},
                                    row["phone"]))
        data.update(email=row.get("email", ""), phone=row.get("phone", ""),
                    public_registry_opt_in=bool(parse_yes_no(
                        row.get("public_registry_opt_in", ""))))
        return data, standard, problems

    def check(self, rows, context):
        parsed = [(line, *self._parse(line, row, context)) for line, row in rows]
        identities = [identity_key(d) for _l, d, _s, problems in parsed if not problems]
        known = known_people(identities)
        candidates = set(Candidacy.objects.filter(
            centre=context["centre"], person__in=known.values()).values_list(
            "person_id", flat=True))
        dates = {d["birth_date"] for _l, d, _s, p in parsed if not p}
        namesakes = {(p.birth_date, fold(p.full_name)) for p in Person.objects.filter(
            birth_date__in=dates).only("given_names", "first_surname", "second_surname",
                                       "birth_date")}
        results = []
        for line, data, _standard, problems in parsed:
            if problems:
                results.append((REFUSE, problems))
                continue
            key = identity_key(data)
            first = context["seen"].setdefault(key, line)
            person = known.get(key)
            if first != line:
                results.append((REFUSE, [Problem("", _(
                    "This person is also on line %(line)s.") % {"line": first})]))
            elif person is not None and person.pk in candidates:
                results.append((SKIP, []))
            elif person is None and (data["birth_date"], fold(" ".join(filter(None, (
                    data["given_names"], data["first_surname"],
                    data["second_surname"]))))) in namesakes:
                results.append((REFUSE, [Problem("", _(
                    "Someone with this name and birth date is already in the national "
                    "registry under another identity document. Register this person with "
                    "the form, which asks whether it is someone else."))]))
            else:
                results.append((READY, []))
        return results

    def apply(self, *, job, line, row, context, actor):
        data, standard, problems = self._parse(line, row, context)
        if problems:
            raise RowRefused(problems)
        person = known_people([identity_key(data)]).get(identity_key(data))
        if person is not None and Candidacy.objects.filter(
                centre=context["centre"], person=person).exists():
            return imports.PASSED
        candidacy = people.register_candidate(
            actor=actor, centre=context["centre"], privacy_consent=True, confirm_known=True,
            **data)
        record_event(actor=actor, action="candidacy.imported", target=candidacy,
                     standard=standard.code, job=job.pk, line=line)
        return imports.IMPORTED


CANDIDATES = CandidateImporter()


def import_centre(actor):
    """The centre where this user imports candidates; refused for anyone else."""
    centre = selectors.registration_place(actor)
    if not centre:
        raise PermissionDenied(_("Only the staff of an assessment centre import its "
                                 "candidates."))
    return centre


def visible_job(actor, job_id: int):
    """The job, if it is one of a centre where this user registers candidates."""
    job = ImportJob.objects.get(pk=job_id, kind=KIND)
    centre = AssessmentCentre.objects.filter(pk=job.owner_id).first()
    if centre is None or not imports.belongs_to(job, centre) or not permissions.can(
            actor, "candidate.register", centre):
        raise ImportJob.DoesNotExist
    return job


def check_candidate_file(*, actor, uploaded):
    """The dry run of a centre's file of candidates."""
    centre = import_centre(actor)
    return imports.check_file(actor=actor, importer=CANDIDATES, uploaded=uploaded,
                              owner=centre)


def start_candidate_import(*, actor, job_id: int):
    visible_job(actor, job_id)
    return imports.start(actor=actor, job_id=job_id, importer=CANDIDATES)


def run_candidate_import(*, job_id: int, **limits) -> bool:
    return imports.run(job_id=job_id, importer=CANDIDATES, **limits)
