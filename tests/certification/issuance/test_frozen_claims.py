"""The database itself refuses to change what a certificate was issued with."""

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from certification.issuance.models import Certificate
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

REFUSED = (IntegrityError, InternalError)


@pytest.mark.parametrize("column, value", [
    ("folio", "'MPNV-0000-0000'"),
    ("claims", "'{}'"),
    ("qr_token", "'forged'"),
    ("credential", "'{}'"),
    ("identity_salt", "'0000'"),
    ("signing_key_id", "'attacker'"),
])
def test_raw_sql_cannot_change_a_frozen_fact_of_a_certificate(column, value):
    certificate = CertificateFactory()
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE issuance_certificate SET {column} = {value} "  # noqa: S608
                       "WHERE id = %s", [certificate.pk])
    certificate.refresh_from_db()
    assert certificate.folio != "MPNV-0000-0000"
    assert certificate.claims["folio"] == certificate.folio


def test_a_queryset_update_cannot_rewrite_the_claims():
    certificate = CertificateFactory()
    changed = {**certificate.claims, "holder_name": "OTRA PERSONA"}
    with pytest.raises(REFUSED), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(claims=changed)


def test_the_status_and_the_pdf_of_a_certificate_may_still_change():
    certificate = CertificateFactory()
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, status_reason="Prueba.", pdf_sha256="ab" * 32)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
