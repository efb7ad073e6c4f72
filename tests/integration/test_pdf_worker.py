import time

import pytest
from django.core.files.storage import default_storage

from certification.issuance.models import Certificate
from certification.issuance.services import requests

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_produces_the_pdf_after_an_approval(worker, submitted_request, reviewer):
    certificate = requests.approve_request(actor=reviewer, request_id=submitted_request.pk)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        certificate = Certificate.objects.get(pk=certificate.pk)
        if certificate.pdf_sha256:
            break
        time.sleep(0.5)
    assert certificate.pdf_sha256, "the worker did not produce the PDF in 90 s"
    with default_storage.open(certificate.pdf.name, "rb") as stored:
        assert stored.read(5) == b"%PDF-"
