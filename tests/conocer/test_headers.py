"""Every answer carries a Content-Security-Policy that allows no inline code and no eval,
and a Permissions-Policy; and no page a browser gets holds inline code the policy would
refuse (it would break in the browser). Checked over every URL pattern of the project
(tests/urlwalk.py), on the demo registry, anonymously, as the CONOCER administrator
(staff: the admin too) and as each demo role."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bodies.models import Accreditation, AwardingBody
from certification.assessment.models import Assessment
from certification.assessment.services import assessments
from certification.issuance.models import Certificate, CertificateRequest
from certification.issuance.services import corrections
from certification.issuance.services.qualifications import unit_claims
from certification.recognition.models import Equivalence, ForeignSystem, RecognitionRequest
from standards.models import Standard
from tests.conocer.test_settings import PRODUCTION, run_python
from tests.urlwalk import MissingValues, urls

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Rendered by WeasyPrint into the certificate PDF, never served to a browser.
PDF_TEMPLATES = TEMPLATES / "certification" / "issuance" / "pdf"
# <script> elements that hold data, not code: a browser never runs them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
VISITORS = ["anonymous", "admin", "evaluador", "ece", "comite", "presidencia"]


class InlineCode(HTMLParser):
    """What in a page the Content-Security-Policy would refuse: inline scripts, <style>
    elements, style attributes, event-handler attributes and javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes \
                and (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.found.append(f"<script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")
            elif name in ("href", "src", "action", "formaction") and value \
                    and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def header_problems(response) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy")
    if policy is None:
        problems.append("no Content-Security-Policy")
    else:
        if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
            problems.append(f"unsafe source in {policy}")
        given = directives(policy)
        for name, expected in {"script-src": ["'self'"], "style-src": ["'self'"],
                               "object-src": ["'none'"], "frame-ancestors": ["'none'"],
                               "base-uri": ["'self'"]}.items():
            if given.get(name) != expected:
                problems.append(f"{name} is {given.get(name)}")
    if not response.get("Permissions-Policy"):
        problems.append("no Permissions-Policy")
    return problems


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# The world: the demo registry ------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    """The demo (tests/demo.py), put back for the module, then flushed."""
    with django_db_blocker.unblock(), demo_snapshot.settings():
        demo_snapshot.restore()
        yield
        call_command("flush", "--noinput")


def _admin_rows(client):
    """One row in each admin model the demo leaves empty (lockout records, second
    factors, an import checked through its service), so their admin pages render a real
    object. The devices belong to an account of their own: a device would make its
    owner's session need a second factor."""
    owner = get_user_model().objects.create_user("dispositivos")
    client.post("/admin/login/", {"username": "admin", "password": "not-the-password"})
    client.logout()
    for label, fields in [("otp_totp.TOTPDevice", {"name": "Teléfono"}),
                          ("otp_static.StaticDevice", {"name": "Códigos de respaldo"})]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model.objects.create(user=owner, **fields)
    from certification.issuance.services import imports as certificate_imports

    sample = "\n".join(",".join(cells) for cells in certificate_imports.sample_rows())
    certificate_imports.check_certificate_file(
        actor=get_user_model().objects.get(username="admin"),
        uploaded=SimpleUploadedFile("historicos.csv", sample.encode()))
    for label in ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not model.objects.exists():
            fields = {f.name for f in model._meta.get_fields()}
            row = {"username": "admin", "ip_address": "127.0.0.1", "user_agent": "pytest"}
            model.objects.create(**{k: v for k, v in row.items() if k in fields})


def _qualification_review(unit_certificate):
    """A qualification certificate resting on `unit_certificate`, flagged for review."""
    from certification.issuance.models import QualificationReview
    from tests.factories import CertificateFactory, StandardFactory

    earned = CertificateFactory(
        holder=unit_certificate.holder, centre=None,
        awarding_body=unit_certificate.awarding_body,
        standard=StandardFactory(code="EC1999", kind=Standard.Kind.QUALIFICATION),
        units=[unit_claims(unit_certificate)])
    return QualificationReview.objects.create(certificate=earned, reason="Prueba.",
                                              unit_certificate=unit_certificate)


@pytest.fixture
def walk(demo, client, settings, demo_snapshot):
    """(name, path) of every URL pattern, pointed at the demo's objects: those of
    CONALEP, its reviewer `ece`, its assessor `evaluador`, and the committee of EC0076.
    The files the demo stored (PDFs, recognition requests' certificates) are where it
    left them."""
    settings.MEDIA_ROOT = str(demo_snapshot.media_root)
    User = get_user_model()
    _admin_rows(client)
    body = AwardingBody.objects.get(acronym="CONALEP")
    draft = Standard.objects.filter(status=Standard.Status.DRAFT,
                                    lead_body__code="CGC-EDU").first()
    unit = draft.units.first()
    evaluador = User.objects.get(username="evaluador")
    assessment = Assessment.objects.filter(status="draft", assessor__user=evaluador).first()
    criterion = assessment.standard.units.first().criteria.first()
    evidence = assessments.add_evidence(
        actor=evaluador, assessment_id=assessment.pk,
        uploaded=SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
                                    content_type="application/pdf"))
    request = CertificateRequest.objects.filter(
        status="submitted", assessment__candidacy__centre__awarding_body=body).first()
    certificate = Certificate.objects.filter(status="valid", awarding_body=body).first()
    folio = {"folio": certificate.folio}
    correction = corrections.request_correction(
        person=certificate.holder, certificate_id=certificate.pk,
        changes={"given_names": f"{certificate.holder.given_names} Inés"}, reason="Falta.")
    review = _qualification_review(certificate)
    values = {
        "*": {"format": "json"},
        "standards:detail": {"code": "EC0076"},
        **{name: {"code": draft.code, "unit_id": unit.pk, "name": "submit"} for name in (
            "standards:edit", "standards:new_version", "standards:unit_create",
            "standards:unit_edit", "standards:unit_delete", "standards:transition")},
        **{name: {"pk": body.pk} for name in (
            "bodies:body", "bodies:accredit_centre", "bodies:accredit_assessor",
            "bodies:accredit_body", "api:awarding-body-detail")},
        "bodies:decide": {"accreditation_id": Accreditation.objects.filter(
            centre__awarding_body=body).first().pk},
        **{name: folio for name in (
            "verification:verify_folio", "verification:public_pdf", "verification:credential",
            "issuance:certificate", "issuance:certificate_pdf", "issuance:withdraw",
            "issuance:reissue", "api:verify")},
        "verification:scanned": {"token": certificate.qr_token},
        **{f"holders:{name}": folio for name in (
            "certificate", "certificate_pdf", "credential", "linkedin", "create_share_link",
            "request_correction")},
        **{f"holders:{name}": {"token": "x" * 43} for name in (
            "open_link", "confirm_email", "shared")},
        "holders:revoke_share_link": {"pk": 1},
        "holders:candidate_access": {"pk": request.assessment.candidacy_id},
        **{name: {"pk": assessment.pk, "criterion_id": criterion.pk} for name in (
            "assessment:assessment", "assessment:save_judgements",
            "assessment:autosave_judgement", "assessment:upload_evidence",
            "assessment:submit_assessment")},
        "assessment:evidence_file": {"pk": evidence.pk},
        "assessment:remove_evidence": {"pk": evidence.pk},
        **{name: {"pk": request.pk} for name in (
            "issuance:request_detail", "issuance:approve", "issuance:reject",
            "issuance:release")},
        "api:standard-detail": {"code": "EC0076"},
        "standards:subscribe": {"code": "EC0076"},
        **{name: {"token": "x" * 43} for name in (
            "standards:confirm_subscription", "standards:unsubscribe",
            "issuance:holder_unsubscribe")},
        **{f"issuance:correction_{name}": {"pk": correction.pk} for name in (
            "detail", "attachment", "reissue", "refuse")},
        "issuance:qualification_review_decide": {"pk": review.pk},
        **{name: {"code": "CQ0001"} for name in (
            "qualifications:detail", "api:qualification-detail")},
        **{name: {"pk": RecognitionRequest.objects.order_by("pk").first().pk} for name in (
            "recognition:detail", "recognition:file")},
        **{name: {"pk": ForeignSystem.objects.order_by("pk").first().pk} for name in (
            "recognition:system_edit", "api:recognition-system-detail")},
        **{name: {"pk": Equivalence.objects.order_by("pk").first().pk} for name in (
            "recognition:equivalence_edit", "api:recognition-equivalence-detail")},
        "api:centre-detail": {"pk": body.centres.first().pk},
        **{name: {"pk": body.pk, "key": "by_standard"} for name in (
            "dashboards:body", "dashboards:body_csv")},
        **{name: {"pk": body.centres.first().pk, "key": "by_standard"} for name in (
            "dashboards:centre", "dashboards:centre_csv")},
        "dashboards:conocer_csv": {"key": "certificates_per_year"},
        **{name: {"pk": draft.lead_body_id, "key": "dormant_standards"} for name in (
            "dashboards:lead_body", "dashboards:lead_body_csv")},
        **{f"{app}:import_{name}": {"pk": 1} for app in ("issuance", "assessment")
           for name in ("job", "start", "progress", "problems")},
        **{name: {"key": "by_year"} for name in ("statistics:table_csv", "api:stats-table")},
        **{name: {"slug": "centros-de-evaluacion"} for name in (
            "statistics:dataset_csv", "statistics:dataset_json")},
        "admin:view_on_site": {"content_type_id": ContentType.objects.get_for_model(
            Standard).pk, "object_id": draft.pk},
        "admin:app_list": {"app_label": "standards"},
        "admin/(?P<url>.*)$": {"url": "no-such-page/"},
    }
    return urls(values)


