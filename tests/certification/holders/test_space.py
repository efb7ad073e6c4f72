"""/mi-registro/: the holder's certificates from every awarding body, their downloads,
LinkedIn, the RENAP choice, their assessments and their data."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from certification.assessment.models import Assessment
from certification.issuance.models import Certificate
from conocer.core.models import AuditEvent
from tests.factories import AssessmentCentreFactory, AssessorFactory, CandidacyFactory

from .conftest import sign_in_as

pytestmark = pytest.mark.django_db


def folios(person):
    return list(Certificate.objects.filter(holder=person).values_list("folio", flat=True))


def test_the_space_lists_certificates_from_every_awarding_body(client, holder):
    sign_in_as(client, holder)
    page = client.get(reverse("holders:home")).content.decode()
    for certificate in Certificate.objects.filter(holder=holder):
        assert certificate.folio in page
        assert certificate.facts.awarding_body_name in page
    assert "Valid: whoever verifies it sees it as valid." in page or "Vigente" in page


def test_someone_signed_out_is_sent_to_sign_in_and_back(client, holder):
    response = client.get(reverse("holders:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("holders:sign_in") + "?next=")


def test_the_holder_downloads_their_pdf_even_when_not_in_renap(client, holder):
    holder.public_registry_opt_in = False
    holder.save()
    sign_in_as(client, holder)
    folio = folios(holder)[0]
    response = client.get(reverse("holders:certificate_pdf", args=[folio]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="holder.pdf_downloaded").count() == 1


def test_the_credential_file_is_the_one_signed_at_issuance(client, holder):
    sign_in_as(client, holder)
    certificate = Certificate.objects.filter(holder=holder).first()
    response = client.get(reverse("holders:credential", args=[certificate.folio]))
    assert response.content.decode() == certificate.credential
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="holder.credential_downloaded").count() == 1


def test_no_holder_reaches_anothers_certificate(client, holder, other_holder):
    sign_in_as(client, holder)
    theirs = folios(other_holder)[0]
    for name in ("certificate", "certificate_pdf", "credential", "linkedin"):
        assert client.get(reverse(f"holders:{name}", args=[theirs])).status_code == 404, name
    response = client.post(reverse("holders:create_share_link", args=[theirs]), {"days": 7})
    assert response.status_code == 404
    assert theirs not in client.get(reverse("holders:home")).content.decode()


def test_add_to_linkedin_fills_the_fields_from_the_frozen_claims(client, holder):
    sign_in_as(client, holder)
    certificate = Certificate.objects.filter(holder=holder).first()
    response = client.get(reverse("holders:linkedin", args=[certificate.folio]))
    url = urlsplit(response["Location"])
    fields = {key: values[0] for key, values in parse_qs(url.query).items()}
    claims = certificate.facts
    assert (url.scheme, url.netloc, url.path) == ("https", "www.linkedin.com", "/profile/add")
    assert fields == {
        "startTask": "CERTIFICATION_NAME",
        "name": f"{claims.standard_code} {claims.standard_title}",
        "organizationName": claims.awarding_body_name,
        "issueYear": str(claims.issued_on.year), "issueMonth": str(claims.issued_on.month),
        "certUrl": claims.verification_url, "certId": certificate.folio}
    assert AuditEvent.objects.filter(action="holder.linkedin_opened").count() == 1


def test_opting_out_of_renap_takes_effect_at_once_in_the_lookup(client, holder):
    holder.public_registry_opt_in = True
    holder.save()
    lookup = reverse("verification:holder_lookup")
    assert folios(holder)[0] in client.post(lookup, {"curp": holder.curp}).content.decode()
    sign_in_as(client, holder)
    client.post(reverse("holders:registry_choice"), {"appear": "no"})
    assert folios(holder)[0] not in client.post(lookup, {"curp": holder.curp}).content.decode()
    event = AuditEvent.objects.get(action="person.registry_choice_changed")
    assert event.data == {"appears": False, "chosen_by": "holder"}


def test_opting_back_in_lists_them_again(client, holder):
    sign_in_as(client, holder)
    client.post(reverse("holders:registry_choice"), {"appear": "yes"})
    holder.refresh_from_db()
    assert holder.public_registry_opt_in is True


def test_a_choice_that_is_neither_yes_nor_no_changes_nothing(client, holder):
    sign_in_as(client, holder)
    response = client.post(reverse("holders:registry_choice"), {"appear": "quizá"},
                           follow=True)
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="person.registry_choice_changed").exists()


def test_a_not_yet_competent_verdict_shows_its_feedback_and_where_to_retry(client, holder,
                                                                             standard):
    centre = AssessmentCentreFactory(name="CONALEP Toluca")
    from tests.certification.conftest import accredit

    accredit(standard, awarding_body=centre.awarding_body)
    accredit(standard, centre=centre, granted_by=centre.awarding_body)
    candidacy = CandidacyFactory(person=holder, centre=centre)
    Assessment.objects.create(
        candidacy=candidacy, standard=standard, centre=centre,
        assessor=AssessorFactory(centre=centre), awarding_body=centre.awarding_body,
        status="submitted", verdict="not_yet_competent", submitted_at=candidacy.created_at,
        feedback="Reforzar la planeación de la sesión.")
    sign_in_as(client, holder)
    page = client.get(reverse("holders:home")).content.decode()
    assert "Reforzar la planeación de la sesión." in page
    assert "CONALEP Toluca" in page


def test_the_data_the_registry_holds_is_shown(client, holder):
    sign_in_as(client, holder)
    page = client.get(reverse("holders:home")).content.decode()
    assert holder.curp in page and holder.email in page


def test_opting_out_removes_the_pdf_link_from_a_kept_verify_answer_at_once(
        client, holder, counters_in_memory, django_capture_on_commit_callbacks):
    holder.public_registry_opt_in = True
    holder.save()
    folio = folios(holder)[0]
    verify = reverse("verification:verify_folio", args=[folio])
    pdf_link = reverse("verification:public_pdf", args=[folio])
    assert pdf_link in client.get(verify).content.decode()
    holders_client = type(client)()
    sign_in_as(holders_client, holder)
    with django_capture_on_commit_callbacks(execute=True):
        holders_client.post(reverse("holders:registry_choice"), {"appear": "no"})
    assert pdf_link not in client.get(verify).content.decode()
