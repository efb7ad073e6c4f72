"""A certificate without its PDF yet gets it on its first download, rendered once even
when several ask at once (a worker, the sweep, two visitors)."""

import threading
import time

import pytest
from django.db import connections

from certification.issuance import pdf
from certification.issuance.services import pdfs
from conocer.core.models import AuditEvent
from tests.factories import CertificateFactory


@pytest.mark.django_db(transaction=True)
def test_two_downloads_at_once_render_the_pdf_once_and_get_the_same_file(monkeypatch):
    certificate = CertificateFactory()
    real_render, renders = pdf.render_certificate_pdf, []

    def slow_render(c):
        renders.append(c.pk)
        time.sleep(0.3)  # long enough for the other request to arrive meanwhile
        return real_render(c)

    monkeypatch.setattr(pdf, "render_certificate_pdf", slow_render)
    stored, start = [], threading.Barrier(2)

    def download():
        try:
            start.wait()
            found = pdfs.store_certificate_pdf(certificate_id=certificate.pk)
            stored.append((found.pdf_sha256, found.pdf.read()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renders == [certificate.pk]
    assert len(stored) == 2 and stored[0] == stored[1]
    assert AuditEvent.objects.filter(action="certificate.pdf_generated").count() == 1


@pytest.mark.django_db
def test_the_staff_download_renders_a_missing_pdf_instead_of_asking_to_come_back(
        client, django_user_model):
    from conocer.core.roles import ensure_conocer_group

    certificate = CertificateFactory()
    admin = django_user_model.objects.create_user("conocer")
    admin.groups.add(ensure_conocer_group())
    client.force_login(admin)
    response = client.get(f"/certificados/{certificate.folio}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
