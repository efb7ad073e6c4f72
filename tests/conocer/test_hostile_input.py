"""Hostile input, as an attacker types it, into every page and form that takes input,
as each kind of person: every answer is a page or a message (4xx), never a server error.

The matrix prints how many requests it made (`pytest -s`): the figure for the issue note.
"""

import base64
import sys
from collections import Counter
from urllib.parse import urlencode

import cbor2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception

from bodies.models import Membership
from certification.assessment.services import assessments
from certification.trust import qr, signing
from tests.certification.conftest import accredit
from tests.factories import (
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    CertificateFactory,
    CriterionFactory,
    StandardFactory,
    UnitFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

# What goes into a URL (already percent-encoded where it must be).
HOSTILE = [
    "%00", "EC%000076", "%C0%80", "%ED%A0%80", "%E2%80%AE", "9" * 40, "-1", "1e999",
    "%F0%9F%98%80", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E",
]
# What goes into a form field, as typed. U+DC80-U+DCFF stand for raw bytes (surrogateescape):
# the UTF-8 of a lone surrogate, and bytes that are no UTF-8 at all.
HOSTILE_FIELDS = [
    "a\x00b", "\udced\udca0\udc80", "\udcff\udcfe", "\u202eevil", "\x1b[31m", "9" * 40,
    "1e999", "2026-02-30T10:00:00+00:00", "2026-05-04T10:00:00", "9999-12-31T23:59:59-23:59",
    "²", "=HYPERLINK(\"http://x\",\"y\")", "ñ" * 5000, "",
]
requests_made = Counter()
server_errors = []
all_server_errors = []


@pytest.fixture(autouse=True)
def fresh_errors():
    yield
    all_server_errors.extend(server_errors)
    server_errors.clear()


@pytest.fixture
def world(db):
    """A standard with criteria, a body with a centre, an assessor with a draft, a reviewer
    with a submitted request, a certificate and a CONOCER administrator."""
    standard = StandardFactory(code="EC0217")
    criterion = CriterionFactory(unit=UnitFactory(standard=standard))
    body = AwardingBodyFactory()
    centre = AssessmentCentreFactory(awarding_body=body)
    accredit(standard, awarding_body=body)
    accredit(standard, centre=centre, granted_by=body)
    assessor = AssessorFactory(user=UserFactory(username="evaluadora"), centre=centre,
                               awarding_body=body)
    accredit(standard, assessor=assessor, granted_by=body)
    Membership.objects.create(user=assessor.user, role=Membership.Role.ASSESSOR, centre=centre)
    member_of(Membership.Role.ADMINISTRATOR, "direccion", centre=centre)
    draft = assessments.start_assessment(actor=assessor.user, standard=standard,
                                         candidacy=CandidacyFactory(centre=centre))
    competent = assessments.start_assessment(actor=assessor.user, standard=standard,
                                             candidacy=CandidacyFactory(centre=centre))
    assessments.save_judgement(actor=assessor.user, assessment_id=competent.pk,
                               criterion_id=criterion.pk, met=True, note="")
    assessments.submit_assessment(actor=assessor.user, assessment_id=competent.pk,
                                  verdict="competent")
    reviewer = member_of(Membership.Role.REVIEWER, "revisora", awarding_body=body)
    admin = UserFactory(username="conocer", is_staff=True, is_superuser=True)
    certificate = CertificateFactory(standard=standard, centre=centre)
    return {"assessor": assessor.user, "reviewer": reviewer, "admin": admin,
            "draft": draft, "criterion": criterion, "certificate": certificate,
            "request": competent.request}


@pytest.fixture(autouse=True)
def generous_limits(settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        name: "100000/min" for name in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}}


def ask(client, who, method, url, **kwargs):
    """One request; a server error is remembered with the exception that caused it."""
    client.raise_request_exception = False
    caught = []

    def remember(sender, request, **signal_kwargs):
        caught.append(repr(sys.exc_info()[1])[:120])

    got_request_exception.connect(remember)
    try:
        response = getattr(client, method)(url, **kwargs)
    finally:
        got_request_exception.disconnect(remember)
    requests_made[who] += 1
    if response.status_code >= 500:
        server_errors.append((who, method, url[:60], str(kwargs.get("data", ""))[:60],
                              response.status_code, caught[:1]))
    return response


def form(data: dict) -> dict:
    """A urlencoded body, raw bytes included, as a hostile client sends it."""
    body = urlencode(data, doseq=True, encoding="utf-8", errors="surrogateescape")
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


