"""Importing historical certificates: the dry run, each row's problem, the import through
import_certificate, re-running without duplicates, and who may do it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from bodies.models import Membership
from certification.assessment.models import Person
from certification.issuance.models import Certificate
from certification.issuance.services import imports
from conocer.core import clock, import_retention
from conocer.core import imports as core_imports
from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied, ServiceError
from conocer.core.models import ImportJob
from conocer.core.roles import ensure_conocer_group
from standards.models import Standard
from tests.certification.conftest import accredit
from tests.core.csvimport_files import curp, upload
from tests.factories import (
    AssessmentCentreFactory,
    AwardingBodyFactory,
    PersonFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

HEADER = ["Folio", "CURP", "Nombre(s)", "Primer apellido", "Segundo apellido", "Estándar",
          "Entidad de certificación", "Centro de evaluación", "Fecha de emisión", "Estatus",
          "Motivo"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    user = UserFactory(username="conocer-importa")
    user.groups.add(ensure_conocer_group())
    return user


@pytest.fixture
def world():
    standard = StandardFactory(code="EC0217.01", legacy_code="NUGCH001.01",
                               title="Impartición de cursos de formación del capital humano")
    body = AwardingBodyFactory(name="Colegio Nacional de Educación Profesional Técnica",
                               acronym="CONALEP")
    centre = AssessmentCentreFactory(awarding_body=body, code="CE-TOL-01",
                                     name="CONALEP Toluca")
    accredit(standard, awarding_body=body)
    return {"standard": standard, "body": body, "centre": centre}


def row(n, **changes):
    values = {"Folio": f"D-{9441500 + n:010d}", "CURP": curp(n), "Nombre(s)": "Begoña",
              "Primer apellido": "Núñez", "Segundo apellido": "Peña",
              "Estándar": "EC0217.01", "Entidad de certificación": "CONALEP",
              "Centro de evaluación": "CE-TOL-01", "Fecha de emisión": "31/03/2009",
              "Estatus": "vigente", "Motivo": ""}
    values.update(changes)
    return [values[name] for name in HEADER]


def check(admin, rows, **options):
    return imports.check_certificate_file(actor=admin, uploaded=upload([HEADER, *rows],
                                                                        **options))


@pytest.fixture
def run_all(django_capture_on_commit_callbacks):
    """Start the import; its task runs (eagerly) once the start commits."""
    def run(admin, job):
        with django_capture_on_commit_callbacks(execute=True):
            imports.start_certificate_import(actor=admin, job_id=job.pk)
        job.refresh_from_db()
        return job
    return run


def messages(job):
    return [problem["message"] for problem in job.problems]


def test_the_dry_run_counts_what_would_be_imported_and_imports_nothing(admin, world):
    job = check(admin, [row(1), row(2), row(3, CURP="GABB900517MJCBRN01")])
    assert (job.status, job.total_rows, job.ready_rows, job.refused_rows) == (
        "checked", 3, 2, 1)
    assert Certificate.objects.count() == 0
    assert Person.objects.count() == 0


@pytest.mark.parametrize(("changes", "expected"), [
    ({"CURP": "GABB900517MJCBRN01"}, "check digit"),
    ({"CURP": "", "Nombre(s)": "Ana"}, "CURP or, if they have none"),
    ({"Estándar": "EC9999"}, "EC9999 is not a standard of the catalogue."),
    ({"Estándar": "EC0217"}, "Did you mean EC0217.01?"),
    ({"Entidad de certificación": "ECE Desconocida"},
     "No awarding body is called ECE Desconocida."),
    ({"Centro de evaluación": "CE-OTRO"}, "No assessment centre of this awarding body"),
    ({"Folio": "D-123"}, "D- followed by 10 digits"),
    ({"Folio": ""}, "Missing: the folio."),
    ({"Fecha de emisión": "31/02/2009"}, "Not a date"),
    ({"Fecha de emisión": "2099-01-01"}, "in the future"),
    ({"Estatus": "revocado"}, "needs the reason"),
    ({"Estatus": "perdido"}, "Unknown status"),
    ({"Primer apellido": ""}, "Missing: the person's first surname."),
])
def test_each_row_problem_is_said_in_plain_words(admin, world, changes, expected):
    job = check(admin, [row(1, **changes)])
    assert job.refused_rows == 1
    assert any(expected in message for message in messages(job)), messages(job)
    assert job.problems[0]["line"] == 2


def test_a_legacy_ntcl_code_finds_its_standard(admin, world):
    job = check(admin, [row(1, **{"Estándar": "nugch001.01"})])
    assert job.ready_rows == 1


def test_a_standard_never_published_is_refused(admin, world):
    StandardFactory(code="EC9001", status=Standard.Status.DRAFT)
    job = check(admin, [row(1, **{"Estándar": "EC9001"})])
    assert "EC9001 was never published: no certificate can be in it." in messages(job)


def test_a_folio_twice_in_the_file_is_refused_on_its_second_line(admin, world):
    job = check(admin, [row(1), row(2, Folio=row(1)[0])])
    assert job.ready_rows == 1
    assert messages(job) == [f"Folio {row(1)[0]} is also on line 2."]
    assert job.problems[0]["line"] == 3


def test_a_holder_without_curp_needs_document_and_birth_date(admin, world):
    header = [*HEADER, "Tipo de documento", "Número de documento", "País emisor",
              "Fecha de nacimiento"]
    rows = [[*row(1, CURP=""), "pasaporte", "G1234567", "GT", "1985-02-03"],
            [*row(2, CURP=""), "pasaporte", "G7654321", "GT", ""]]
    job = imports.check_certificate_file(actor=admin, uploaded=upload([header, *rows]))
    assert job.ready_rows == 1
    assert messages(job) == ["Missing: the birth date (needed when the person has no CURP)."]


def test_importing_keeps_the_folio_signs_it_and_records_it_was_imported(run_all, admin, world):
    job = run_all(admin, check(admin, [row(1), row(2)]))
    assert (job.status, job.processed_rows, job.imported_rows) == ("done", 2, 2)
    certificate = Certificate.objects.get(folio="D-0009441501")
    assert certificate.claims["folio"] == "D-0009441501"
    assert certificate.claims["holder_name"] == "Begoña Núñez Peña"
    assert certificate.centre == world["centre"]
    assert certificate.issued_on == datetime.date(2009, 3, 31)
    assert certificate.qr_token and certificate.credential
    assert [e.action for e in events_about(certificate)] == ["certificate.imported"]


def test_a_revoked_certificate_is_imported_then_revoked_with_its_reason(run_all, admin, world):
    run_all(admin, check(admin, [row(1, Estatus="revocado", Motivo="Evidencia apócrifa.")]))
    certificate = Certificate.objects.get()
    assert (certificate.status, certificate.status_reason) == ("revoked",
                                                               "Evidencia apócrifa.")
    assert [e.action for e in events_about(certificate)] == ["certificate.imported",
                                                             "certificate.revoked"]


def test_an_existing_person_is_reused_not_duplicated(run_all, admin, world):
    person = PersonFactory(curp=curp(1), given_names="Begoña", first_surname="Núñez",
                           second_surname="Peña", birth_date=datetime.date(1990, 5, 17))
    run_all(admin, check(admin, [row(1)]))
    assert Person.objects.get() == person
    assert Certificate.objects.get().holder == person


def test_a_known_curp_with_another_name_is_refused(admin, world):
    PersonFactory(curp=curp(1), given_names="Rosa", first_surname="Luna",
                  second_surname="", birth_date=datetime.date(1990, 5, 17))
    job = check(admin, [row(1)])
    assert job.refused_rows == 1
    assert "The registry knows this person as Rosa Luna" in messages(job)[0]


def test_running_the_same_file_again_duplicates_nothing(run_all, admin, world):
    rows = [row(1), row(2, Estatus="cancelado", Motivo="Emitido por error.")]
    run_all(admin, check(admin, rows))
    again = check(admin, rows)
    assert (again.ready_rows, again.skipped_rows, again.refused_rows) == (0, 2, 0)
    assert Certificate.objects.count() == 2
    with pytest.raises(Exception, match="Nothing to import"):
        imports.start_certificate_import(actor=admin, job_id=again.pk)


def test_a_folio_already_in_the_registry_with_other_facts_is_refused(run_all, admin, world):
    run_all(admin, check(admin, [row(1)]))
    job = check(admin, [row(1, **{"Fecha de emisión": "01/04/2009"})])
    assert messages(job) == [
        "Folio D-0009441501 is already in the registry with other facts: issue date."]


def test_a_certificate_revoked_since_its_import_is_revoked_on_the_next_run(run_all, admin, world):
    run_all(admin, check(admin, [row(1)]))
    job = run_all(admin, check(admin, [row(1, Estatus="revocado", Motivo="Fraude.")]))
    assert job.imported_rows == 1
    assert Certificate.objects.get().status == "revoked"


def test_a_job_half_done_shows_how_many_rows_of_how_many(admin, world, client, monkeypatch):
    monkeypatch.setattr(imports.CERTIFICATES, "batch_size", 5)
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit", lambda *a, **k: None)
    job = check(admin, [row(n) for n in range(10)])
    imports.start_certificate_import(actor=admin, job_id=job.pk)  # the task is not queued
    assert imports.run_certificate_import(job_id=job.pk, max_batches=1) is True
    client.force_login(admin)
    progress = client.get(reverse("issuance:import_progress", kwargs={"pk": job.pk})).json()
    assert (progress["processed"], progress["total"], progress["percent"]) == (5, 10, 50)
    assert progress["finished"] is False
    page = client.get(reverse("issuance:import_job", kwargs={"pk": job.pk})).content.decode()
    assert '<progress id="import-bar" max="10" value="5">50%</progress>' in page
    assert "5 de 10 filas procesadas" in page or "5 of 10 rows processed" in page
    assert Certificate.objects.count() == 5


def test_an_import_that_stops_resumes_where_it_stopped(run_all, admin, world, monkeypatch):
    monkeypatch.setattr(imports.CERTIFICATES, "batch_size", 2)
    real = imports.CertificateImporter.apply
    failing = {"line": 5}

    def apply(self, *, line, **kwargs):
        if line == failing["line"]:
            raise RuntimeError("the database went away")
        return real(self, line=line, **kwargs)

    monkeypatch.setattr(imports.CertificateImporter, "apply", apply)
    job = run_all(admin, check(admin, [row(n) for n in range(6)]))
    assert (job.status, job.processed_rows, Certificate.objects.count()) == ("failed", 2, 2)
    assert "resume" in job.error
    failing["line"] = None
    job = run_all(admin, job)
    assert (job.status, job.processed_rows, job.imported_rows) == ("done", 6, 6)
    assert Certificate.objects.count() == 6


def test_a_second_run_of_the_same_job_does_nothing(run_all, admin, world):
    job = run_all(admin, check(admin, [row(1)]))
    assert imports.run_certificate_import(job_id=job.pk) is False
    assert Certificate.objects.count() == 1


def test_a_centre_cannot_import_certificates(world, client):
    staff = member_of(Membership.Role.ADMINISTRATOR, centre=world["centre"])
    with pytest.raises(PermissionDenied):
        imports.check_certificate_file(actor=staff, uploaded=upload([HEADER, row(1)]))
    client.force_login(staff)
    assert client.get(reverse("issuance:import_upload")).status_code == 403
    response = client.post(reverse("issuance:import_upload"),
                           {"file": upload([HEADER, row(1)])})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_awarding_body_cannot_see_an_import_job(admin, world, client):
    job = check(admin, [row(1)])
    reviewer = member_of(Membership.Role.ADMINISTRATOR, awarding_body=world["body"])
    client.force_login(reviewer)
    for name in ("import_job", "import_progress", "import_problems"):
        url = reverse(f"issuance:{name}", kwargs={"pk": job.pk})
        assert client.get(url).status_code == 403, name


def test_a_formula_in_a_cell_is_kept_as_text_and_neutralised_in_the_problems_csv(run_all,
        admin, world, client):
    formula = '=HYPERLINK("http://example.com","x")'
    job = check(admin, [row(1, **{"Nombre(s)": formula}),
                        row(2, **{"Estándar": "=1+2", "Motivo": "'@SUM(A1)"})])
    run_all(admin, job)
    assert Person.objects.get().given_names == formula  # data, never evaluated
    client.force_login(admin)
    response = client.get(reverse("issuance:import_problems", kwargs={"pk": job.pk}))
    text = b"".join(response.streaming_content).decode()
    assert "'=1+2" in text and ",=1+2" not in text


def test_a_latin1_file_with_semicolons_is_read(run_all, admin, world):
    job = check(admin, [row(1)], delimiter=";", encoding="cp1252")
    assert (job.encoding, job.delimiter, job.ready_rows) == ("cp1252", ";", 1)
    run_all(admin, job)
    assert Person.objects.get().full_name == "Begoña Núñez Peña"


def test_the_upload_page_shows_a_bad_file_as_a_field_error(admin, world, client):
    client.force_login(admin)
    for data, expected in [
            (b"", "The file is empty."),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not text"),
            (b"Folio,CURP\nD-0009441501,X\n", "The file lacks the columns")]:
        response = client.post(reverse("issuance:import_upload"),
                               {"file": upload(data, name="x.csv")}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert expected in response.content.decode() or expected in str(
            response.context["form"].errors), expected
    assert not ImportJob.objects.exists()


def test_the_whole_journey_through_the_pages(admin, world, client,
                                             django_capture_on_commit_callbacks):
    client.force_login(admin)
    response = client.post(reverse("issuance:import_upload"),
                           {"file": upload([HEADER, row(1), row(2, CURP="X")])}, follow=True)
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == reverse("issuance:import_job",
                                                     kwargs={"pk": job.pk})
    page = response.content.decode()
    assert "A CURP has exactly 18 characters" in page or "CURP tiene" in page
    start = reverse("issuance:import_start", kwargs={"pk": job.pk})
    assert client.post(start).status_code == 200  # asks first
    assert Certificate.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"confirmed": "yes"})
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == ("done", 1)


def test_the_example_file_passes_its_own_check(admin, world, client):
    client.force_login(admin)
    response = client.get(reverse("issuance:import_sample"))
    data = b"".join(response.streaming_content)
    job = imports.check_certificate_file(actor=admin, uploaded=upload(data))
    assert (job.total_rows, job.refused_rows) == (1, 0)


# Retention of the uploaded files ----------------------------------------------------------

def days_later(days):
    return clock.now() + datetime.timedelta(days=days)


def test_a_file_past_its_retention_is_deleted_with_the_values_its_problems_quote(
        run_all, admin, world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    job = run_all(admin, check(admin, [row(1), row(2, CURP="XXXX000000XXXXXX00")]))
    stored = job.file.name
    assert job.file.storage.exists(stored) and job.problems[0]["value"]
    assert import_retention.delete_old_files(now=days_later(91)) == 1
    job.refresh_from_db()
    assert not job.file and not job.file.storage.exists(stored)
    assert job.file_deleted_at is not None
    assert job.problems and all(problem["value"] == problem["message"] == ""
                                for problem in job.problems)
    assert job.problems[0]["line"] and job.imported_rows == 1
    [event] = [e for e in events_about(job) if e.action == "import.file_deleted"]
    assert event.actor is None and event.data["retention_days"] == 90


def test_a_file_within_its_retention_is_kept(run_all, admin, world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    job = run_all(admin, check(admin, [row(1)]))
    assert import_retention.delete_old_files(now=days_later(89)) == 0
    job.refresh_from_db()
    assert job.file and job.file_deleted_at is None


def test_deleting_old_files_twice_deletes_each_once(run_all, admin, world):
    run_all(admin, check(admin, [row(1)]))
    assert import_retention.delete_old_files(now=days_later(400)) == 1
    assert import_retention.delete_old_files(now=days_later(401)) == 0


def test_a_checked_file_whose_retention_ended_can_no_longer_be_imported(admin, world, client):
    job = check(admin, [row(1)])
    import_retention.delete_old_files(now=days_later(400))
    with pytest.raises(ServiceError, match="retention"):
        imports.start_certificate_import(actor=admin, job_id=job.pk)
    client.force_login(admin)
    page = client.get(reverse("issuance:import_job", kwargs={"pk": job.pk}),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "end of the retention period" in page
    assert "Import 1 row" not in page and "Nothing to import" not in page


def test_the_retention_runs_every_day(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.delete_old_import_files" in tasks


def test_the_admin_lists_imports_without_their_files_or_problems(admin, world, client):
    job = check(admin, [row(1)])
    superuser = UserFactory(username="raiz", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    listing = client.get("/admin/core/importjob/")
    assert listing.status_code == 200 and job.original_name in listing.content.decode()
    detail = client.get(f"/admin/core/importjob/{job.pk}/change/").content.decode()
    assert curp(1) not in detail and job.file.name not in detail


# A large file is checked by a task --------------------------------------------------------

@pytest.fixture
def large(settings):
    """Every file counts as large: checked by the task, not in the upload's request."""
    settings.IMPORT_INLINE_CHECK_BYTES = 0


