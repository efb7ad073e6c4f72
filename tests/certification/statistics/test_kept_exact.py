"""The summary tables follow every certificate change in its own transaction, and the
nightly repair finds nothing to correct in tables kept that way."""

import datetime

import pytest

from certification.issuance.services import certificates
from certification.statistics import services
from certification.statistics.models import BodyCount, PeopleCount, StandardCount
from tests.factories import PersonFactory

from .conftest import approve, assert_tables_match_rows, table_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(standard, centre, assessor_user, reviewer):
    return approve(reviewer, assessor_user, person=PersonFactory(), centre=centre,
                   standard=standard)


def test_an_approval_adds_one_valid_certificate_in_its_year_standard_and_state(issued):
    cell = StandardCount.objects.get()
    assert (cell.year, cell.standard_id, cell.state, cell.status, cell.count) == (
        issued.issued_on.year, issued.standard_id, "MEX", "valid", 1)
    assert BodyCount.objects.get().awarding_body_id == issued.awarding_body_id


def test_the_holders_sex_and_age_come_from_the_curp_on_the_certificate(issued):
    cell = PeopleCount.objects.get()
    curp = issued.holder.curp
    assert cell.sex == curp[10]
    assert cell.age_band != ""


def test_revoking_moves_the_certificate_to_the_revoked_group(issued, body_admin):
    certificates.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                      status="revoked", reason="Suplantación.")
    assert table_total(StandardCount, status="valid") == 0
    assert table_total(StandardCount, status="revoked") == 1
    assert_tables_match_rows()


def test_cancelling_uncounts_the_certificate(issued, body_admin):
    certificates.withdraw_certificate(actor=body_admin, certificate_id=issued.pk,
                                      status="cancelled", reason="Emitido por error.")
    assert table_total(StandardCount) == 0
    assert_tables_match_rows()


def test_a_corrected_reissue_counts_once_in_its_own_year(issued, body_admin):
    new = certificates.reissue_certificate(actor=body_admin, certificate_id=issued.pk,
                                           reason="Nombre mal escrito.")
    assert table_total(StandardCount) == 1
    assert table_total(StandardCount, year=new.issued_on.year) == 1
    assert_tables_match_rows()


def test_an_import_counts_in_the_year_it_was_issued(standard, centre, conocer_admin):
    certificates.import_certificate(
        actor=conocer_admin, folio="D-0009441521", holder=PersonFactory(), standard=standard,
        awarding_body=centre.awarding_body, issued_on=datetime.date(2012, 3, 9))
    assert table_total(StandardCount, year=2012) == 1
    assert StandardCount.objects.get().state == centre.awarding_body.state
    assert_tables_match_rows()


def test_the_repair_finds_nothing_to_correct_after_a_mixed_sequence(
        standard, centre, assessor_user, reviewer, body_admin, conocer_admin):
    person = PersonFactory()
    a = approve(reviewer, assessor_user, person=person, centre=centre, standard=standard)
    b = approve(reviewer, assessor_user, person=PersonFactory(), centre=centre,
                standard=standard)
    c = approve(reviewer, assessor_user, person=PersonFactory(), centre=centre, standard=standard)
    certificates.withdraw_certificate(actor=body_admin, certificate_id=a.pk,
                                      status="revoked", reason="Suplantación.")
    renewed = certificates.reissue_certificate(actor=body_admin, certificate_id=b.pk,
                                               reason="Nombre mal escrito.")
    certificates.withdraw_certificate(actor=body_admin, certificate_id=c.pk,
                                      status="cancelled", reason="Emitido por error.")
    certificates.reissue_certificate(actor=body_admin, certificate_id=renewed.pk,
                                     reason="Otra corrección.")
    certificates.import_certificate(
        actor=conocer_admin, folio="D-0009441521", holder=person, standard=standard,
        awarding_body=centre.awarding_body, issued_on=datetime.date(2012, 3, 9))
    assert services.repair_statistics().cells == 0
    assert_tables_match_rows()


def test_the_repair_corrects_a_tampered_table_and_says_how_many_cells(issued):
    StandardCount.objects.update(count=7)
    PeopleCount.objects.all().delete()
    BodyCount.objects.create(year=1999, kind="standard", standard_id=issued.standard_id,
                             state="YUC", status="valid",
                             awarding_body_id=issued.awarding_body_id, count=3)
    repair = services.repair_statistics()
    assert repair.corrected == {"standardcount": 1, "bodycount": 1, "peoplecount": 1,
                                "verdictcount": 0}
    assert_tables_match_rows()
    assert services.repair_statistics().cells == 0


def _born_2000(serial):
    from conocer.demo.people import build_curp

    return PersonFactory(curp=build_curp(
        given_names="Itzel", first_surname="Tzompa", second_surname=f"Peña{'x' * serial}",
        birth_date=datetime.date(2000, 3, 10), sex="M", state="PUE", homonym=serial),
        birth_date=datetime.date(2000, 3, 10))


def test_age_is_counted_on_the_day_of_issue_in_python_and_in_sql(db):
    from certification.issuance import hooks
    from tests.factories import CertificateFactory

    for serial, issued_on in enumerate((datetime.date(2025, 3, 9), datetime.date(2025, 3, 10))):
        certificate = CertificateFactory(holder=_born_2000(serial), issued_on=issued_on)
        services.count_certificate(certificate, hooks.ISSUED)
    assert dict(PeopleCount.objects.values_list("age_band", "count")) == {
        "under_25": 1, "25_34": 1}
    assert set(PeopleCount.objects.values_list("sex", flat=True)) == {"M"}
    assert services.repair_statistics().cells == 0


def test_a_later_change_to_the_persons_record_moves_none_of_their_cells(issued):
    from certification.assessment.models import Person
    from conocer.demo.people import build_curp

    born = datetime.date(1950, 1, 1)
    Person.objects.filter(pk=issued.holder_id).update(birth_date=born, curp=build_curp(
        given_names="Raúl", first_surname="Xolalpa", second_surname="Ibáñez", birth_date=born,
        sex="M" if issued.holder.curp[10] == "H" else "H", state="OAX"))
    assert services.repair_statistics().cells == 0


def test_a_change_is_seen_at_once_though_figures_are_cached(
        standard, centre, assessor_user, reviewer, body_admin):
    from certification.statistics import selectors

    first = approve(reviewer, assessor_user, person=PersonFactory(), centre=centre,
                    standard=standard)
    assert selectors.by_year().total == 1
    approve(reviewer, assessor_user, person=PersonFactory(), centre=centre, standard=standard)
    assert selectors.by_year().total == 2
    certificates.withdraw_certificate(actor=body_admin, certificate_id=first.pk,
                                      status="cancelled", reason="Emitido por error.")
    assert selectors.dashboard()["by_year"].total == 1


def test_a_cache_outage_neither_stops_issuance_nor_the_figures(
        standard, centre, assessor_user, reviewer, monkeypatch):
    from django.core.cache import cache

    from certification.statistics import selectors

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache, name, down)
    approve(reviewer, assessor_user, person=PersonFactory(), centre=centre, standard=standard)
    assert selectors.by_year().total == 1
