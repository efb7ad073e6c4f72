"""The back-office dashboards at 100,000 certificates on PostgreSQL: p50 and p95 of one
awarding body's dashboard (its default twelve months and every year), one centre's, the
registry's (CONOCER) and a CSV, beside /healthz in the same run; the queries each page
makes; and the time of each of the body's tables alone, so the slow one shows.

    python bench/bench_dashboards.py                     # 100,000 certificates
    python bench/bench_dashboards.py --certificates 20000 --requests 5000 --repeat 10

The database (h_dash_bench, or --database) is built by bench/dataset.py (the demo, then
certificates by COPY, spread over the demo's three bodies and 2019–2026). The demo holds a
few hundred requests; --requests more are added to CONALEP (submitted assessments copied
from its own, each with a request: 5% waiting, 10% rejected with one of three reasons,
the rest approved within 30 days), so approval times and rejection reasons are computed
over a realistic number of rows. Pages are requested in-process through Django's test
client (no web server, no network), signed in as `ece` and `admin`.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/h_dash_bench"

ADD_ASSESSMENTS = """
WITH templates AS (
    SELECT row_number() OVER (ORDER BY id) - 1 AS i, candidacy_id, standard_id,
           assessor_id, centre_id, awarding_body_id
    FROM assessment_assessment
    WHERE awarding_body_id = %(body)s AND centre_id IS NOT NULL AND status = 'submitted'),
size AS (SELECT count(*) AS n FROM templates)
INSERT INTO assessment_assessment (candidacy_id, standard_id, assessor_id, centre_id,
    awarding_body_id, status, verdict, feedback, returned_reason, started_at, updated_at,
    submitted_at)
SELECT t.candidacy_id, t.standard_id, t.assessor_id, t.centre_id, t.awarding_body_id,
       'submitted', 'competent', '', '', r.ts, r.ts, r.ts
FROM generate_series(0, %(n)s - 1) AS g
CROSS JOIN size
JOIN templates AS t ON t.i = g %% size.n
CROSS JOIN LATERAL (SELECT now() - random() * interval '700 days' + g * interval '0'
                    AS ts) AS r
"""
ADD_REQUESTS = """
INSERT INTO issuance_certificaterequest (assessment_id, awarding_body_id, status,
    requested_at, decided_at, rejection_reason, release_reason)
SELECT a.id, a.awarding_body_id,
       CASE WHEN a.r < 0.05 THEN 'submitted' WHEN a.r < 0.15 THEN 'rejected'
            ELSE 'approved' END,
       CASE WHEN a.r < 0.05 THEN now() - a.r * interval '800 days' ELSE a.submitted_at END,
       CASE WHEN a.r < 0.05 THEN NULL
            ELSE a.submitted_at + random() * interval '30 days' END,
       CASE WHEN a.r >= 0.05 AND a.r < 0.15 THEN (ARRAY[
            'Falta la guía de observación firmada.', 'Evidencia ilegible.',
            'El portafolio no corresponde al estándar.'])[1 + floor(random() * 3)::int]
            ELSE '' END,
       ''
FROM (SELECT *, random() AS r FROM assessment_assessment WHERE id > %(after)s) AS a
"""


def add_requests(database_url: str, n: int) -> int:
    """Top CONALEP's requests up to `n` (made by SQL, in one statement each)."""
    import psycopg2

    connection = psycopg2.connect(database_url)
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM bodies_awardingbody WHERE acronym = 'CONALEP'")
        body = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM issuance_certificaterequest "
                       "WHERE awarding_body_id = %s", [body])
        missing = n - cursor.fetchone()[0]
        if missing > 0:
            cursor.execute("SELECT coalesce(max(id), 0) FROM assessment_assessment")
            after = cursor.fetchone()[0]
            cursor.execute(ADD_ASSESSMENTS, {"body": body, "n": missing})
            cursor.execute(ADD_REQUESTS, {"after": after})
            cursor.execute("ANALYZE assessment_assessment")
            cursor.execute("ANALYZE issuance_certificaterequest")
    connection.close()
    return max(missing, 0)


def timed(call, repeat: int) -> tuple[float, float]:
    for _ in range(3):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def run(args) -> None:
    os.environ["DATABASE_URL"] = args.database
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bodies.models import AwardingBody
    from certification.dashboards import selectors
    from certification.dashboards.periods import Period, default_period
    from certification.issuance.models import Certificate, CertificateRequest

    User = get_user_model()
    body = AwardingBody.objects.get(acronym="CONALEP")
    centre_id = Certificate.objects.filter(awarding_body=body).values("centre").annotate(
        n=Count("pk")).order_by("-n")[0]["centre"]
    today = default_period().end
    every_year = f"start=2019-01-01&end={today.isoformat()}"
    reviewer, admin = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    reviewer.force_login(User.objects.get(username="ece"))
    admin.force_login(User.objects.get(username="admin"))
    pages = [
        ("/healthz (baseline)", reviewer, "/healthz"),
        ("body, last 12 months", reviewer, f"/tableros/organismo/{body.pk}/"),
        ("body, 2019 to today", reviewer, f"/tableros/organismo/{body.pk}/?{every_year}"),
        ("body CSV by standard, 2019 to today", reviewer,
         f"/tableros/organismo/{body.pk}/by_standard.csv?{every_year}"),
        ("centre, 2019 to today", reviewer, f"/tableros/centro/{centre_id}/?{every_year}"),
        ("CONOCER, last 12 months", admin, "/tableros/conocer/"),
        ("CONOCER, 2019 to today", admin, f"/tableros/conocer/?{every_year}"),
    ]
    certificates = Certificate.objects.count()
    of_body = Certificate.objects.filter(awarding_body=body).count()
    requests = CertificateRequest.objects.filter(awarding_body=body).count()
    print(f"{certificates:,} certificates, {of_body:,} of {body.acronym}; "
          f"{requests:,} requests of {body.acronym}\n")
    print("| page | p50 ms | p95 ms | queries |\n|---|---:|---:|---:|")
    for name, client, url in pages:
        reset_queries()  # a request resets the log: start from an empty one
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p50, p95 = timed(lambda c=client, u=url: c.get(u), args.repeat)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {len(queries)} |")
    print("\n| the body's table alone, 2019 to today | p50 ms |\n|---|---:|")
    period = Period(today.replace(year=2019, month=1, day=1), today)
    scope = selectors.Scope(body=body)
    for key, table in selectors.BODY_TABLES.items():
        times = []
        for _ in range(max(5, args.repeat // 2)):
            started = time.perf_counter()
            table(scope, period)
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {key} | {statistics.median(times):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DATABASE_URL)
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    dataset.ensure_certificates(args.database, args.certificates)
    added = add_requests(args.database, args.requests)
    if added:
        print(f"Added {added:,} requests to CONALEP.")
    run(args)


if __name__ == "__main__":
    main()