def test_a_large_file_is_received_counted_and_left_for_the_check_task(
        admin, world, large, monkeypatch):
    queued = []
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit",
                        lambda name, *args, **kw: queued.append((name, args)))
    job = check(admin, [row(1), row(2, CURP="XXXX")])
    assert (job.status, job.total_rows, job.ready_rows, job.problems) == (
        "checking", 2, 0, [])
    assert [e.action for e in events_about(job)] == ["import.received"]
    assert queued == [("core.check_import", (job.pk,))]


def test_the_check_task_finds_what_the_inline_check_finds(
        admin, world, large, django_capture_on_commit_callbacks, settings):
    rows = [row(1), row(2, CURP="XXXX"), row(3, Estándar="EC9999")]
    with django_capture_on_commit_callbacks(execute=True):
        job = check(admin, rows)
    job.refresh_from_db()
    settings.IMPORT_INLINE_CHECK_BYTES = 10_000_000
    inline = check(admin, rows)
    assert job.status == "checked" and job.processed_rows == 0
    assert (job.total_rows, job.ready_rows, job.refused_rows) == (
        inline.total_rows, inline.ready_rows, inline.refused_rows) == (3, 1, 2)
    assert job.problems == inline.problems
    assert "import.checked" in [e.action for e in events_about(job)]


