"""A registry of N certificates in a PostgreSQL database, for benchmarks.

`ensure_certificates(database_url, n)` makes the database if it is missing, migrates it,
loads the demo registry once (standards, bodies, centres, people and ~300 certificates
issued through the services, signed for real), then tops the certificates up to `n` by
COPY: people with names and CURPs, certificates of the demo's standards, bodies and
centres with frozen claims of their own (folio, holder, date), a stored credential and
QR token, a unique status-list position, mostly valid and some revoked or cancelled. The
status list is then grown and signed again to cover them (its own rebuild), and the
tables analysed. Run again with a larger `n`, it adds only the difference.

The bulk rows' credential and QR token are the demo template's with the folio and name
put in: the same size and shape as real ones, but their signatures do not verify (signing
a million credentials with RDF canonicalisation takes hours). Verification by folio reads
stored bytes and never re-checks them, so what it costs is what it would cost.

    python bench/dataset.py postgres://postgres@127.0.0.1:5432/bench_verify 100000
"""

import datetime
import io
import json
import os
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from certification.issuance.folio import new_folio  # noqa: E402 (pure: no Django needed)

CHUNK = 50_000
GIVEN = ["María", "José", "Guadalupe", "Juan", "Ana", "Luis", "Rosa", "Carlos", "Sofía",
         "Miguel", "Fernanda", "Jorge", "Lucía", "Pedro", "Elena", "Ricardo", "Paola",
         "Alejandro", "Verónica", "Héctor", "Itzel", "Raúl", "Ximena", "Noé", "Citlali"]
SURNAMES = ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez",
            "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes",
            "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz",
            "Castillo", "Zúñiga", "Chávez", "Ramos", "Domínguez", "Vargas", "Santiago"]
STATES = ["AS", "BC", "CH", "CL", "DF", "GT", "HG", "JC", "MC", "MN", "NL", "OC", "PL",
          "QT", "SP", "SL", "TC", "VZ", "YN", "ZS"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WITHDRAWN = [("revoked", "Evidencia de la evaluación no acreditada en la auditoría."),
             ("cancelled", "Emitido por error: la solicitud estaba duplicada.")]


def _env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"CACHE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND",
                        "DJANGO_ENV"}}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="conocer.settings")
    return env


def _manage(database_url: str, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(database_url),
                   check=True, stdout=subprocess.DEVNULL)


def ensure_database(database_url: str) -> None:
    """Create the database of `database_url` if the server does not have it yet."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    text = value if isinstance(value, str) else str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _curp(rng: random.Random, serial: int, birth: datetime.date, sex: str) -> str:
    """A CURP-shaped identifier, unique by `serial` (its last five characters)."""
    tail = ""
    for _ in range(5):
        serial, digit = divmod(serial, 36)
        tail = DIGITS36[digit] + tail
    return ("".join(rng.choice(LETTERS) for _ in range(4)) + birth.strftime("%y%m%d") + sex
            + rng.choice(STATES) + tail)


def _templates(cursor) -> list[tuple]:
    """The demo's valid certificates: standard, body and centre of a real issuance each."""
    cursor.execute("SELECT folio, holder_id, standard_id, awarding_body_id, centre_id, claims, "
                   "signing_key_id, qr_token, credential FROM issuance_certificate "
                   "WHERE status = 'valid' AND request_id IS NOT NULL ORDER BY id")
    rows = cursor.fetchall()
    if not rows:
        raise RuntimeError("The demo registry has no issued certificates to copy from.")
    return rows


def _status_list_positions(cursor, count: int, highest_id: int) -> list[int]:
    """`count` free positions, at random below the length the list will need."""
    cursor.execute("SELECT status_list_index FROM issuance_certificate")
    taken = {row[0] for row in cursor.fetchall()}
    length = 131072
    while length < 16 * (highest_id + count + 1):
        length *= 2
    positions = set()
    while len(positions) < count:
        for index in random.sample(range(length), min(length, count - len(positions) + 64)):
            if index not in taken and index not in positions:
                positions.add(index)
                if len(positions) == count:
                    break
    return list(positions)


