"""Certificate PDFs, rendered and signed: the two-layer renderer the workers use against
the naive one (one WeasyPrint document of the whole page per certificate), same run.

Usage: python bench/bench_pdf.py [--certificates 200] [--out DIR] [--no-write]
(no database server needed: SQLite in memory, signing keys in a temporary directory.)

Each of the N certificates (different holders, standards, bodies; some long names) is
rendered and signed with the real PAdES certification signature (DocMDP) by both
pipelines, in alternating order (fast first for even certificates, naive first for odd
ones), after a warm-up. Printed, and written to docs/performance.md: milliseconds per
certificate (median and 95th percentile, render and signature apart), the ratio of the
medians, the PDF size, and the peak RSS of a process that renders and signs 50
certificates with one pipeline only (a child process each).

Then the run checks the fast pipeline's own output: the text of every PDF as
`pdftotext -layout` prints it equals the naive PDF's text, line for line and word for
word; the QR code of every 10th, rendered by pdftoppm at 150 and 300 dpi, decodes
(zbarimg) to the certificate's signed QR text; its signature is intact, the registry's,
and certifies with DocMDP "no changes" (pyHanko), and poppler's pdfsig finds it valid.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
os.environ["DATABASE_URL"] = "sqlite:///:memory:"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ["SIGNING_KEYS_DIR"] = str(WORK / "keys")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("REGISTRY_ISSUER_URL", "https://registro.conocer.gob.mx")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")

WARM_UP = 3
RSS_CERTIFICATES = 50
QR_EVERY = 10
QR_DPI = (150, 300)
TARGET = 4.0


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    from certification.trust import pdfsign, signing

    call_command("migrate", verbosity=0)
    signing.create_key(WORK / "keys")
    pdfsign.ensure_development_certificate(WORK / "keys")


def make_certificates(count: int):
    """`count` certificates as issuance stores them (claims frozen, QR token signed),
    loaded as the worker loads them; every 7th with a long name, title and body."""
    from certification.issuance.models import Certificate
    from tests.factories import CertificateFactory, PersonFactory

    made = []
    for number in range(count):
        if number % 7 == 3:
            holder = PersonFactory(given_names="María de los Ángeles Guadalupe Concepción",
                                   first_surname="Hernández-Villaseñor",
                                   second_surname="Xolalpa de la Peña")
            certificate = CertificateFactory(
                holder=holder,
                standard__title=("Prestación de servicios de evaluación de la competencia "
                                 "de candidatos con base en estándares de competencia"),
                centre__awarding_body__name=(
                    f"Universidad Tecnológica de la Zona Metropolitana del Valle de México "
                    f"{number}"))
        else:
            certificate = CertificateFactory()
        made.append(Certificate.objects.get(pk=certificate.pk))
    return made


def pipelines():
    from certification.issuance import pdf

    return {"fast": pdf.render_certificate_pdf, "naive": pdf.render_certificate_pdf_naive}


def produce(render, certificate):
    """(signed PDF, render ms, sign ms, CPU ms of both)."""
    from certification.trust import pdfsign

    cpu = time.process_time()
    start = time.perf_counter()
    unsigned = render(certificate)
    rendered = time.perf_counter()
    signed = pdfsign.sign_pdf(unsigned)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    return signed, (rendered - start) * 1000, (done - rendered) * 1000, cpu * 1000


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def peak_rss(only: str) -> float:
    """Peak RSS (MiB) of a child process rendering and signing RSS_CERTIFICATES
    certificates with one pipeline."""
    result = subprocess.run([sys.executable, __file__, "--only", only, "--certificates",
                             str(RSS_CERTIFICATES)], capture_output=True, text=True,
                            check=False)
    if result.returncode:
        raise RuntimeError(f"the {only} child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])["peak_rss_mib"]


def only(name: str, count: int) -> None:
    setup()
    certificates = make_certificates(count)
    render = pipelines()[name]
    for certificate in certificates:
        produce(render, certificate)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps({"pipeline": name, "peak_rss_mib": round(peak, 1)}))


def layout_text(document: bytes, directory: Path) -> list[str]:
    """The page's lines as `pdftotext -layout` places them, each line's words with single
    spaces (a line may start one column further for a fraction of a point)."""
    path = directory / "text.pdf"
    path.write_bytes(document)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


def decoded_qr(document: bytes, dpi: int, directory: Path) -> str:
    (directory / "qr.pdf").write_bytes(document)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(directory / "qr.pdf"),
                    str(directory / "qr")], check=True)
    return subprocess.run(["zbarimg", "--raw", "-q", str(directory / "qr.png")],
                          capture_output=True, text=True, check=False).stdout.strip()


def signature_checks(document: bytes, directory: Path) -> tuple[bool, bool]:
    """(pyHanko: intact, the registry's, DocMDP no changes; pdfsig: valid)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm

    from certification.trust import pdfsign

    check = pdfsign.check_pdf(document)
    signature = PdfFileReader(io.BytesIO(document)).embedded_signatures[-1]
    pyhanko_ok = (check.intact and check.by_registry
                  and signature.docmdp_level == MDPPerm.NO_CHANGES)
    (directory / "signed.pdf").write_bytes(document)
    report = subprocess.run(["pdfsig", str(directory / "signed.pdf")], capture_output=True,
                            text=True, check=False).stdout
    return pyhanko_ok, "Signature Validation: Signature is Valid." in report


def check_output(certificates, produced, directory: Path) -> dict:
    tools = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "zbarimg", "pdfsig"))
    if not tools:
        return {"skipped": "needs poppler-utils (pdftotext, pdftoppm, pdfsig) and zbar-tools"}
    same_text = sum(layout_text(fast, directory) == layout_text(naive, directory)
                    for fast, naive in zip(produced["fast"], produced["naive"], strict=True))
    sampled = list(range(0, len(certificates), QR_EVERY))
    qr_read = sum(decoded_qr(produced["fast"][i], dpi, directory) == certificates[i].qr_text
                  for i in sampled for dpi in QR_DPI)
    signatures = [signature_checks(produced["fast"][i], directory) for i in sampled]
    return {"text_equal": same_text, "certificates": len(certificates),
            "qr_decoded": qr_read, "qr_tries": len(sampled) * len(QR_DPI),
            "pyhanko_docmdp": sum(ok for ok, _ in signatures),
            "pdfsig_valid": sum(ok for _, ok in signatures), "signatures": len(signatures)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=200)
    parser.add_argument("--out", type=Path, help="also write each pipeline's first PDF here")
    parser.add_argument("--only", choices=["fast", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true",
                        help="do not update docs/performance.md")
    args = parser.parse_args()
    if args.only:
        return only(args.only, args.certificates)

    setup()
    certificates = make_certificates(args.certificates)
    render = pipelines()
    for certificate in certificates[:WARM_UP]:
        for name in render:
            produce(render[name], certificate)

    produced = {name: [] for name in render}
    timings = {name: {"total": [], "render": [], "sign": [], "cpu": []} for name in render}
    for number, certificate in enumerate(certificates):
        order = ["fast", "naive"] if number % 2 == 0 else ["naive", "fast"]
        for name in order:
            signed, rendering, signing, cpu = produce(render[name], certificate)
            produced[name].append(signed)
            timings[name]["cpu"].append(cpu)
            timings[name]["render"].append(rendering)
            timings[name]["sign"].append(signing)
            timings[name]["total"].append(rendering + signing)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in render:
            (args.out / f"certificate-{name}.pdf").write_bytes(produced[name][0])

    checks = check_output(certificates, produced, WORK)
    rss = {name: peak_rss(name) for name in render}
    report(args, timings, produced, checks, rss)
    shutil.rmtree(WORK, ignore_errors=True)


def report(args, timings, produced, checks, rss):
    import weasyprint

    median = {name: {step: statistics.median(values) for step, values in steps.items()}
              for name, steps in timings.items()}
    p95 = {name: {step: percentile(values, 0.95) for step, values in steps.items()}
           for name, steps in timings.items()}
    size = {name: statistics.median(len(document) for document in documents) / 1024
            for name, documents in produced.items()}
    ratio = median["naive"]["total"] / median["fast"]["total"]
    p95_ratio = p95["naive"]["total"] / p95["fast"]["total"]
    cpu_ratio = median["naive"]["cpu"] / median["fast"]["cpu"]
    rows = [f"| {name} | {median[name]['total']:.1f} | {p95[name]['total']:.1f} | "
            f"{median[name]['render']:.1f} | {median[name]['sign']:.1f} | "
            f"{median[name]['cpu']:.1f} | {size[name]:.1f} | {rss[name]:.0f} |"
            for name in ("naive", "fast")]
    if "skipped" in checks:
        verdict = f"Output checks skipped: {checks['skipped']}."
    else:
        verdict = (
            f"Fast output checked in the run: `pdftotext -layout` text equal to the naive "
            f"PDF's, line for line, for {checks['text_equal']} of {checks['certificates']} "
            f"certificates; QR decoded by zbarimg to the signed QR text in "
            f"{checks['qr_decoded']} of {checks['qr_tries']} tries (every {QR_EVERY}th "
            f"certificate at {' and '.join(map(str, QR_DPI))} dpi); signature intact, the "
            f"registry's, DocMDP \"no changes\" (pyHanko) {checks['pyhanko_docmdp']} of "
            f"{checks['signatures']}, valid for pdfsig {checks['pdfsig_valid']} of "
            f"{checks['signatures']}.")
    met = "met" if ratio >= TARGET else f"missed by {TARGET / ratio:.2f}×"
    body = "\n".join([
        "## PDF: render and sign (`make bench-pdf`)",
        "",
        f"{args.certificates} certificates, each rendered and signed (PAdES certification "
        f"signature, DocMDP) by both pipelines in alternating order, WeasyPrint "
        f"{weasyprint.__version__}. Milliseconds per certificate; size is the signed PDF's "
        f"median; CPU is the process's CPU time for both steps; peak RSS is a child "
        f"process's rendering and signing "
        f"{RSS_CERTIFICATES} certificates with that pipeline alone.",
        "",
        "| pipeline | median ms | p95 ms | render ms (median) | sign ms (median) | "
        "CPU ms (median) | KiB | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"**Naive / fast: {ratio:.2f}× at the median** ({p95_ratio:.2f}× at p95, "
        f"{cpu_ratio:.2f}× in CPU time, which a busy machine disturbs less); "
        f"target ≥ {TARGET:.0f}×: {met}.",
        "",
        verdict,
    ])
    print(body)
    if not args.no_write:
        from bench.common import write_section

        print(f"Written to {write_section('pdf', body)}")


if __name__ == "__main__":
    main()