def test_the_page_of_a_file_being_checked_shows_its_progress_and_no_import_button(
        admin, world, large, client, monkeypatch):
    monkeypatch.setattr(imports.CERTIFICATES, "chunk_size", 2)
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit", lambda *a, **k: None)
    job = check(admin, [row(n) for n in range(5)])
    seen = []
    real_check = imports.CERTIFICATES.check

    def check_and_look(chunk, context):
        seen.append(ImportJob.objects.get(pk=job.pk).processed_rows)
        return real_check(chunk, context)

    monkeypatch.setattr(imports.CERTIFICATES, "check", check_and_look)
    client.force_login(admin)
    page = client.get(reverse("issuance:import_job", kwargs={"pk": job.pk}),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<progress id="check-bar" max="5" value="0">' in page
    assert "0 of 5 rows checked" in page and "Import 5 rows" not in page
    with pytest.raises(ServiceError, match="still being checked"):
        imports.start_certificate_import(actor=admin, job_id=job.pk)
    assert core_imports.run_check(job_id=job.pk) is True
    assert seen == [0, 2, 4]  # the progress moved chunk by chunk
    progress = client.get(reverse("issuance:import_progress", kwargs={"pk": job.pk})).json()
    assert progress["status"] == "checked"


def test_a_check_whose_task_was_lost_is_queued_again_by_the_sweep(
        admin, world, large, monkeypatch):
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit", lambda *a, **k: None)
    published = []
    monkeypatch.setattr("conocer.core.imports.publish",
                        lambda name, *args, **kw: published.append((name, args)) or True)
    job = check(admin, [row(1)])
    assert core_imports.requeue_lost_checks() == 0  # not lost yet
    with clock.travel_to(days_later(0) + datetime.timedelta(minutes=11)):
        assert core_imports.requeue_lost_checks() == 1
    assert published == [("core.check_import", (job.pk,))]


def test_a_check_that_breaks_stops_the_job_and_it_cannot_be_imported(
        admin, world, large, monkeypatch, client):
    monkeypatch.setattr("conocer.core.imports.enqueue_after_commit", lambda *a, **k: None)
    job = check(admin, [row(1)])

    def broken(chunk, context):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports.CERTIFICATES, "check", broken)
    assert core_imports.run_check(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == "failed" and "upload the file again" in job.error
    with pytest.raises(ServiceError, match="upload the file again"):
        imports.start_certificate_import(actor=admin, job_id=job.pk)
    client.force_login(admin)
    page = client.get(reverse("issuance:import_job", kwargs={"pk": job.pk}),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "upload the file again" in page and "Resume the import" not in page