ANONYMOUS_GETS = [
    "/estandares/{}/", "/estandares/?q={}", "/estandares/?level={}&sector={}&page={}",
    "/estandares/export.csv?q={}&status={}", "/estandares/export.json?q={}",
    "/organismos/?standard={}&state={}", "/verificar/?folio={}", "/verificar/{}/",
    "/verificar/{}/pdf/", "/verificar/{}/credential.json", "/Q/{}",
    "/api/v1/standards/{}/", "/api/v1/standards/?q={}&level={}&status={}&page={}",
    "/api/v1/verify/{}/", "/api/v1/centres/?standard={}&state={}&page={}",
    "/api/v1/awarding-bodies/{}/", "/api/v1/centres/{}/", "/cuenta/entrar/?next={}",
    "/admin/login/?next={}",
    "/estadisticas/?year_from={}&year_to={}&sector={}&level={}&state={}",
    "/estadisticas/by_year.csv?year_from={}&state={}", "/estadisticas/{}.csv",
    "/datos-abiertos/{}.csv", "/datos-abiertos/{}.json",
]
STAFF_GETS = {
    "assessor": ["/candidatos/?q={}", "/candidatos/?page={}", "/certificados/{}/",
                 "/certificados/{}/pdf/", "/evaluaciones/"],
    "reviewer": ["/solicitudes/?status={}&centre={}&standard={}&requested_from={}"
                 "&requested_until={}&page={}", "/certificados/{}/"],
    "admin": ["/admin/assessment/person/?q={}", "/admin/issuance/certificate/?q={}",
              "/admin/bodies/awardingbody/?q={}&o={}", "/admin/core/auditevent/?q={}",
              "/admin/standards/standard/{}/change/", "/estandares/inactivos/?page={}",
              "/tableros/conocer/?start={}&end={}", "/tableros/conocer/{}.csv?start={}"],
}


def test_no_hostile_value_in_a_url_gets_a_server_error(client, world):
    for who in (None, "assessor", "reviewer", "admin"):
        pages = ANONYMOUS_GETS if who is None else STAFF_GETS[who]
        as_(client, world.get(who))
        for page in pages:
            for value in HOSTILE:
                ask(client, who or "anonymous", "get", page.replace("{}", value))
    assert server_errors == []


def test_no_hostile_value_in_a_form_gets_a_server_error(client, world):
    draft, criterion = world["draft"], world["criterion"]
    forms = [
        (None, "/verificar/persona/", lambda v: {"curp": v}),
        ("assessor", f"/evaluaciones/{draft.pk}/juicios/{criterion.pk}/",
         lambda v: {"met": v, "note": v, "seen_at": v}),
        ("assessor", f"/evaluaciones/{draft.pk}/juicios/{criterion.pk}/",
         lambda v: {"met": "1", "note": "bien", "seen_at": v}),
        ("assessor", f"/evaluaciones/{draft.pk}/juicios/",
         lambda v: {"loaded_at": v, f"met_{criterion.pk}": "1", f"note_{criterion.pk}": v}),
        ("assessor", f"/evaluaciones/{draft.pk}/juicios/",
         lambda v: {"loaded_at": v, f"met_{criterion.pk}": "0", f"note_{criterion.pk}": "x"}),
        ("assessor", "/candidatos/nuevo/",
         lambda v: {"has_curp": "no", "id_document_type": "passport", "id_document_number": v,
                    "id_document_country": "GT", "nationality": "GT", "given_names": v,
                    "first_surname": v, "birth_date": v, "privacy_consent": "on"}),
        ("assessor", "/evaluaciones/nueva/", lambda v: {"candidacy": v, "standard": v}),
        ("assessor", f"/evaluaciones/{draft.pk}/enviar/",
         lambda v: {"verdict": v, "feedback": v}),
        ("reviewer", "/solicitudes/aprobar/", lambda v: {"request": [v, "1", v]}),
        ("reviewer", "/solicitudes/aprobar/",
         lambda v: {"request": [v, "1", v], "confirmed": "yes"}),
        ("reviewer", f"/solicitudes/{world['request'].pk}/rechazar/", lambda v: {"reason": v}),
        ("reviewer", f"/solicitudes/{world['request'].pk}/rechazar/",
         lambda v: {"reason": v, "confirmed": "yes"}),
        ("reviewer", f"/certificados/{world['certificate'].folio}/retirar/",
         lambda v: {"status": v, "reason": v}),
        ("reviewer", f"/certificados/{world['certificate'].folio}/retirar/",
         lambda v: {"status": v, "reason": v, "confirmed": v}),
        ("admin", f"/certificados/{world['certificate'].folio}/reexpedir/",
         lambda v: {"reason": v, "given_names": v, "first_surname": v}),
        ("admin", f"/certificados/{world['certificate'].folio}/reexpedir/",
         lambda v: {"reason": v, "given_names": v, "first_surname": v, "confirmed": "yes"}),
    ]
    for who, url, data in forms:
        as_(client, world.get(who))
        for value in HOSTILE_FIELDS:
            ask(client, who or "anonymous", "post", url, **form(data(value)))
    assert server_errors == []


