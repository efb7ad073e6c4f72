"""Catalogue search latency on PostgreSQL with 10,000 standards.

Usage: python bench/bench_catalogue_search.py  (needs PostgreSQL at 127.0.0.1:5432;
uses and refills the database `conocer_bench`, or BENCH_DATABASE_URL).

Prints, per query, the median and 95th percentile of: the full-text search as the
catalogue runs it (first page + count), the accent-folding substring fallback on the
same data (what SQLite uses), and the whole /estandares/?q= page through Django.
Queries include words people use (synonyms: "guardería", "excel") and misspellings,
which PostgreSQL answers by trigram similarity; for those a second table compares the
trigram search with its GIN index and without it (index scans disabled).
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
           "EC0076", "EC12", "gestión de proyectos de construcción",
           # words people use, through the synonyms table
           "guardería", "excel", "guardería zonas rurales",
           # misspellings: no standard has the words; trigram similarity finds them
           "soldadra", "cuidado infntil", "herramientaz de compto"]
MISSPELLED = ["soldadra", "cuidado infntil", "herramientaz de compto"]
SYNONYMS = [("guardería", "cuidado infantil, atención infantil"),
            ("excel", "hojas de cálculo, herramientas de cómputo")]

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
    fill_synonyms()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE standards_standard")


def fill_synonyms():
    """The synonyms the queries use, as CONOCER would have them (the bench writes its
    rows directly, like the standards above)."""
    from standards.models import SearchSynonym

    for term, means in SYNONYMS:
        SearchSynonym.objects.update_or_create(key=SearchSynonym.key_of(term),
                                               defaults={"term": term, "means": means})


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
    fill_synonyms()
    from standards.search import refresh_words

    refresh_words()
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
    misspellings(first_page, public_standards, search)


def misspellings(first_page, public_standards, search):
    """A misspelled search: the whole search (first page + count), and the spelling
    lookup in the catalogue's word list with its trigram index and without it."""
    from django.db import connection, transaction

    def lookup(q, *, index=True):
        with transaction.atomic(), connection.cursor() as cursor:
            if not index:
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            return search._spelled_as_the_catalogue(q)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM standards_search_word")
        words = cursor.fetchone()[0]
    print(f"\nmisspellings ({words} words in the list), milliseconds (median / p95)")
    print(f"{'query':28} {'search':>16} {'lookup, index':>16} {'lookup, no index':>17} "
          "spelled as")
    for q in MISSPELLED:
        whole = timed(lambda q=q: first_page(search.search(public_standards(), q)))
        indexed = timed(lambda q=q: lookup(q))
        scanned = timed(lambda q=q: lookup(q, index=False))
        print(f"{q:28} {whole[0]:7.2f} / {whole[1]:6.2f} {indexed[0]:7.2f} / {indexed[1]:6.2f} "
              f"{scanned[0]:8.2f} / {scanned[1]:6.2f}  {lookup(q)}")


if __name__ == "__main__":
    main()