def visit_all(client, walk, visitor):
    """GET every URL as the visitor; (path, problem) for every answer that fails."""
    if visitor != "anonymous":
        client.force_login(get_user_model().objects.get(username=visitor))
    failures, pages = [], 0
    for _name, path in walk:
        cache.clear()  # the walk is not an abuse: no rate limit should answer it
        response = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*")
        problems = header_problems(response)
        if response.get("Content-Type", "").startswith("text/html"):
            pages += 1
            problems += inline_code(body_of(response))
        failures += [(path, response.status_code, problem) for problem in problems]
    return failures, pages


# The tests -------------------------------------------------------------------------------

@pytest.mark.parametrize("visitor", VISITORS)
def test_every_url_answers_with_a_strict_policy_and_no_inline_code(client, walk, visitor):
    failures, pages = visit_all(client, walk, visitor)
    assert pages > 0
    assert not failures, "\n".join(f"{path} ({status}): {problem}"
                                    for path, status, problem in failures)


def test_the_walk_names_every_pattern_it_was_given_no_values_for():
    with pytest.raises(MissingValues) as refused:
        urls({"*": {"format": "json"}})
    missing = {pattern.key for pattern in refused.value.patterns}
    assert {"standards:detail", "issuance:certificate", "verification:scanned"} <= missing
    assert "home" not in missing