# django-axes records each failed sign-in with its username in a varchar(255), and Django's
# AuthenticationForm does not enforce the username's max_length: on PostgreSQL (which, unlike
# SQLite, enforces the length) 5,000 characters are a 500.
def test_no_hostile_value_in_a_sign_in_form_gets_a_server_error(client, world):
    for url in ("/cuenta/entrar/", "/admin/login/"):
        for value in HOSTILE_FIELDS:
            ask(client, "anonymous", "post", url, **form({"username": value, "password": value}))
    assert server_errors == []


def test_a_session_cookie_with_a_nul_is_a_stranger_not_a_server_error(client, world):
    client.cookies["sessionid"] = '"\\000aaaaaaaaaaaaaaaa"'
    assert ask(client, "anonymous", "get", "/candidatos/").status_code == 302
    assert server_errors == []


def _cose(protected, payload=b"\xa0", signature=b"\x00" * 64, tag=18):
    message = cbor2.dumps(cbor2.CBORTag(tag, [protected, {}, payload, signature]))
    return base64.b32encode(message).decode().rstrip("=")


def _signed(payload: dict | bytes) -> str:
    """A token signed by the registry's own key, with a payload that is not a certificate's."""
    key = signing.active_key()
    protected = cbor2.dumps({1: qr.EDDSA, 4: qr.thumbprint_prefix(key.private.public_key())})
    body = payload if isinstance(payload, bytes) else cbor2.dumps(payload)
    return _cose(protected, body, key.private.sign(qr._sig_structure(protected, body)))


def hostile_tokens():
    base = {1: "7K3M-Q9TX-2F4B", 2: "Ana", 3: "EC0217", 4: 2, 5: 20000, 6: 1, 7: 1}
    return [
        _cose(cbor2.dumps([])), _cose(cbor2.dumps("header")), _cose(cbor2.dumps(None)),
        _cose(cbor2.dumps({1: -8, 4: [1, 2]})), _cose(cbor2.dumps({1: -8, 4: {"a": 1}})),
        _cose(cbor2.dumps({1: float("nan"), 4: b"abcd"})), _cose(b"\xff\xff"),
        _cose(cbor2.dumps({1: -8}), tag=98), _cose(cbor2.dumps({1: 10**30, 4: 1e999})),
        _signed({**base, 4: float("nan")}), _signed({**base, 5: float("inf")}),
        _signed({**base, 5: 2**80}), _signed({**base, 5: 1e999}),
        # CBOR text that is the UTF-8 of a lone surrogate (no encoder writes it; bytes can).
        _signed(cbor2.dumps({**base, 1: "XXX"}).replace(b"\x63XXX", b"\x63\xed\xa0\x80")),
        _signed({**base, 2: "\U0001f600" * 50}), _signed({**base, 1: ["list"]}),
        _signed({**base, 1: "\x00"}), _signed({**base, 4: True}), _signed({}),
        _signed({**base, 5: -(2**70)}), "W10.e30.x", "A" * 5000, "%00", "%ED%A0%80",
    ]


def test_no_hostile_qr_code_gets_a_server_error(client, world):
    for token in hostile_tokens():
        response = ask(client, "anonymous", "get", f"/Q/{token}")
        assert response.status_code < 500
    assert server_errors == []


def test_no_hostile_upload_gets_a_server_error(client, world):
    uploads = [b"%PDF-", b"%PDF-1.7\n\x00\x00", b"%PDF-1.7\n" + b"1 0 obj <<" * 1000,
               b"%PDF-1.4\ntrailer<</Root<</AcroForm<</Fields[<</FT/Sig/V 1>>]>>>>>>",
               b"\x00" * 100, "%PDF-\ud800".encode("utf-8", "surrogatepass")]
    for content in uploads:
        for name in ("certificado.pdf", "a\x00b.pdf", "\u202efdp.exe"):
            ask(client, "anonymous", "post", "/verificar/documento/", data={
                "document": SimpleUploadedFile(name, content, content_type="application/pdf")})
    as_(client, world["assessor"])
    for name in ("evidencia.pdf", "a\x00b.pdf", "\u202efdp.exe", "x" * 400 + ".pdf"):
        ask(client, "assessor", "post", f"/evaluaciones/{world['draft'].pk}/evidencias/",
            data={"file": SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"), "criterion": "x"})
    assert server_errors == []


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nHostile requests: {sum(requests_made.values())} {dict(requests_made)}; "
          f"server errors: {len(all_server_errors)}")
    for error in all_server_errors:
        print("  500:", error)

