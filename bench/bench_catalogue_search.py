"""Catalogue search latency on PostgreSQL with 10,000 standards.

Usage: python bench/bench_catalogue_search.py  (needs PostgreSQL at 127.0.0.1:5432;
uses and refills the database `conocer_bench`, or BENCH_DATABASE_URL).

Prints, per query, the median and 95th percentile of: the full-text search as the
catalogue runs it (first page + count), the accent-folding substring fallback on the
same data (what SQLite uses), and the whole /estandares/?q= page through Django.
"""

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/conocer_bench")
os.environ["DATABASE_URL"] = DB_URL
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")

N_STANDARDS = 10_000
REPEATS = 50
QUERIES = ["evaluación de candidatos", "cuidado infantil", "soldadura", "atencion al cliente",
           "EC0076", "EC12", "gestión de proyectos de construcción"]

VERBS = ["Atención", "Elaboración", "Operación", "Mantenimiento", "Evaluación", "Diseño",
         "Impartición", "Supervisión", "Gestión", "Prestación", "Instalación", "Asesoría"]
OBJECTS = ["de documentos", "de maquinaria agrícola", "al cliente", "de cursos de formación",
           "de la competencia de candidatos", "de redes eléctricas", "de servicios de cuidado "
           "infantil", "de procesos de soldadura", "de proyectos de construcción",
           "de cocina tradicional mexicana", "de crédito para la vivienda", "de vehículos "
           "de carga", "de sistemas fotovoltaicos", "de habitaciones de hotel"]
CONTEXTS = ["en centros de trabajo", "en el sector público", "en micro y pequeñas empresas",
            "en zonas rurales", "de manera presencial grupal", "con herramientas de cómputo",
            "en establecimientos de alimentos", "conforme a la normativa vigente"]


def setup_database():
    name = DB_URL.rsplit("/", 1)[1]
    base = DB_URL.rsplit("/", 1)[0]
    exists = subprocess.run(["psql", f"{base}/postgres", "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", f"{base}/postgres", "-c", f'CREATE DATABASE "{name}"'],
                       check=True, capture_output=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill():
    from conocer.core.text import fold
    from standards.models import LeadBody, Sector, Standard

    if Standard.objects.count() >= N_STANDARDS:
        return
    Standard.objects.all().delete()
    rng = random.Random(1)
    sector, _ = Sector.objects.get_or_create(code="B01", defaults={"name": "Banco de pruebas"})
    lead, _ = LeadBody.objects.get_or_create(code="CGC-B", defaults={
        "name": "Comité de pruebas", "sector": sector})
    rows = []
    for i in range(N_STANDARDS):
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CONTEXTS)}"
        purpose = (f"Servir como referente para la evaluación y certificación de las personas "
                   f"que realizan {title.lower()}.")
        code = f"EC{i:04d}" if i < 10_000 else f"EC{i:05d}"
        rows.append(Standard(
            code=code, title=title, purpose=purpose, level=rng.randint(1, 5), sector=sector,
            lead_body=lead, status=Standard.Status.PUBLISHED,
            search_text=fold(f"{code}  {title} {purpose}")))
    Standard.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE standards_standard")


def timed(fn):
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    setup_database()
    fill()
    from django.core.paginator import Paginator
    from django.test import Client

    from standards import search
    from standards.selectors import public_standards

    def first_page(qs):
        page = Paginator(qs, 25).get_page(1)
        return list(page), page.paginator.count

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{N_STANDARDS} standards, {REPEATS} runs per query, milliseconds (median / p95)")
    print(f"{'query':40} {'full-text':>16} {'substring':>16} {'ratio':>6} {'page':>16} hits")
    ratios = []
    for q in QUERIES:
        fts = timed(lambda q=q: first_page(search._search_postgres(public_standards(), q)))
        naive = timed(lambda q=q: first_page(search._search_portable(public_standards(), q)))
        page = timed(lambda q=q: client.get("/estandares/", {"q": q}))
        hits = search.search(public_standards(), q).count()
        ratios.append(naive[0] / fts[0])
        print(f"{q:40} {fts[0]:7.2f} / {fts[1]:6.2f} {naive[0]:7.2f} / {naive[1]:6.2f} "
              f"{naive[0] / fts[0]:6.1f} {page[0]:7.2f} / {page[1]:6.2f} {hits}")
    print(f"substring / full-text median ratio, geometric mean: "
          f"{statistics.geometric_mean(ratios):.1f}x")


if __name__ == "__main__":
    main()
