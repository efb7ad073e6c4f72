"""A file the storage no longer has, or cannot give, is a page that says so — never a
500 (conocer/core/downloads.py). A certificate's PDF is rendered again from its frozen
facts instead."""

import logging

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage

from certification.issuance.models import Certificate
from tests.certification.holders.conftest import sign_in_as
from tests.test_url_matrix import World, _recognition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    cache.clear()
    world = World()
    world.pdf()
    _recognition(world)
    return world


def uploads(world):
    """(who downloads, the address, the stored file) of each uploaded file."""
    return {
        "evidence": (world.users["assessor"], f"/evidencias/{world.evidence.pk}/",
                     world.evidence.file),
        "correction": (world.users["reviewer"],
                       f"/correcciones/{world.correction.pk}/archivo/",
                       world.correction.attachment),
        "recognition": (world.users["conocer"],
                        f"/reconocimiento/gestion/solicitudes/"
                        f"{world.recognition['request'].pk}/archivo/",
                        world.recognition["request"].file),
    }


def pdf_downloads(world, client):
    """(the address, after signing in whoever downloads it) of each certificate PDF."""
    folio = world.certificate.folio

    def holder():
        sign_in_as(client, world.certificate.holder)
        return f"/mi-registro/certificados/{folio}/pdf/"

    def staff():
        client.force_login(world.users["reviewer"])
        return f"/certificados/{folio}/pdf/"

    return {"holder": holder, "staff": staff, "public": lambda: f"/verificar/{folio}/pdf/"}


@pytest.mark.parametrize("upload", ["evidence", "correction", "recognition"])
def test_an_uploaded_file_gone_from_storage_is_a_page_saying_so_and_an_error_logged(
        client, world, upload, caplog):
    user, address, stored = uploads(world)[upload]
    default_storage.delete(stored.name)
    client.force_login(user)
    with caplog.at_level(logging.ERROR, logger="conocer.core.downloads"):
        response = client.get(address)
    assert response.status_code == 404
    assert "core/file_unavailable.html" in [t.name for t in response.templates]
    assert "ya no tiene" in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "conocer.core.downloads"]
    assert str(stored.instance.pk) in record.getMessage()
    assert stored.instance.__class__.__name__ in record.getMessage()


@pytest.mark.parametrize("upload", ["evidence", "correction", "recognition"])
def test_a_storage_that_cannot_be_read_is_a_page_asking_to_try_again(
        client, world, upload, monkeypatch):
    user, address, _ = uploads(world)[upload]

    def refuse(self, name, mode="rb"):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_open", refuse)
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 503
    assert "Intentar de nuevo" in response.content.decode()


@pytest.mark.parametrize("who", ["holder", "staff", "public"])
def test_a_certificate_pdf_gone_from_storage_is_rendered_again_and_downloaded(
        client, world, who):
    default_storage.delete(world.certificate.pdf.name)
    response = client.get(pdf_downloads(world, client)[who]())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert default_storage.exists(Certificate.objects.get(pk=world.certificate.pk).pdf.name)


@pytest.mark.parametrize("who", ["holder", "staff", "public"])
def test_a_storage_that_cannot_take_a_certificate_pdf_is_a_page_asking_to_try_again(
        client, world, who, monkeypatch):
    default_storage.delete(world.certificate.pdf.name)

    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    response = client.get(pdf_downloads(world, client)[who]())
    assert response.status_code == 503
    assert "Intentar de nuevo" in response.content.decode()


def test_a_certificate_pdf_gone_between_rendering_and_opening_is_rendered_once_more(
        client, world, monkeypatch):
    from certification.issuance.services import pdfs

    real, calls = pdfs.store_certificate_pdf, []

    def store_then_lose(**kwargs):
        certificate = real(**kwargs)
        calls.append(certificate.pk)
        if len(calls) == 1:  # another process deletes it at this moment
            default_storage.delete(certificate.pdf.name)
        return certificate

    monkeypatch.setattr(pdfs, "store_certificate_pdf", store_then_lose)
    client.force_login(world.users["reviewer"])
    response = client.get(f"/certificados/{world.certificate.folio}/pdf/")
    assert response.status_code == 200 and len(calls) == 2
    assert b"".join(response.streaming_content).startswith(b"%PDF")


class BucketUnreachable(Exception):
    """What a cloud storage client raises (botocore's errors are not OSError)."""


@pytest.mark.parametrize("who", ["holder", "staff", "public"])
def test_a_bucket_that_does_not_answer_is_a_page_asking_to_try_again(
        client, world, who, monkeypatch, caplog):
    def unreachable(self, name):
        raise BucketUnreachable("Could not connect to the endpoint URL")

    monkeypatch.setattr(FileSystemStorage, "exists", unreachable)
    address = pdf_downloads(world, client)[who]()
    with caplog.at_level(logging.ERROR, logger="conocer.core.downloads"):
        response = client.get(address)
    assert response.status_code == 503
    assert "Intentar de nuevo" in response.content.decode()
    assert any(address in r.getMessage() for r in caplog.records
               if r.name == "conocer.core.downloads")


def test_a_holder_asking_for_someone_elses_pdf_is_still_refused(client, world):
    from tests.factories import CertificateFactory

    other = CertificateFactory()
    sign_in_as(client, world.certificate.holder)
    response = client.get(f"/mi-registro/certificados/{other.folio}/pdf/")
    assert response.status_code in (302, 404)
