"""Every main page, as every demo role sees it, at desktop and phone width (and the public
pages at 320 px too, and a few in English): nothing scrolls sideways, axe-core finds no
violation; `make screenshots` keeps a screenshot of each under var/screenshots/
(tests/e2e/look.py).

The demo is loaded once (about 12 s) and every role's pages are swept in one test: a
fresh load per role would cost a minute. The sweep does not stop at the first page that
fails; it reports every page that did, so one run shows the whole picture."""

import pytest
from django.contrib.auth import get_user_model

from bodies.models import Membership
from certification.assessment.models import Assessment
from certification.issuance.models import Certificate, CertificateRequest
from certification.recognition.models import RecognitionRequest
from standards.models import Standard
from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import AXE, DESKTOP, NARROW, PHONE, look, require_axe

pytestmark = pytest.mark.django_db(transaction=True)

TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]},
               "resultTypes": ["violations"]}

PUBLIC = [
    ("home", "/"),
    ("catalogue", "/estandares/"),
    ("standard", "/estandares/{standard}/"),
    ("qualifications", "/cualificaciones/"),
    ("qualification", "/cualificaciones/CQ0001/"),
    ("levels", "/cualificaciones/niveles/"),
    ("directory", "/organismos/"),
    ("verify", "/verificar/"),
    ("verify-folio", "/verificar/{folio}/"),
    ("verify-scanned", "/Q/{token}"),
    ("document-check", "/verificar/documento/"),
    ("holder-lookup", "/verificar/persona/"),
    ("statistics", "/estadisticas/"),
    ("statistics-filtered", "/estadisticas/?state=JAL&year_from=2020"),
    ("open-data", "/datos-abiertos/"),
    ("sign-in", "/cuenta/entrar/"),
    ("api-docs", "/api/v1/docs/"),
    ("recognition", "/reconocimiento/"),
    ("recognition-apply", "/reconocimiento/solicitar/"),
    ("recognition-track", "/reconocimiento/seguimiento/"),
]

ENGLISH = [
    ("catalogue", "/estandares/"),
    ("standard", "/estandares/{standard}/"),
    ("qualification", "/cualificaciones/CQ0001/"),
    ("verify-folio", "/verificar/{folio}/"),
    ("recognition", "/reconocimiento/"),
    ("recognition-apply", "/reconocimiento/solicitar/"),
    ("statistics", "/estadisticas/"),
    ("open-data", "/datos-abiertos/"),
]

SIGNED_IN = {
    "evaluador": [
        ("my-assessments", "/evaluaciones/"),
        ("start-assessment", "/evaluaciones/nueva/"),
        ("assessment", "/evaluaciones/{assessment}/"),
        ("candidates", "/candidatos/"),
        ("register-candidate", "/candidatos/nuevo/"),
        ("two-factor", "/cuenta/dos-pasos/"),
        ("centre-dashboard", "/tableros/centro/{centre}/"),
    ],
    "ece": [
        ("requests", "/solicitudes/"),
        ("request", "/solicitudes/{request}/"),
        ("certificate", "/certificados/{folio}/"),
        ("back-office", "/organismos/gestion/"),
        ("body", "/organismos/gestion/{body}/"),
        ("body-dashboard", "/tableros/organismo/{body}/"),
        ("body-dashboard-bad-period", "/tableros/organismo/{body}/?start=2026-02-30&end=x"),
    ],
    "comite": [
        ("work-in-progress", "/estandares/en-elaboracion/"),
        ("new-standard", "/estandares/nuevo/"),
        ("draft", "/estandares/{draft}/"),
        ("edit-draft", "/estandares/{draft}/editar/"),
        ("new-unit", "/estandares/{draft}/unidades/nueva/"),
        ("new-qualification", "/cualificaciones/nueva/"),
        ("lead-body-dashboard", "/tableros/comite/{lead_body}/?start=2015-01-01"),
    ],
    "presidencia": [
        ("work-in-progress", "/estandares/en-elaboracion/"),
        ("draft", "/estandares/{draft}/"),
    ],
    "admin": [
        ("dormant", "/estandares/inactivos/"),
        ("edit-levels", "/cualificaciones/niveles/editar/"),
        ("conocer-dashboard", "/tableros/conocer/?start=2015-01-01"),
        ("conocer-exports", "/tableros/conocer/exportar/"),
        ("back-office", "/organismos/gestion/"),
        ("certificate", "/certificados/{folio}/"),
        ("admin-index", "/admin/"),
        ("admin-changelist", "/admin/bodies/membership/"),
        ("admin-audit", "/admin/core/auditevent/"),
        ("recognition-queue", "/reconocimiento/gestion/"),
        ("recognition-request", "/reconocimiento/gestion/solicitudes/{recognition}/"),
        ("recognition-systems", "/reconocimiento/gestion/sistemas/"),
        ("recognition-equivalence", "/reconocimiento/gestion/equivalencias/nueva/"),
    ],
}


