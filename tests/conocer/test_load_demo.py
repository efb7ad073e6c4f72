import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from stdnum.mx import curp

from certification.assessment.models import Assessment, Person
from certification.issuance.models import Certificate, CertificateRequest
from certification.recognition.models import RecognitionRequest
from conocer.core.models import AuditEvent
from conocer.demo.loader import DemoLoader
from standards.models import Criterion, Standard
from tests.ratelimits import forget_rate_limits

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_counts(demo_snapshot, django_db_blocker):
    """The demo as the run's first load left it (tests/demo.py), loaded once more on top:
    the second load must find everything there and add nothing. Cleaned up after."""
    with django_db_blocker.unblock(), demo_snapshot.settings():
        demo_snapshot.restore()
        second = DemoLoader().run()
        yield demo_snapshot.counts, second
        call_command("flush", "--noinput")


def test_loading_the_demo_twice_adds_nothing(demo_counts):
    first, second = demo_counts
    assert first == second


def test_the_demo_holds_the_figures_the_issue_asks_for(demo_counts):
    counts, _ = demo_counts
    assert counts["standards"] >= 40
    assert counts["awarding_bodies"] == 3
    assert counts["centres"] == 8
    assert counts["assessors"] == 12
    assert counts["candidacies"] >= 300
    assert counts["certificates"] >= 200


def test_the_demo_includes_the_most_used_standards_with_their_structure(demo_counts):
    for code in ["EC0076", "EC0217", "EC0301", "EC0435", "EC0077"]:
        standard = Standard.objects.get(code=code)
        assert Criterion.objects.filter(unit__standard=standard).exists(), code


def test_every_demo_curp_has_a_correct_check_digit(demo_counts):
    curps = Person.objects.exclude(curp="").values_list("curp", flat=True)
    assert curps
    assert all(curp.is_valid(c) for c in curps)


def test_some_demo_candidates_are_identified_by_foreign_documents(demo_counts):
    assert Person.objects.filter(curp="", id_document_type="passport").count() >= 2


def test_demo_assessments_and_requests_are_in_every_state(demo_counts):
    assert set(Assessment.objects.values_list("status", flat=True)) == {"draft", "submitted"}
    assert set(Assessment.objects.exclude(verdict="").values_list("verdict", flat=True)) == {
        "competent", "not_yet_competent"}
    assert set(CertificateRequest.objects.values_list("status", flat=True)) == {
        "submitted", "approved", "rejected"}
    assert set(Certificate.objects.values_list("status", flat=True)) >= {
        "valid", "revoked", "replaced"}


def test_demo_users_sign_in_with_the_documented_password(demo_counts, rf):
    for username in ["admin", "evaluador", "ece", "comite", "presidencia"]:
        request = rf.post("/cuenta/entrar/")  # the sign-in lockout needs the request
        assert authenticate(request, username=username, password="conocer-demo"), username


def test_every_demo_certificate_has_an_issuance_audit_event(demo_counts):
    recorded = {int(pk) for pk in AuditEvent.objects.filter(
        action__in=["certificate.issued", "certificate.imported"],
        target_type="issuance.certificate").values_list("target_id", flat=True)}
    assert recorded == set(Certificate.objects.values_list("pk", flat=True))


def test_demo_certificates_of_the_assessment_flow_went_through_request_and_approval(
        demo_counts):
    approved = Certificate.objects.filter(request__isnull=False)
    assert approved.count() >= 200
    assert not approved.exclude(request__status="approved").exists()
    assert not approved.filter(request__reviewer__isnull=True).exists()
    recognised = RecognitionRequest.objects.filter(certificate__isnull=False)
    historical = Certificate.objects.filter(request__isnull=True, replaces__isnull=True
                                            ).exclude(pk__in=recognised.values("certificate"))
    assert all(c.folio.startswith("D-") for c in historical)


def test_the_demo_holds_a_recognition_request_of_each_outcome(demo_counts):
    assert set(RecognitionRequest.objects.values_list("status", flat=True)) == set(
        RecognitionRequest.Status.values)
    recognised = RecognitionRequest.objects.get(status="recognised")
    assert recognised.certificate.facts.recognition["reference"] == recognised.reference


def test_the_demo_holds_people_certified_by_more_than_one_awarding_body(demo_counts):
    counts, _ = demo_counts
    assert counts["people_certified_by_two_bodies"] >= 5
    person = Person.objects.filter(candidacies__isnull=False).annotate(
        n=Count("candidacies")).filter(n__gt=1).first()
    assert person.certificates.values("awarding_body").distinct().count() > 1


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("load_demo")


def test_every_valid_public_demo_certificate_offers_its_pdf_and_the_link_works(demo_counts,
                                                                              client):
    """Every one is offered; the link is followed for one of each kind (issued, imported
    from the previous registry, corrected reissue) and a spread of the others: each
    render costs ~90 ms."""
    public = list(Certificate.objects.filter(
        status="valid", holder__public_registry_opt_in=True).order_by("pk"))
    assert len(public) >= 150
    for certificate in public:
        forget_rate_limits()  # the verification rate limit is not what this test is about
        body = client.get(f"/verificar/{certificate.folio}/").text
        assert f'href="/verificar/{certificate.folio}/pdf/"' in body, certificate.folio
    kinds = [Certificate.objects.filter(pk__in=[c.pk for c in public], **kind).first()
             for kind in ({"request__isnull": False}, {"folio__startswith": "D-"},
                          {"replaces__isnull": False})]
    for certificate in {*filter(None, kinds), *public[::40]}:
        forget_rate_limits()
        response = client.get(f"/verificar/{certificate.folio}/pdf/")
        assert response.status_code == 200, certificate.folio
        assert b"".join(response.streaming_content).startswith(b"%PDF")
