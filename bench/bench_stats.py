"""Public statistics at 1,000,000 certificates: p50/p95 of every statistics request.

Usage: python bench/bench_stats.py [--size N] [--rounds R]   (make bench-stats)

Builds (or tops up) the PostgreSQL database `bench_stats` with the demo's scale generator
(bench/dataset.py, i.e. `load_demo --scale N`), then, in one process through Django's
test client and the registry's whole middleware (rate limits counted in Redis db 2,
raised so one address is not refused), times in interleaved rounds: the baseline
/healthz, every /api/v1/stats/ endpoint without filters and with filters (a different
combination each round, so no answer is reused), and the /estadisticas/ page with and
without filters. Prints p50/p95 in milliseconds and the ratio of each p50 to the
baseline's; the target is p95 < 300 ms. For comparison it also times the plain
aggregates over issuance_certificate that the summary tables replace. Writes its section
of docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/bench_stats")
TARGET_MS = 300
FILTERS = [{"state": "JAL"}, {"year_from": "2015", "year_to": "2020"},
           {"sector": "S09", "level": "2"}, {"state": "CMX", "year_from": "2020"},
           {"level": "3", "state": "MEX"}, {"year_to": "2012"}]


def setup():
    os.environ.update(DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="conocer.settings.bench",
                      DEBUG="0", CACHE_URL="redis://127.0.0.1:6379/2")
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_ENV"):
        os.environ.pop(name, None)
    import django

    django.setup()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def requests_to_time(keys):
    """(name, path, filters or None: without; "rotate": a new combination each round)."""
    plan = [("baseline /healthz", "/healthz", None),
            ("API: every statistic", "/api/v1/stats/", None),
            ("API: every statistic, filtered", "/api/v1/stats/", "rotate"),
            ("API: filter choices", "/api/v1/stats/filters/", None)]
    for key in keys:
        plan.append((f"API: {key}", f"/api/v1/stats/{key}/", None))
        plan.append((f"API: {key}, filtered", f"/api/v1/stats/{key}/", "rotate"))
    plan += [("page /estadisticas/", "/estadisticas/", None),
             ("page /estadisticas/, filtered", "/estadisticas/", "rotate")]
    return plan


def time_requests(rounds, warm_rounds):
    """p50/p95 inputs: `rounds` cold (the cached sums made stale before every request, as
    after a certificate change: the summary tables are read), then `warm_rounds` warm."""
    from django.test import Client

    from certification.statistics import cells, selectors

    client = Client(HTTP_HOST="127.0.0.1")
    cells._new_generation()  # nothing cached before this run counts
    plan = requests_to_time(list(selectors.DASHBOARD))
    times = {name: {"cold": [], "warm": []} for name, _path, _filters in plan}
    for round_number in range(rounds + warm_rounds + 1):  # round 0 warms up
        temperature = "cold" if round_number <= rounds else "warm"
        for name, path, filters in plan:
            query = FILTERS[round_number % len(FILTERS)] if filters == "rotate" else {}
            if temperature == "cold":
                cells._new_generation()
            started = time.perf_counter()
            response = client.get(path, query)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path} {query} answered {response.status_code}")
            if round_number:
                times[name][temperature].append(elapsed)
        print(f"  round {round_number} of {rounds + warm_rounds} ({temperature})", flush=True)
    return times


def time_plain(repeats=3):
    """The aggregates the summary tables replace, over the certificates themselves."""
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from certification.issuance.models import Certificate
    from certification.statistics import facts

    counted = Certificate.objects.filter(status__in=facts.COUNTED)

    def people():
        sql, params = facts.certificate_cells_sql(("sex", "age_band"))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    plain = {
        "certificates per year": lambda: list(counted.annotate(y=ExtractYear("issued_on"))
                                              .values("y").annotate(n=Count("pk"))),
        "top standards": lambda: list(counted.values("standard").annotate(n=Count("pk"))
                                      .order_by("-n")[:20]),
        "by state (centre, else body)": lambda: list(
            counted.values("centre__state", "awarding_body__state").annotate(n=Count("pk"))),
        "by sex and age (CURP in the claims)": people,
    }
    results = {}
    for name, run in plain.items():
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = samples
        print(f"  plain {name}: {statistics.median(samples):.0f} ms", flush=True)
    return results


def sizes():
    from certification.issuance.models import Certificate
    from certification.statistics.models import BodyCount, PeopleCount, StandardCount, VerdictCount

    return {"certificates": Certificate.objects.count(),
            **{model._meta.db_table: model.objects.count()
               for model in (StandardCount, BodyCount, PeopleCount, VerdictCount)}}


def markdown(times, plain, counts, rounds, warm, load) -> str:
    baseline = statistics.median(times["baseline /healthz"]["cold"])
    lines = ["## Public statistics (bench/bench_stats.py)", "",
             f"{counts['certificates']:,} certificates (bench/dataset.py: "
             f"{load.get('added', 0):,} added by this run). Rows "
             "in the summary tables: " + ", ".join(
                 f"{name} {count:,}" for name, count in counts.items()
                 if name != "certificates") + ".", "",
             f"Each request {rounds} times cold (the cached sums made stale before each "
             "request, as right after a certificate change: the summary tables are read) "
             f"and {warm} times warm (nothing changed since: sums from the cache), through "
             "Django's test client, interleaved; filtered ones with a different combination "
             f"of filters each round ({len(FILTERS)} in turn). Target: p95 < {TARGET_MS} ms.",
             "",
             "| request | cold p50 ms | cold p95 ms | cold p50 / baseline | warm p50 ms | "
             "warm p95 ms | cold p95 < 300 ms |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name, samples in times.items():
        cold, warm = samples["cold"], samples["warm"]
        p50, p95 = statistics.median(cold), percentile(cold, 95)
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / baseline:.1f} | "
                     f"{statistics.median(warm):.1f} | {percentile(warm, 95):.1f} | "
                     f"{'yes' if p95 < TARGET_MS else '**no**'} |")
    lines += ["", "The same figures counted from issuance_certificate itself (what each "
              "request would cost without the summary tables), 3 runs:", "",
              "| plain aggregate | p50 ms | p95 ms |", "|---|---:|---:|"]
    for name, samples in plain.items():
        lines.append(f"| {name} | {statistics.median(samples):.0f} | "
                     f"{percentile(samples, 95):.0f} |")
    lines += ["", "Why: a dashboard request sums a few summary tables (docs/statistics.md) "
              "whose size grows with the number of distinct (year, standard, state, …) "
              "combinations, not with the certificates; the plain aggregates read every "
              "certificate (and, for sex and age, the CURP inside its claims) and grow "
              "with the registry. Cold requests read the tables; warm ones reuse sums "
              "cached until the next change."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20, help="cold rounds")
    parser.add_argument("--warm-rounds", type=int, default=10)
    parser.add_argument("--as-is", action="store_true",
                        help="bench the database as it is (no top-up)")
    args = parser.parse_args()
    import dataset

    load = {} if args.as_is else dataset.ensure_certificates(DATABASE_URL, args.size)
    setup()
    from common import write_section
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("standardcount", "bodycount", "peoplecount", "verdictcount"):
            cursor.execute(f"ANALYZE statistics_{table}")
    counts = sizes()
    print(f"{counts}", flush=True)
    times = time_requests(args.rounds, args.warm_rounds)
    plain = time_plain()
    text = markdown(times, plain, counts, args.rounds, args.warm_rounds, load)
    print(text)
    print(f"Written to {write_section('stats', text)}")


if __name__ == "__main__":
    main()
