"""`load_demo --scale N`: top the demo registry up to N certificates with a realistic
shape, for benchmarks and for trying the statistics at national scale.

After the normal demo (issued through the services), it adds standards to the catalogue
(650, or the RENEC's 1,477 from 100,000 certificates; about 20 % of them ever used),
awarding bodies (26) and centres in every state, then certificates written in bulk (COPY
on PostgreSQL, bulk_create in batches on SQLite): the demo's most used standards keep
their historical shares (37.0 %, 12.6 %, 7.6 %, 5.7 %, 4.8 %, 1.6 %, 1.4 %, …), a Zipf
tail shares the rest, states are drawn by population (INEGI 2020), years grow by 10 % a
year since 2008, holders are men and women aged 18 to 65 with valid CURPs, one in ten
holds a second certificate, 2 % are revoked and 0.5 % cancelled. Then it recomputes what
issuance keeps as it goes: the statistics tables, the standards' usage counts and the
signed status list. Run again with a larger N, it adds only the difference.

The bulk certificates' claims are their own (folio, holder, standard, body, centre,
date), but their signed QR token and credential are copies of one demo certificate's
with the folio and name put in: the same size and shape as real ones, and their
signatures do NOT verify (signing a million credentials takes hours). So it refuses to
run unless DEBUG is on or it is forced (`load_demo --force`), which is only ever for a
disposable database.
"""

import datetime
import itertools
import math
import random
import secrets
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from stdnum.mx import curp as stdnum_curp

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.models import Person
from certification.issuance.models import Certificate, StatusList
from certification.issuance.services import statuslist
from certification.issuance.services.usage import refresh_standard_usage
from conocer.core import clock
from conocer.core.text import fold
from standards.models import LeadBody, Sector, Standard

from . import scale_data as data
from .bulk import folio as _folio
from .bulk import write, zipf_tail
from .catalogue import Catalogue
from .people import (
    CURP_STATE,
    GIVEN_NAMES_F,
    GIVEN_NAMES_M,
    SURNAMES,
    _first_internal,
    _plain,
    build_curp,
)

CHUNK = {"postgresql": 20_000, "sqlite": 2_000}
REFUSAL = ("Refusing to generate certificates with DEBUG=False: their signatures are "
           "copies that do not verify. Use --force only on a disposable database.")


class ScaleRefused(Exception):
    pass


