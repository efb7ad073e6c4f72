"""A registry of N certificates in a PostgreSQL database, for benchmarks.

`ensure_certificates(database_url, n)` makes the database if it is missing, migrates it,
loads the demo registry once (standards, bodies, centres, people and ~300 certificates
issued through the services, signed for real), then tops the certificates up to `n` with
the demo's scale generator (conocer/demo/scale.py, the same as `load_demo --scale N`):
COPY of people and certificates with the shape of CONOCER's history, then the status
list, the standards' usage counts and the statistics tables recomputed over them. Run
again with a larger `n`, it adds only the difference.

The bulk rows' credential and QR token are a demo certificate's with the folio and name
put in: the same size and shape as real ones, but their signatures do not verify (signing
a million credentials with RDF canonicalisation takes hours). Verification by folio reads
stored bytes and never re-checks them, so what it costs is what it would cost. The
generator refuses to run outside DEBUG unless forced: this module forces it, on its own
benchmark database only.

    python bench/dataset.py postgres://postgres@127.0.0.1:5432/bench_verify 100000
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
# Loads the demo once (when no certificate was issued through the services yet), then
# tops up with the generator; prints its result as JSON on the last line.
TOP_UP = """
import json, sys
import django
django.setup()
from certification.issuance.models import Certificate
from conocer.demo import scale
from conocer.demo.loader import DemoLoader
demo = 0.0
if not Certificate.objects.filter(request__isnull=False).exists():
    import time
    started = time.perf_counter()
    DemoLoader().run()
    demo = time.perf_counter() - started
result = scale.top_up(int(sys.argv[1]), force=True,
                      log=lambda text: print(text, file=sys.stderr, flush=True))
print(json.dumps({**result, "demo_seconds": round(demo, 1)}))
"""


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


def ensure_certificates(database_url: str, n: int) -> dict:
    """At least `n` certificates in the database of `database_url` (PostgreSQL), made as
    described above. Returns what it found and did, with timings in seconds."""
    started = time.perf_counter()
    ensure_database(database_url)
    _manage(database_url, "migrate", "--noinput", "--verbosity", "0")
    done = subprocess.run([sys.executable, "-c", TOP_UP, str(n)], cwd=ROOT,
                          env=_env(database_url), check=True, stdout=subprocess.PIPE,
                          text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = round(time.perf_counter() - started, 1)
    if result["added"]:
        print(f"Loaded {result['added']:,} certificates by COPY in {result['load_seconds']} s "
              f"({result['added'] / max(result['load_seconds'], 0.1):,.0f}/s); status list "
              f"signed again in {result['status_list_seconds']} s, usage and statistics "
              f"recomputed in {result['usage_seconds']} + {result['statistics_seconds']} s; "
              f"{result['total']:,} in the database.", flush=True)
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
