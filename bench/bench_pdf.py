"""Certificate PDF rendering time, and where it goes.

Usage: python bench/bench_pdf.py [--out certificate.pdf]
(no database server needed: SQLite in memory; SITE_URL defaults to the public site.)

Renders one certificate RUNS times after a warm-up and prints, in milliseconds per
certificate, the median, 95th percentile, minimum and maximum of the whole renderer,
then the same for the QR code alone and the Django template alone (the rest is
WeasyPrint layout and PDF writing), and the PDF size.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite:///:memory:"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("SITE_URL", "https://certificacion.conocer.gob.mx")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")

RUNS = 50
WARM_UP = 3


def setup_database():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_certificate():
    from bodies.models import AssessmentCentre, AwardingBody
    from certification.assessment.models import Person
    from certification.issuance.models import Certificate
    from certification.issuance.services.certificates import freeze_claims
    from standards.models import LeadBody, Sector, Standard

    sector = Sector.objects.create(code="72", name="Servicios de alojamiento y alimentos")
    lead = LeadBody.objects.create(code="CGC-TUR", name="Comité de Gestión por Competencias "
                                   "del Sector Turismo", sector=sector)
    standard = Standard.objects.create(
        code="EC0038.01", title="Atención a comensales", level=2, sector=sector,
        lead_body=lead, status=Standard.Status.PUBLISHED)
    body = AwardingBody.objects.create(
        name="Instituto de Capacitación para el Trabajo del Estado de Jalisco",
        acronym="IDEFT", kind=AwardingBody.Kind.ECE, state="JAL")
    centre = AssessmentCentre.objects.create(
        awarding_body=body, code="CE-0427", name="Centro de Evaluación Zapopan Norte",
        state="JAL", municipality="Zapopan")
    holder = Person.objects.create(
        curp="NUIB900214MJCXBG09", given_names="Begoña Guadalupe", first_surname="Núñez",
        second_surname="Ibáñez", birth_date=datetime.date(1990, 2, 14))
    facts = {"folio": "7M6E-TZWF-057N", "holder": holder, "standard": standard,
             "awarding_body": body, "centre": centre, "issued_on": datetime.date(2026, 11, 25)}
    certificate = Certificate.objects.create(**facts, claims=freeze_claims(**facts).to_dict())
    return Certificate.objects.get(pk=certificate.pk)


def timed(fn, runs=RUNS):
    for _ in range(WARM_UP):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1],
            "min": samples[0], "max": samples[-1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the rendered PDF here")
    args = parser.parse_args()

    setup_database()
    from django.template.loader import render_to_string
    from django.utils import translation

    from certification.issuance import pdf

    certificate = make_certificate()
    url = certificate.facts.verification_url
    qr = pdf.qr_svg_data_uri(url)

    def template_only():
        with translation.override("es"):
            return render_to_string(pdf.TEMPLATE, {
                "claims": certificate.facts, "identity": pdf.printed_identity(certificate.facts),
                "verification_url": url, "qr_data_uri": qr})

    document = pdf.render_certificate_pdf(certificate)
    if args.out:
        args.out.write_bytes(document)

    import weasyprint

    print(f"WeasyPrint {weasyprint.__version__}, {RUNS} runs after {WARM_UP} warm-up, "
          f"milliseconds per certificate")
    print(f"{'step':28} {'median':>8} {'p95':>8} {'min':>8} {'max':>8}")
    for label, fn in [("whole PDF", lambda: pdf.render_certificate_pdf(certificate)),
                      ("QR code (segno, SVG URI)", lambda: pdf.qr_svg_data_uri(url)),
                      ("template (Django)", template_only)]:
        t = timed(fn)
        print(f"{label:28} {t['median']:8.2f} {t['p95']:8.2f} {t['min']:8.2f} {t['max']:8.2f}")
    print(f"PDF size: {len(document) / 1024:.1f} KB; QR data URI: {len(qr) / 1024:.1f} KB; "
          f"verification URL: {url}")


if __name__ == "__main__":
    main()