def _add(connection, missing: int, rng: random.Random) -> None:
    with connection.cursor() as cursor:
        templates = _templates(cursor)
        cursor.execute("SELECT folio FROM issuance_certificate")
        folios = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM issuance_certificate")
        highest_id = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM assessment_person")
        person_id, person_serial = cursor.fetchone()
        positions = _status_list_positions(cursor, missing, highest_id)
    now = datetime.datetime.now(datetime.UTC)
    person_columns = ["id", "curp", "id_document_type", "id_document_number",
                      "id_document_country", "nationality", "given_names", "first_surname",
                      "second_surname", "birth_date", "email", "phone",
                      "public_registry_opt_in", "created_at"]
    certificate_columns = ["folio", "issued_on", "status", "status_reason",
                           "status_changed_at", "pdf", "pdf_sha256", "pdf_generated_at",
                           "claims", "signing_key_id", "qr_token", "credential",
                           "identity_salt", "status_list_index", "created_at",
                           "awarding_body_id", "centre_id", "holder_id", "replaces_id",
                           "standard_id", "request_id", "pdf_queued_at"]
    done = 0
    while done < missing:
        chunk_started = time.perf_counter()
        size = min(CHUNK, missing - done)
        people, certificates = [], []
        holder = None
        for i in range(size):
            # One person in ten holds a second certificate (two standards, or two bodies).
            if holder is None or rng.random() > 0.1:
                person_id += 1
                person_serial += 1
                birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16000))
                given, first, second = (rng.choice(GIVEN), rng.choice(SURNAMES),
                                        rng.choice(SURNAMES))
                curp = _curp(rng, 10_000_000 + person_serial, birth, rng.choice("HM"))
                people.append([person_id, curp, "", "", "", "MX", given, first, second, birth,
                               "", "", rng.random() < 0.5, now])
                holder = (person_id, f"{given} {first} {second}", curp)
            template = rng.choice(templates)
            (t_folio, _t_holder, standard_id, body_id, centre_id, t_claims, key_id, t_qr,
             t_credential) = template
            folio = new_folio()
            while folio in folios:
                folio = new_folio()
            folios.add(folio)
            issued = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2800))
            claims = dict(t_claims, folio=folio, holder_name=holder[1],
                          holder_id_number=holder[2], issued_on=issued.isoformat())
            credential = t_credential.replace(t_folio, folio).replace(
                t_claims["holder_name"], holder[1])
            status, reason, changed = "valid", "", None
            draw = rng.random()
            if draw < 0.04:
                status, reason = WITHDRAWN[0] if draw < 0.03 else WITHDRAWN[1]
                changed = datetime.datetime.combine(
                    issued + datetime.timedelta(days=rng.randrange(1, 300)), datetime.time(12),
                    tzinfo=datetime.UTC)
            generated = datetime.datetime.combine(issued, datetime.time(10), tzinfo=datetime.UTC)
            certificates.append([
                folio, issued, status, reason, changed, "", secrets.token_hex(32), generated,
                json.dumps(claims, ensure_ascii=False), key_id, t_qr, credential,
                secrets.token_hex(16), positions[done + i], generated, body_id, centre_id,
                holder[0], None, standard_id, None, None])
        made = time.perf_counter()
        with connection.cursor() as cursor:
            _copy(cursor, "assessment_person", person_columns, people)
            _copy(cursor, "issuance_certificate", certificate_columns, certificates)
            cursor.execute("SELECT setval(pg_get_serial_sequence('assessment_person', 'id'), "
                           "%s)", [person_id])
        connection.commit()
        done += size
        print(f"  {done:,} of {missing:,} certificates loaded (rows made in "
              f"{made - chunk_started:.1f} s, copied in {time.perf_counter() - made:.1f} s)",
              flush=True)


