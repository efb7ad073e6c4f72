"""A unit certificate cancelled or revoked flags the qualification certificates resting on
it for CONOCER's review, which keeps them (with a note) or revokes them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.issuance.models import Certificate, QualificationReview
from certification.issuance.services import certificates, qualifications
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.models import AuditEvent
from tests.factories import UserFactory

from .test_qualifications import certify, conocer, person, qualification, units  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(conocer, django_capture_on_commit_callbacks, person, units, qualification):  # noqa: F811
    """The person's unit certificates and the qualification certificate they earned."""
    held = [certify(conocer, django_capture_on_commit_callbacks, person, unit)
            for unit in units]
    return held, Certificate.objects.get(holder=person, standard=qualification)


def revoke(actor, certificate, status="revoked"):
    return certificates.withdraw_certificate(actor=actor, certificate_id=certificate.pk,
                                             status=status, reason="Evidencia falsificada.")


def test_revoking_a_unit_certificate_flags_the_qualification_certificate_for_review(
        conocer, completed):  # noqa: F811
    (unit, _other), earned = completed
    revoke(conocer, unit)
    review = QualificationReview.objects.get()
    earned.refresh_from_db()
    assert earned.status == "valid"  # never silently revoked
    assert (review.certificate, review.unit_certificate, review.outcome, review.reason) == (
        earned, unit, "pending", "Evidencia falsificada.")
    assert AuditEvent.objects.filter(action="qualification_review.flagged",
                                     target_id=str(earned.pk)).count() == 1


def test_cancelling_a_unit_certificate_flags_it_too(conocer, completed):  # noqa: F811
    (unit, _other), _earned = completed
    revoke(conocer, unit, status="cancelled")
    assert QualificationReview.objects.get().outcome == "pending"


def test_a_corrected_reissue_of_a_unit_flags_nothing_until_the_correction_is_revoked(
        conocer, completed):  # noqa: F811
    (unit, _other), earned = completed
    corrected = certificates.reissue_certificate(actor=conocer, certificate_id=unit.pk,
                                                 reason="Error en el nombre.")
    assert not QualificationReview.objects.exists()
    revoke(conocer, corrected)
    assert QualificationReview.objects.get().certificate == earned


def test_conocer_keeps_a_flagged_certificate_with_a_note(conocer, completed):  # noqa: F811
    (unit, _other), earned = completed
    revoke(conocer, unit)
    review = qualifications.decide_review(actor=conocer, review_id=QualificationReview.
                                          objects.get().pk, keep=True,
                                          note="Reevaluada y competente en la unidad.")
    earned.refresh_from_db()
    assert (review.outcome, review.decided_by, earned.status) == ("kept", conocer, "valid")
    assert review.decided_at is not None
    event = AuditEvent.objects.get(action="qualification_review.decided")
    assert event.data["outcome"] == "kept"


def test_conocer_revokes_a_flagged_certificate_through_withdrawal(conocer, completed):  # noqa: F811
    (unit, other), earned = completed
    revoke(conocer, unit)
    revoke(conocer, other)
    first = QualificationReview.objects.order_by("pk").first()
    qualifications.decide_review(actor=conocer, review_id=first.pk, keep=False,
                                 note="La unidad se obtuvo con evidencia falsa.")
    earned.refresh_from_db()
    assert (earned.status, earned.status_reason) == (
        "revoked", "La unidad se obtuvo con evidencia falsa.")
    assert set(QualificationReview.objects.values_list("outcome", flat=True)) == {"revoked"}
    assert AuditEvent.objects.filter(action="certificate.revoked",
                                     target_id=str(earned.pk)).exists()


def test_a_decision_needs_a_note(conocer, completed):  # noqa: F811
    (unit, _other), _earned = completed
    revoke(conocer, unit)
    with pytest.raises(ValidationError):
        qualifications.decide_review(actor=conocer, review_id=QualificationReview.objects.
                                     get().pk, keep=True, note="  ")


def test_only_conocer_decides(conocer, completed):  # noqa: F811
    (unit, _other), _earned = completed
    revoke(conocer, unit)
    with pytest.raises(PermissionDenied):
        qualifications.decide_review(actor=UserFactory(), review_id=QualificationReview.
                                     objects.get().pk, keep=True, note="Sí.")


def test_a_review_is_decided_once(conocer, completed):  # noqa: F811
    (unit, _other), _earned = completed
    revoke(conocer, unit)
    review = QualificationReview.objects.get()
    qualifications.decide_review(actor=conocer, review_id=review.pk, keep=True, note="Bien.")
    with pytest.raises(ServiceError):
        qualifications.decide_review(actor=conocer, review_id=review.pk, keep=False,
                                     note="Mal.")


def test_withdrawing_the_qualification_certificate_otherwise_closes_its_review(
        conocer, completed):  # noqa: F811
    (unit, _other), earned = completed
    revoke(conocer, unit)
    revoke(conocer, earned)
    assert QualificationReview.objects.get().outcome == "withdrawn"


def test_conocer_sees_the_flagged_certificates_and_decides_on_the_page(
        client, conocer, completed):  # noqa: F811
    (unit, _other), earned = completed
    revoke(conocer, unit)
    client.force_login(conocer)
    page = client.get(reverse("issuance:qualification_reviews")).content.decode()
    assert earned.folio in page and unit.folio in page
    review = QualificationReview.objects.get()
    url = reverse("issuance:qualification_review_decide", args=[review.pk])
    asked = client.post(url, {"outcome": "keep", "note": "Reevaluada."})
    assert asked.status_code == 200 and not QualificationReview.objects.filter(
        outcome="kept").exists()  # the confirmation page first
    done = client.post(url, {"outcome": "keep", "note": "Reevaluada.", "confirmed": "yes"})
    assert done.status_code == 302
    assert QualificationReview.objects.get().outcome == "kept"


def test_bad_input_on_the_decision_gives_field_errors_not_a_500(
        client, conocer, completed):  # noqa: F811
    (unit, _other), _earned = completed
    revoke(conocer, unit)
    client.force_login(conocer)
    url = reverse("issuance:qualification_review_decide",
                  args=[QualificationReview.objects.get().pk])
    response = client.post(url, {"outcome": "destroy", "note": "", "confirmed": "yes"})
    assert response.status_code == 200
    assert b"field-error" in response.content
    assert QualificationReview.objects.get().outcome == "pending"


def test_the_review_page_is_for_conocer_only(client, conocer, completed):  # noqa: F811
    client.force_login(UserFactory())
    assert client.get(reverse("issuance:qualification_reviews")).status_code == 403