class Generator:
    def __init__(self, n: int, *, log=None):
        self.n, self.log = n, log or (lambda text: None)
        self.today = clock.today()

    # --- The catalogue, the bodies and the centres --------------------------------------

    def catalogue(self, rng) -> tuple[list[int], list[float]]:
        """Standards to draw from and their weights: the demo's used ones with their
        historical shares, then generated ones on a Zipf tail; the rest of the catalogue
        stays unused."""
        size = data.CATALOGUE_LARGE if self.n >= data.LARGE_FROM else data.CATALOGUE_SMALL
        public = Standard.objects.filter(kind=Standard.Kind.STANDARD,
                                         status__in=Standard.PUBLIC_STATUSES)
        self.add_standards(rng, size - public.count())
        weights = {s["code"]: s["usage_weight"] for s in Catalogue(None).data["standards"]
                   if s.get("usage_weight")}
        head = dict(public.filter(code__in=weights).values_list("code", "pk"))
        ids = [head[code] for code in sorted(head, key=lambda c: -weights[c])]
        shares = [weights[code] for code in sorted(head, key=lambda c: -weights[c])]
        used = max(len(ids), round(size * data.USED_FRACTION))
        tail = list(public.exclude(pk__in=ids).order_by("-code").values_list(
            "pk", flat=True)[:used - len(ids)])
        ids += tail
        shares += zipf_tail(len(tail), first=min(shares) * 0.9, total=100 - sum(shares))
        return ids, shares

    def add_standards(self, rng, missing: int) -> None:
        if missing <= 0:
            return
        sectors = list(Sector.objects.all())
        lead_bodies = {}
        for body in LeadBody.objects.all():
            lead_bodies.setdefault(body.sector_id, []).append(body)
        fallback = LeadBody.objects.first()
        taken = set(Standard.objects.values_list("code", flat=True))
        rows, number = [], 2000
        while len(rows) < missing:
            number += 1
            code = f"EC{number:04d}"
            if code in taken:
                continue
            sector = rng.choice(sectors)
            title = (f"{data.ACTIVITIES[number % len(data.ACTIVITIES)]} "
                     f"{data.OBJECTS[number // len(data.ACTIVITIES) % len(data.OBJECTS)]}")
            published = datetime.date(1998, 1, 1) + datetime.timedelta(
                days=rng.randrange(365 * 27))
            rows.append(Standard(
                code=code, title=title, level=rng.choices(range(1, 6), [15, 45, 25, 10, 5])[0],
                sector=sector, lead_body=rng.choice(lead_bodies.get(sector.pk, [fallback])),
                status=Standard.Status.PUBLISHED, dof_published_on=published,
                valid_from=published, search_text=fold(f"{code} {title}")))
        Standard.objects.bulk_create(rows, batch_size=500)
        self.log(f"  {len(rows)} standards added to the catalogue")

    def centres(self, rng) -> tuple[dict, list]:
        """{state: [(centre id, name, body), …]} with centres in every state (more where more people
        live), and the awarding bodies [(body, state), …]."""
        bodies = list(AwardingBody.objects.order_by("pk"))
        names = {body.name for body in bodies}
        states = list(data.POPULATION)
        weights = list(data.POPULATION.values())
        new = []
        for i in range(len(bodies), data.AWARDING_BODIES):
            state = rng.choices(states, weights)[0]
            name = f"{data.BODY_NAMES[i % len(data.BODY_NAMES)]} de {data.CAPITALS[state]}"
            if name not in names:
                names.add(name)
                kind = AwardingBody.Kind.OC if i % 5 == 0 else AwardingBody.Kind.ECE
                new.append(AwardingBody(name=name, kind=kind, state=state,
                                        city=data.CAPITALS[state]))
        AwardingBody.objects.bulk_create(new)
        bodies = list(AwardingBody.objects.order_by("pk"))
        codes = set(AssessmentCentre.objects.values_list("code", flat=True))
        new = []
        for state, people in data.POPULATION.items():
            wanted = max(1, round(people / 1_000_000))
            for j in range(1, wanted + 1):
                code = f"CE-ESC-{state}-{j:02d}"
                if code not in codes:
                    new.append(AssessmentCentre(
                        awarding_body=rng.choice(bodies), code=code, state=state,
                        name=f"Centro de Evaluación {data.CAPITALS[state]} {j}",
                        municipality=data.CAPITALS[state]))
        AssessmentCentre.objects.bulk_create(new)
        by_state = {}
        for centre in AssessmentCentre.objects.select_related("awarding_body"):
            by_state.setdefault(centre.state, []).append(
                (centre.pk, centre.name, centre.awarding_body))
        return by_state, bodies

    # --- The certificates -------------------------------------------------------------

    def template(self) -> Certificate:
        template = Certificate.objects.filter(status=Certificate.Status.VALID,
                                              request__isnull=False).order_by("pk").first()
        if template is None:
            raise ScaleRefused("The demo registry has no issued certificate to copy from.")
        return template

    def years(self) -> tuple[list[int], list[float]]:
        years = list(range(data.FIRST_YEAR, self.today.year + 1))
        return years, [data.GROWTH ** (year - data.FIRST_YEAR) for year in years]

    def issue_date(self, rng, years, cumulative) -> datetime.date:
        year = rng.choices(years, cum_weights=cumulative)[0]
        last = self.today if year == self.today.year else datetime.date(year, 12, 31)
        first = datetime.date(year, 1, 1)
        return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))

    def person(self, rng, person_id, state, issued, curps) -> dict:
        sex = "H" if rng.random() < 0.49 else "M"
        given = rng.choice(GIVEN_NAMES_M if sex == "H" else GIVEN_NAMES_F)
        first, second = rng.choice(SURNAMES), rng.choice(SURNAMES)
        age = int(rng.triangular(*data.AGES[:2], data.AGES[2]))
        born = issued - datetime.timedelta(days=int((age + 0.01 + rng.random() * 0.98)
                                                    * 365.2425))
        for homonym in range(10):
            curp = self.curp(given, first, second, born, sex, state, homonym)
            if curp not in curps:
                break
        else:  # ten namesakes born the same day in the same state: another name
            return self.person(rng, person_id, state, issued, curps)
        curps.add(curp)
        return {"id": person_id, "curp": curp, "id_document_type": "",
                "id_document_number": "", "id_document_country": "", "nationality": "MX",
                "given_names": given, "first_surname": first, "second_surname": second,
                "birth_date": born, "email": "", "phone": "",
                "public_registry_opt_in": rng.random() < 0.5, "created_at": clock.now()}

    def curp(self, given, first, second, born, sex, state, homonym) -> str:
        """build_curp's CURP (people.py), its name part worked out once per name: a
        million of them take seconds instead of minutes (a test checks they agree)."""
        key = (given, first, second)
        parts = self._curp_names.get(key)
        if parts is None:
            sample = build_curp(given_names=given, first_surname=first, second_surname=second,
                                birth_date=datetime.date(1990, 1, 1), sex="H", state="JAL")
            plain = [_plain(word) for word in (first, second or "X")]
            names = given.split()
            name = _plain(names[1] if len(names) > 1 and names[0] in ("María", "José")
                          else names[0])
            parts = self._curp_names[key] = (sample[:4], _first_internal(
                plain[0], vowels=False) + _first_internal(plain[1], vowels=False)
                + _first_internal(name, vowels=False))
        head, consonants = parts
        mark = str(homonym % 10) if born.year < 2000 else "ABCDEFGHIJ"[homonym % 10]
        body = f"{head}{born:%y%m%d}{sex}{CURP_STATE[state]}{consonants}{mark}"
        return body + stdnum_curp.calc_check_digit(body + "0")

    def run(self) -> dict:
        started = time.perf_counter()
        self._curp_names = {}
        existing = Certificate.objects.count()
        missing = max(0, self.n - existing)
        if not missing:
            return {"requested": self.n, "existing": existing, "added": 0, "total": existing,
                    "load_seconds": 0.0, "status_list_seconds": 0.0, "seconds": 0.0}
        rng = random.Random(existing)
        with transaction.atomic():
            standard_ids, shares = self.catalogue(rng)
            by_state, _bodies = self.centres(rng)
        standards = {s.pk: s for s in Standard.objects.filter(pk__in=standard_ids)
                     .select_related("sector")}
        template = self.template()
        folios = set(Certificate.objects.values_list("folio", flat=True))
        curps = set(Person.objects.exclude(curp="").values_list("curp", flat=True))
        person_id = Person.objects.aggregate(m=Max("pk"))["m"] or 0
        positions = self.positions(missing)
        years, year_weights = self.years()
        states, populations = list(data.POPULATION), list(data.POPULATION.values())
        chunk = CHUNK.get(connection.vendor, 2_000)
        standard_weights = list(itertools.accumulate(shares))
        state_weights = list(itertools.accumulate(populations))
        year_weights = list(itertools.accumulate(year_weights))
        done, holder = 0, None
        while done < missing:
            people, certificates = [], []
            for i in range(min(chunk, missing - done)):
                standard_id = rng.choices(standard_ids, cum_weights=standard_weights)[0]
                state = rng.choices(states, cum_weights=state_weights)[0]
                centre = rng.choice(by_state[state])
                if rng.random() < data.NO_CENTRE:
                    centre = (None, "", centre[2])
                issued = self.issue_date(rng, years, year_weights)
                if holder is None or rng.random() > data.SECOND_CERTIFICATE or (
                        holder[1] == standard_id):
                    person_id += 1
                    person = self.person(rng, person_id, state, issued, curps)
                    people.append(person)
                    holder = (person, standard_id)
                person = holder[0]
                folio = _folio(rng)
                while folio in folios:
                    folio = _folio(rng)
                folios.add(folio)
                certificates.append(self.certificate(
                    rng, template, folio=folio, person=person, standard=standards[standard_id],
                    centre=centre, issued=issued, index=positions[done + i]))
            write(Person, people)
            write(Certificate, certificates)
            done += len(certificates)
            self.log(f"  {done:,} of {missing:,} certificates written")
        seconds = time.perf_counter() - started
        return {"requested": self.n, "existing": existing, "added": missing,
                "total": existing + missing, "load_seconds": round(seconds, 1),
                **self.rebuild(), "seconds": round(time.perf_counter() - started, 1)}

    def certificate(self, rng, template, *, folio, person, standard, centre, issued, index):
        centre_id, centre_name, body = centre
        name = " ".join(filter(None, [person["given_names"], person["first_surname"],
                                      person["second_surname"]]))
        claims = {**template.claims, "folio": folio, "holder_name": name,
                  "holder_id_type": "curp", "holder_id_number": person["curp"],
                  "holder_id_country": "", "standard_code": standard.code,
                  "standard_title": standard.title, "standard_level": standard.level,
                  "standard_purpose": standard.purpose, "sector_name": standard.sector.name,
                  "scian_code": standard.sector.scian_code, "awarding_body_id": body.pk,
                  "awarding_body_name": body.name, "centre_id": centre_id,
                  "centre_name": centre_name, "issued_on": issued.isoformat(),
                  "kind": Standard.Kind.STANDARD, "valid_until": None, "replaces": "",
                  "accreditation_folio": "", "accredited_from": None, "accredited_until": None,
                  "units": [], "recognition": None}
        stamp = datetime.datetime.combine(issued, datetime.time(10), tzinfo=datetime.UTC)
        status, reason, changed = Certificate.Status.VALID, "", None
        draw = rng.random()
        if draw < data.REVOKED + data.CANCELLED:
            status, reason = ((Certificate.Status.REVOKED, "Evidencia de la evaluación no "
                               "acreditada en la auditoría.") if draw < data.REVOKED else
                              (Certificate.Status.CANCELLED, "Emitido por error: la solicitud "
                               "estaba duplicada."))
            changed = stamp + datetime.timedelta(days=rng.randrange(1, 300))
        return {
            "folio": folio, "request_id": None, "holder_id": person["id"],
            "standard_id": standard.pk, "awarding_body_id": body.pk, "centre_id": centre_id,
            "issued_on": issued, "status": status, "status_reason": reason,
            "status_changed_at": changed, "replaces_id": None, "pdf": "",
            "pdf_sha256": secrets.token_hex(32), "pdf_generated_at": stamp,
            "pdf_queued_at": None, "claims": claims, "signing_key_id": template.signing_key_id,
            "qr_token": template.qr_token,
            "credential": template.credential.replace(template.folio, folio).replace(
                template.claims["holder_name"], name),
            "identity_salt": secrets.token_hex(16), "status_list_index": index,
            "created_at": stamp}

    def positions(self, count: int) -> list[int]:
        """`count` free positions of the status list, at random below the length the list
        will need (positions reveal neither issuance order nor how many exist)."""
        taken = set(Certificate.objects.values_list("status_list_index", flat=True))
        highest = Certificate.objects.aggregate(m=Max("pk"))["m"] or 0
        length = statuslist.current().length
        while length < statuslist.SPREAD * (highest + count + 1):
            length *= 2
        found = set()
        while len(found) < count:
            for index in random.sample(range(length), min(length, count - len(found) + 64)):
                if index not in taken and index not in found and len(found) < count:
                    found.add(index)
        positions = list(found)
        random.shuffle(positions)
        return positions

    def rebuild(self) -> dict:
        """What issuance keeps as it goes, recomputed over the rows written around it;
        returns how long each took, in seconds."""
        from certification.statistics.services import repair_statistics

        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                               "(SELECT MAX(id) FROM assessment_person))",
                               [Person._meta.db_table])
                cursor.execute("ANALYZE assessment_person")
                cursor.execute("ANALYZE issuance_certificate")
        with transaction.atomic():
            status = statuslist.current()
            top = Certificate.objects.aggregate(m=Max("pk"), i=Max("status_list_index"))
            length = status.length
            while length < max(statuslist.SPREAD * ((top["m"] or 0) + 1), (top["i"] or 0) + 1):
                length *= 2
            StatusList.objects.filter(pk=status.pk).update(length=length,
                                                           bits=bytes(length // 8))
            statuslist.rebuild()
        signed = time.perf_counter()
        self.log(f"  status list signed again ({length:,} positions)")
        refresh_standard_usage()
        counted = time.perf_counter()
        self.log("  standards' usage recounted")
        repair = repair_statistics()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("standardcount", "bodycount", "peoplecount", "verdictcount"):
                    cursor.execute(f"ANALYZE statistics_{table}")
        self.log(f"  statistics recomputed ({repair.cells:,} cells)")
        return {"status_list_seconds": round(signed - started, 1),
                "usage_seconds": round(counted - signed, 1),
                "statistics_seconds": round(time.perf_counter() - counted, 1)}


def top_up(n: int, *, force: bool = False, log=None) -> dict:
    """At least `n` certificates in the registry (see the module's docstring)."""
    if not settings.DEBUG and not force:
        raise ScaleRefused(REFUSAL)
    if n < 0 or not math.isfinite(n):
        raise ScaleRefused("The scale is a number of certificates, 0 or more.")
    return Generator(n, log=log).run()
