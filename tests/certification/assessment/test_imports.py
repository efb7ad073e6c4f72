"""A centre registers candidates from a CSV file: the dry run, each row's problem, the
import through register_candidate, re-running without duplicates, who may see a job."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from bodies.models import Membership
from certification.assessment.models import Candidacy, Person
from certification.assessment.services import imports
from conocer.core.audit import events_about
from conocer.core.errors import PermissionDenied
from conocer.core.models import ImportJob
from tests.core.csvimport_files import curp, upload
from tests.factories import (
    AssessmentCentreFactory,
    CandidacyFactory,
    PersonFactory,
    StandardFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

HEADER = ["CURP", "Nombre(s)", "Primer apellido", "Segundo apellido", "Estándar",
          "Aviso de privacidad", "Correo electrónico"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(centre):
    return member_of(Membership.Role.ADMINISTRATOR, "coordinacion", centre=centre)


def row(n, **changes):
    values = {"CURP": curp(n), "Nombre(s)": "Xóchitl", "Primer apellido": "Ibáñez",
              "Segundo apellido": f"Ruiz{'ab'[n % 2]}{n}", "Estándar": "EC0217",
              "Aviso de privacidad": "sí", "Correo electrónico": ""}
    values.update(changes)
    return [values[name] for name in HEADER]


def check(staff, rows, header=HEADER, **options):
    return imports.check_candidate_file(actor=staff, uploaded=upload([header, *rows],
                                                                      **options))


@pytest.fixture
def run_all(django_capture_on_commit_callbacks):
    def run(staff, job):
        with django_capture_on_commit_callbacks(execute=True):
            imports.start_candidate_import(actor=staff, job_id=job.pk)
        job.refresh_from_db()
        return job
    return run


def messages(job):
    return [problem["message"] for problem in job.problems]


def test_the_dry_run_registers_nobody(staff, standard):
    job = check(staff, [row(1), row(2)])
    assert (job.total_rows, job.ready_rows, job.refused_rows) == (2, 2, 0)
    assert not Person.objects.exists()


def test_importing_registers_people_as_candidates_of_the_centre(run_all, staff, centre,
                                                                standard):
    job = run_all(staff, check(staff, [row(1), row(2, **{"Correo electrónico":
                                                          "xochitl@example.mx"})]))
    assert (job.status, job.imported_rows) == ("done", 2)
    candidacies = Candidacy.objects.filter(centre=centre)
    assert candidacies.count() == 2
    assert Person.objects.get(curp=curp(2)).email == "xochitl@example.mx"
    candidacy = candidacies.get(person__curp=curp(1))
    assert candidacy.privacy_consent_at is not None
    actions = [e.action for e in events_about(candidacy)]
    assert actions == ["candidacy.registered", "candidacy.imported"]
    assert events_about(candidacy).last().data["standard"] == "EC0217"


@pytest.mark.parametrize(("changes", "expected"), [
    ({"CURP": "GABB900517MJCBRN01"}, "check digit"),
    ({"Estándar": "EC9999"}, "EC9999 is not a standard of the catalogue."),
    ({"Aviso de privacidad": "no"}, "must accept the privacy notice"),
    ({"Correo electrónico": "no-es-correo"}, "Not an e-mail address."),
    ({"Nombre(s)": ""}, "Missing: the person's given names."),
])
def test_each_row_problem_is_said_in_plain_words(staff, standard, changes, expected):
    job = check(staff, [row(1, **changes)])
    assert job.refused_rows == 1
    assert any(expected in message for message in messages(job)), messages(job)


def test_a_standard_the_centre_is_not_accredited_for_is_refused(staff, standard):
    StandardFactory(code="EC0301")
    job = check(staff, [row(1, **{"Estándar": "EC0301"})])
    assert messages(job) == ["Your centre is not accredited for EC0301 today."]


def test_a_person_twice_in_the_file_is_refused_on_the_second_line(staff, standard):
    job = check(staff, [row(1), row(1)])
    assert (job.ready_rows, job.refused_rows) == (1, 1)
    assert messages(job) == ["This person is also on line 2."]


def test_a_file_without_the_privacy_consent_column_is_refused(staff, standard):
    with pytest.raises(Exception, match="Privacy notice accepted"):
        check(staff, [row(1)[:5]], header=HEADER[:5])


def test_running_the_same_file_again_registers_nobody_twice(run_all, staff, centre, standard):
    rows = [row(1), row(2)]
    run_all(staff, check(staff, rows))
    again = check(staff, rows)
    assert (again.ready_rows, again.skipped_rows) == (0, 2)
    assert Candidacy.objects.filter(centre=centre).count() == 2


def test_a_person_known_elsewhere_is_linked_not_duplicated(run_all, staff, centre, standard):
    elsewhere = CandidacyFactory(person__curp=curp(1), person__birth_date=datetime.date(
        1990, 5, 17))
    job = run_all(staff, check(staff, [row(1)]))
    assert job.imported_rows == 1
    assert Person.objects.count() == 1
    assert set(elsewhere.person.candidacies.values_list("centre", flat=True)) == {
        elsewhere.centre_id, centre.pk}


def test_a_namesake_under_another_identity_is_left_to_the_form(staff, standard):
    PersonFactory(curp="", id_document_type="passport", id_document_number="P1",
                  id_document_country="US", given_names="Xóchitl", first_surname="Ibáñez",
                  second_surname="Ruizb1", birth_date=datetime.date(1990, 5, 17))
    job = check(staff, [row(1)])
    assert "Register this person with the form" in messages(job)[0]


def test_a_semicolon_latin1_file_is_read(run_all, staff, standard):
    job = run_all(staff, check(staff, [row(1)], delimiter=";", encoding="cp1252"))
    assert Person.objects.get().given_names == "Xóchitl"
    assert job.imported_rows == 1


def test_an_awarding_body_reviewer_cannot_import_candidates(body, standard, client):
    reviewer = member_of(Membership.Role.REVIEWER, awarding_body=body)
    with pytest.raises(PermissionDenied):
        check(reviewer, [row(1)])
    client.force_login(reviewer)
    assert client.get(reverse("assessment:import_upload")).status_code == 403


def test_another_centres_staff_cannot_see_a_job(staff, standard, client):
    job = check(staff, [row(1)])
    other = member_of(Membership.Role.ADMINISTRATOR, centre=AssessmentCentreFactory())
    client.force_login(other)
    for name in ("import_job", "import_progress", "import_problems", "import_start"):
        url = reverse(f"assessment:{name}", kwargs={"pk": job.pk})
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("assessment:import_start", kwargs={"pk": job.pk}),
                       {"confirmed": "yes"}).status_code == 404
    assert ImportJob.objects.get().status == "checked"


def test_the_centres_page_imports_a_file_end_to_end(staff, standard, client,
                                                    django_capture_on_commit_callbacks):
    client.force_login(staff)
    response = client.post(reverse("assessment:import_upload"),
                           {"file": upload([HEADER, row(1)])}, follow=True)
    job = ImportJob.objects.get()
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:import_start", kwargs={"pk": job.pk}),
                    {"confirmed": "yes"})
    page = client.get(reverse("assessment:import_job", kwargs={"pk": job.pk}))
    assert 'value="1"' in page.content.decode()
    assert Candidacy.objects.count() == 1


def test_a_binary_upload_is_a_field_error_not_a_server_error(staff, standard, client):
    client.force_login(staff)
    response = client.post(reverse("assessment:import_upload"),
                           {"file": upload(b"\x00\x01binario", name="x.csv")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