def demo_targets() -> dict[str, str]:
    """What the paths' placeholders stand for in the demo: the ECE's own objects."""
    certificate = Certificate.objects.filter(
        status="valid", awarding_body__acronym="CONALEP").order_by("pk").first()
    request = CertificateRequest.objects.filter(
        awarding_body=certificate.awarding_body).order_by("-pk").first()
    draft = Standard.objects.filter(status="draft").order_by("pk").first()
    return {
        "standard": "EC0076",
        "folio": certificate.folio,
        "token": certificate.qr_token,
        "assessment": str(Assessment.objects.filter(
            assessor__user__username="evaluador").order_by("pk").first().pk),
        "request": str(request.pk),
        "body": str(certificate.awarding_body_id),
        "draft": draft.code if draft else "EC0076",
        "recognition": str(RecognitionRequest.objects.filter(status="submitted").order_by(
            "pk").first().pk),
        "lead_body": str(Membership.objects.filter(
            user__username="comite", lead_body__isnull=False).first().lead_body_id),
        "centre": str(Assessment.objects.filter(
            assessor__user__username="evaluador").order_by("pk").first().centre_id),
    }


def sweep(page, base, pages, widths, targets, who, problems):
    for name, path in pages:
        url = base + path.format(**targets)
        # Only Swagger UI renders after load, from its own scripts.
        response = page.goto(url, wait_until="networkidle" if "/api/" in path else "load")
        if "/api/" in path and response is not None and response.status == 200:
            # Swagger UI renders after load; static/js/api_docs.js then names its regions.
            page.wait_for_selector("#swagger-ui [role=region]")
        if response is None or response.status != 200:
            problems.append(f"{who} {name}: {url} answered "
                            f"{response.status if response else 'nothing'}")
            continue
        for width in widths:
            page.set_viewport_size(width)
            try:
                look(page, f"every-{who}-{name}")
            except AssertionError as error:
                problems.append(f"{who}: {error}")
            if width != DESKTOP:
                problems += [f"{who} {name} at {width['width']} px: {small}"
                             for small in small_targets(page)]


def small_targets(page) -> list[str]:
    """Controls smaller than 24 × 24 px with too little room around them (WCAG 2.2's
    2.5.8, axe's target-size, which look() does not run)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("(options) => axe.run(document, options)", TARGET_SIZE)
    return [" ".join(node["target"]) for rule in result["violations"] for node in rule["nodes"]]


def test_every_main_page_fits_a_phone_and_passes_axe_for_every_role(demo, live_server,
                                                                       browser):
    require_axe()
    base = live_server.url
    targets = in_db(demo_targets)
    users = set(in_db(lambda: list(get_user_model().objects.filter(
        username__in=SIGNED_IN).values_list("username", flat=True))))
    problems = []

    context = browser.new_context(locale="es-MX", viewport=DESKTOP)
    sweep(context.new_page(), base, PUBLIC, (DESKTOP, PHONE, NARROW), targets, "anonymous",
          problems)
    context.close()

    # In English, where the registry's Spanish-only data is marked lang="es".
    context = browser.new_context(locale="en-US", viewport=PHONE)
    sweep(context.new_page(), base, ENGLISH, (PHONE,), targets, "english", problems)
    context.close()

    for username, pages in SIGNED_IN.items():
        if username not in users:  # a role the demo does not hold (yet)
            continue
        context = browser.new_context(locale="es-MX", viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, base, username)
        sweep(page, base, pages, (DESKTOP, PHONE), targets, username, problems)
        context.close()

    assert problems == [], "\n\n".join(problems)
