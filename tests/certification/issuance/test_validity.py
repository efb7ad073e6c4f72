"""Certificate validity set by the standard: frozen into the claims and the credential,
told by the verify page once past, and renewal reminders 90 and 30 days before (once
each), with where to be certified again; holders' notices on by default."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from bodies.models import Accreditation
from certification.issuance import selectors
from certification.issuance.models import RenewalReminder
from certification.issuance.pdf import render_certificate_pdf
from certification.issuance.services import certificates, notifications
from certification.trust.claims import validity_end
from conocer.core import clock
from conocer.core.audit import events_about
from conocer.core.errors import ServiceError
from conocer.core.roles import ensure_conocer_group
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    CertificateFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2026, 5, 4)
LAST_DAY = datetime.date(2029, 5, 3)


@pytest.fixture
def standard():
    return StandardFactory(code="EC0586", certificate_validity_years=3)


@pytest.fixture
def holder():
    return PersonFactory(email="titular@example.mx")


@pytest.fixture
def certificate(standard, holder):
    return CertificateFactory(standard=standard, holder=holder, issued_on=ISSUED)


def test_the_validity_end_is_the_day_before_the_anniversary():
    assert validity_end(ISSUED, 3) == LAST_DAY
    assert validity_end(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert validity_end(ISSUED, None) is None


def test_the_validity_is_frozen_into_the_claims_and_the_credential(certificate, standard):
    credential = json.loads(certificate.credential)
    assert certificate.facts.valid_until == LAST_DAY
    assert certificate.claims["valid_until"] == "2029-05-03"
    assert credential["validUntil"] == "2029-05-03T23:59:59-06:00"
    standard.certificate_validity_years = 5
    standard.save()
    certificate.refresh_from_db()
    assert certificate.facts.valid_until == LAST_DAY


def test_a_certificate_of_a_standard_without_validity_has_no_end():
    certificate = CertificateFactory()
    assert certificate.facts.valid_until is None
    assert "validUntil" not in json.loads(certificate.credential)


def test_a_corrected_reissue_keeps_the_end_of_the_certificate_it_replaces(certificate):
    admin = UserFactory()
    admin.groups.add(ensure_conocer_group())
    with clock.travel_to(datetime.datetime(2027, 1, 10, 12, tzinfo=datetime.UTC)):
        new = certificates.reissue_certificate(actor=admin, certificate_id=certificate.pk,
                                               reason="Nombre mal escrito.")
    assert new.facts.valid_until == LAST_DAY


def test_the_verify_page_says_expired_on_after_the_last_day(client, certificate):
    url = reverse("verification:verify_folio", args=[certificate.folio])
    with clock.travel_to(datetime.datetime(2029, 5, 3, 17, tzinfo=datetime.UTC)):
        before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with clock.travel_to(datetime.datetime(2029, 5, 5, 17, tzinfo=datetime.UTC)):
        after = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Expired on" not in before and "Valid certificate" in before
    assert "Expired on" in after and "Valid certificate" not in after


def test_the_pdf_prints_until_when_the_certificate_is_valid(certificate):
    from tests.certification.issuance.test_pdf import pdf_text

    text = pdf_text(render_certificate_pdf(certificate))
    assert "Vigente hasta: 3 de mayo de 2029" in text
    assert "Vigente hasta" not in pdf_text(render_certificate_pdf(CertificateFactory()))


def test_the_standards_form_edits_the_certificate_validity():
    from standards.forms import DraftForm

    assert "certificate_validity_years" in DraftForm(user=UserFactory()).fields


# Renewal reminders -------------------------------------------------------------------------

def remind(day):
    return notifications.send_renewal_reminders(today=day)


def test_reminders_go_90_and_30_days_before_once_each(certificate):
    sent = [remind(LAST_DAY - datetime.timedelta(days=d)) for d in (120, 90, 89, 60, 30, 29, 1)]
    assert sent == [0, 1, 0, 0, 1, 0, 0]
    assert sorted(RenewalReminder.objects.values_list("days_before", flat=True)) == [30, 90]
    assert [m.to for m in mail.outbox] == [["titular@example.mx"]] * 2
    assert [e.action for e in events_about(certificate)].count(
        "certificate.renewal_reminder_sent") == 2


def test_a_certificate_first_seen_within_30_days_gets_only_the_30_day_reminder(certificate):
    assert remind(LAST_DAY - datetime.timedelta(days=20)) == 1
    assert remind(LAST_DAY - datetime.timedelta(days=19)) == 0
    assert list(RenewalReminder.objects.values_list("days_before", flat=True)) == [30]


def test_a_reminder_says_where_to_be_certified_again(certificate, standard):
    centre = AssessmentCentreFactory(name="Centro Evaluador del Bajío")
    in_force = {"standard": standard, "status": Accreditation.Status.ACTIVE,
                "valid_from": datetime.date(2025, 1, 1), "valid_until": datetime.date(2031, 1, 1)}
    AccreditationFactory(awarding_body=centre.awarding_body, **in_force)
    AccreditationFactory(awarding_body=None, centre=centre, granted_by=centre.awarding_body,
                         **in_force)
    with clock.travel_to(datetime.datetime(2029, 3, 1, 12, tzinfo=datetime.UTC)):
        remind(LAST_DAY - datetime.timedelta(days=60))
    [message] = mail.outbox
    assert "Centro Evaluador del Bajío" in message.body
    assert reverse("standards:detail", args=[standard.code]) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_reminder_for_a_withdrawn_certificate_or_a_holder_without_email(standard):
    CertificateFactory(standard=standard, holder=PersonFactory(email=""), issued_on=ISSUED)
    revoked = CertificateFactory(standard=standard, holder=PersonFactory(email="r@example.mx"),
                                 issued_on=ISSUED)
    revoked.status, revoked.status_reason = "revoked", "Prueba."
    revoked.save(update_fields=["status", "status_reason"])
    assert remind(LAST_DAY - datetime.timedelta(days=30)) == 0


# Holders' notices ---------------------------------------------------------------------------

def test_holders_are_subscribed_to_their_standards_by_default_and_may_turn_it_off(
        certificate, holder, standard):
    assert selectors.holder_subscriptions(holder) == [(standard, True)]
    assert notifications.set_holder_subscription(person=holder, standard_id=standard.pk,
                                                 subscribed=False)
    assert selectors.holder_subscriptions(holder)[0].subscribed is False
    assert remind(LAST_DAY - datetime.timedelta(days=30)) == 0
    notifications.set_holder_subscription(person=holder, standard_id=standard.pk,
                                          subscribed=True)
    assert selectors.holder_subscriptions(holder)[0].subscribed is True
    assert [e.action for e in events_about(holder)][-2:] == [
        "holder.notices_turned_off", "holder.notices_turned_on"]


def test_a_person_cannot_subscribe_to_a_standard_they_hold_no_certificate_in(holder):
    with pytest.raises(ServiceError):
        notifications.set_holder_subscription(person=holder, standard_id=StandardFactory().pk,
                                              subscribed=False)