def test_the_checker_sees_each_kind_of_inline_code():
    page = """<html><head><style>p{}</style><script>alert(1)</script>
      <script src="/static/x.js"></script><script type="application/json">{}</script></head>
      <body><p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p></body></html>"""
    assert len(inline_code(page)) == 5


def test_no_template_served_to_browsers_holds_inline_code():
    """Static check of every template but the PDF's: it covers branches (form errors,
    messages, empty lists) a walk of GET pages does not render."""
    offenders = {}
    for template in TEMPLATES.rglob("*.html"):
        if PDF_TEMPLATES in template.parents:
            continue
        found = inline_code(template.read_text())
        if found:
            offenders[str(template.relative_to(TEMPLATES))] = found
    assert offenders == {}


def test_the_api_docs_load_their_start_up_script_from_its_own_address(client):
    page = client.get("/api/v1/docs/")
    assert inline_code(page.content.decode()) == []
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_csrf_failure_page_is_ours_and_clean(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/cuenta/entrar/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert inline_code(response.content.decode()) == []
    assert header_problems(response) == []


def test_the_permissions_policy_denies_camera_microphone_and_location(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


PROBE = ("import json, django; from django.conf import settings; django.setup();"
         "print(json.dumps({'enforced': getattr(settings, 'CONTENT_SECURITY_POLICY', None),"
         " 'report_only': getattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None)}))")


def policies_with(**env):
    result = run_python(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_asks_browsers_to_upgrade_insecure_requests():
    assert policies_with(**PRODUCTION)["enforced"]["DIRECTIVES"][
        "upgrade-insecure-requests"] is True
    assert policies_with()["enforced"]["DIRECTIVES"]["upgrade-insecure-requests"] is False


def test_an_operator_can_switch_the_policy_to_report_only_with_a_report_address():
    probe = policies_with(CSP_REPORT_ONLY="true", CSP_REPORT_URI="https://reports.example/csp")
    assert probe["enforced"] is None
    assert probe["report_only"]["DIRECTIVES"]["report-uri"] == "https://reports.example/csp"
    assert probe["report_only"]["DIRECTIVES"]["script-src"] == ["'self'"]

