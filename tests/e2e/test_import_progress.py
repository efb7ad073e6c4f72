"""The progress bar of an import, in Chromium: a job half done shows its rows done of the
total, the bar moves as batches commit without a reload, and the page reloads itself with
the outcome when the import has finished. At phone width the pages fit and pass axe."""

import pytest
from django.utils import translation

from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "Folio,CURP,Nombre,Primer apellido,Estándar,ECE,Fecha de emisión\n"


def _half_done_job():
    from certification.issuance.services import imports
    from conocer.core.roles import ensure_conocer_group
    from tests.certification.conftest import accredit
    from tests.core.csvimport_files import curp, upload
    from tests.factories import AwardingBodyFactory, StandardFactory, UserFactory

    admin = UserFactory(username="importadora", password="conocer-demo")
    admin.groups.add(ensure_conocer_group())
    standard = StandardFactory(code="EC0217.01")
    accredit(standard, awarding_body=AwardingBodyFactory(acronym="CONALEP"))
    rows = "".join(f"D-{n:010d},{curp(n)},Ana,Ruiz,EC0217.01,CONALEP,2009-03-31\n"
                   for n in range(1, 11))
    with translation.override("es"):
        job = imports.check_certificate_file(actor=admin, uploaded=upload(
            (HEADER + rows).encode()))
        imports.start_certificate_import(actor=admin, job_id=job.pk)
        imports.run_certificate_import(job_id=job.pk, max_batches=1)
    return job.pk


def _finish(job_id):
    from certification.issuance.services import imports

    imports.run_certificate_import(job_id=job_id)


def test_the_progress_bar_moves_and_the_page_shows_the_outcome(live_server, page,
                                                               monkeypatch):
    from certification.issuance.services import imports

    monkeypatch.setattr(imports.CERTIFICATES, "batch_size", 5)
    # The task is run by hand here, a batch at a time, instead of by a worker.
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit", lambda *a, **k: None)
    job_id = in_db(_half_done_job)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "importadora")
    page.goto(f"{live_server.url}/importar/certificados/{job_id}/")
    bar = page.locator("#import-bar")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("5", "10")
    assert "5 de 10" in page.locator("[data-progress-label]").inner_text() or \
        "5 of 10" in page.locator("[data-progress-label]").inner_text()
    look(page, "import-progress")
    in_db(lambda: _finish(job_id))
    page.wait_for_selector("text=/Finished on|Terminó el/", timeout=15_000)
    assert page.locator("#import-bar").evaluate("bar => bar.value") == 10
    assert page.locator("[data-progress-count='imported']").inner_text() == "10"
    page.goto(f"{live_server.url}/importar/certificados/")
    look(page, "import-upload")