def _sign_status_list(database_url: str) -> None:
    """Grow the stored list to the registry's size and sign it again from the rows (the
    registry's own repair, statuslist.rebuild)."""
    script = (
        "import django; django.setup()\n"
        "from django.db.models import Max\n"
        "from certification.issuance.models import Certificate, StatusList\n"
        "from certification.issuance.services import statuslist\n"
        "status = statuslist.current()\n"
        "top = Certificate.objects.aggregate(m=Max('pk'))['m'] or 0\n"
        "needed = statuslist.SPREAD * (top + 1)\n"
        "highest = (Certificate.objects.aggregate(m=Max('status_list_index'))['m'] or 0) + 1\n"
        "length = status.length\n"
        "while length < max(needed, highest):\n"
        "    length *= 2\n"
        "StatusList.objects.filter(pk=status.pk).update(length=length, bits=bytes(length // 8))\n"
        "statuslist.rebuild()\n")
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=_env(database_url), check=True)


def ensure_certificates(database_url: str, n: int) -> dict:
    """At least `n` certificates in the database of `database_url` (PostgreSQL), made as
    described above. Returns what it found and did, with timings in seconds."""
    started = time.perf_counter()
    ensure_database(database_url)
    _manage(database_url, "migrate", "--noinput", "--verbosity", "0")
    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM issuance_certificate "
                       "WHERE request_id IS NOT NULL")
        issued = cursor.fetchone()[0]
    connection.commit()
    demo_seconds = 0.0
    if issued == 0:
        demo_started = time.perf_counter()
        _manage(database_url, "load_demo", "--force")
        demo_seconds = time.perf_counter() - demo_started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM issuance_certificate")
        existing = cursor.fetchone()[0]
    connection.commit()
    missing = max(0, n - existing)
    load_seconds = status_seconds = 0.0
    if missing:
        load_started = time.perf_counter()
        _add(connection, missing, random.Random(existing))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessment_person")
            cursor.execute("ANALYZE issuance_certificate")
        connection.commit()
        load_seconds = time.perf_counter() - load_started
        status_started = time.perf_counter()
        _sign_status_list(database_url)
        status_seconds = time.perf_counter() - status_started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM issuance_certificate")
        total = cursor.fetchone()[0]
    connection.close()
    result = {"requested": n, "existing": existing, "added": missing, "total": total,
              "demo_seconds": round(demo_seconds, 1), "load_seconds": round(load_seconds, 1),
              "status_list_seconds": round(status_seconds, 1),
              "seconds": round(time.perf_counter() - started, 1)}
    if missing:
        print(f"Loaded {missing:,} certificates by COPY in {load_seconds:.1f} s "
              f"({missing / load_seconds:,.0f}/s); status list signed again in "
              f"{status_seconds:.1f} s; {total:,} in the database.", flush=True)
    return result


def random_folios(database_url: str, k: int) -> list[str]:
    """`k` folios of certificates in the database, drawn at random (any status)."""
    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class "
                       "WHERE relname = 'issuance_certificate'")
        estimate = max(1, cursor.fetchone()[0])
        percent = min(100.0, 100.0 * 4 * k / estimate)
        cursor.execute("SELECT folio FROM issuance_certificate "  # noqa: S608 (a number)
                       f"TABLESAMPLE BERNOULLI ({percent:.6f})")
        folios = [row[0] for row in cursor.fetchall()]
        if len(folios) >= k:
            folios = random.sample(folios, k)
        else:
            cursor.execute("SELECT folio FROM issuance_certificate ORDER BY random() LIMIT %s",
                           [k])
            folios = [row[0] for row in cursor.fetchall()]
    connection.close()
    random.shuffle(folios)
    return folios


if __name__ == "__main__":
    print(ensure_certificates(sys.argv[1], int(sys.argv[2])))
