"""`load_demo --scale N`: the demo topped up to N certificates with the shape of CONOCER's
history (a few standards hold most certificates, most are never used, states by
population, years that grow), and every figure kept by issuance recomputed over them."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from certification.issuance.models import Certificate
from certification.issuance.services import statuslist
from certification.statistics import selectors, services
from certification.statistics.models import PeopleCount, StandardCount
from conocer.demo import scale
from standards.models import Standard

# One process sets the scaled registry up for the whole module (make test runs in several).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("scaled-demo")]
N = 2_000


@pytest.fixture(scope="module")
def scaled(demo_snapshot, django_db_blocker):
    """The demo (loaded once per run, tests/demo.py) scaled to N as `load_demo --scale`
    does after loading it, once for the module, then cleaned up."""
    with django_db_blocker.unblock(), demo_snapshot.settings():
        demo_snapshot.restore()
        scale.top_up(N, force=True)
        yield
        call_command("flush", "--noinput")


def counted():
    return Certificate.objects.filter(status__in=("valid", "revoked"))


def test_the_registry_holds_n_certificates_and_a_second_run_adds_none(scaled):
    assert Certificate.objects.count() == N
    assert scale.top_up(N, force=True)["added"] == 0


def test_the_most_used_standard_holds_about_37_percent(scaled):
    assert selectors.top_standards().rows[0]["code"] == "EC0108"
    generated = Certificate.objects.filter(request__isnull=True)  # the demo's have requests
    share = 100 * generated.filter(standard__code="EC0108").count() / generated.count()
    assert 33.0 <= share <= 41.0  # 37.0 %, give or take three standard errors at N


def test_a_few_standards_hold_most_certificates_and_most_are_never_used(scaled):
    shares = {row["top"]: row["share"] for row in selectors.concentration().rows}
    assert shares[5] > Decimal("60.0") and shares[14] > Decimal("75.0")
    curve = selectors.lorenz().rows
    assert curve[len(curve) // 2]["certificates_share"] == Decimal("0.0")
    used, never = selectors.standards_usage().rows
    assert never["share"] > Decimal("70.0")


def test_states_are_weighted_by_population(scaled):
    counts = {row["state"]: row["certificates"] for row in selectors.by_state().rows}
    assert counts["MEX"] > counts["CMX"] > counts["COL"]
    assert all(counts.values())


def test_later_years_have_more_certificates(scaled):
    years = {row["year"]: row["certificates"] for row in selectors.by_year().rows}
    assert years[2018] > years[2010]


def test_the_statistics_tables_match_a_plain_count(scaled):
    assert StandardCount.objects.aggregate(n=Sum("count"))["n"] == counted().count()
    by_standard = dict(counted().values_list("standard").annotate(n=Count("pk")))
    cells = dict(StandardCount.objects.values_list("standard").annotate(n=Sum("count")))
    assert cells == by_standard
    assert PeopleCount.objects.filter(sex="").aggregate(n=Sum("count"))["n"] == counted(
        ).filter(holder__curp="").count()
    assert services.repair_statistics().cells == 0


def test_usage_counts_and_the_status_list_cover_the_new_certificates(scaled):
    top = Standard.objects.get(code="EC0108")
    assert top.certified_count >= counted().filter(standard=top, status="valid").values(
        "holder").distinct().count() > 0
    revoked = Certificate.objects.filter(status="revoked").first()
    assert statuslist.current().length > revoked.status_list_index


def test_it_refuses_to_run_without_debug_and_says_why(settings, db):
    settings.DEBUG = False
    with pytest.raises(scale.ScaleRefused, match="do not verify"):
        scale.top_up(10)
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("load_demo", "--scale", "10")


def test_the_generators_curps_are_the_demos_valid_curps():
    import datetime
    import random

    from stdnum.mx import curp

    from conocer.demo.people import GIVEN_NAMES_F, GIVEN_NAMES_M, SURNAMES, build_curp

    generator, rng = scale.Generator(0), random.Random(7)
    generator._curp_names = {}
    for _ in range(300):
        given = rng.choice(GIVEN_NAMES_F + GIVEN_NAMES_M)
        first, second = rng.choice(SURNAMES), rng.choice(SURNAMES)
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(25_000))
        sex, state, homonym = rng.choice("HM"), rng.choice(["JAL", "CMX", "OAX"]), rng.randrange(10)
        made = generator.curp(given, first, second, born, sex, state, homonym)
        assert made == build_curp(given_names=given, first_surname=first, second_surname=second,
                                  birth_date=born, sex=sex, state=state, homonym=homonym)
        assert curp.is_valid(made)


def test_the_generators_folios_are_valid_folios():
    import random

    from certification.issuance.folio import normalize_folio
    from conocer.demo.bulk import folio

    rng = random.Random(3)
    for _ in range(200):
        made = folio(rng)
        assert normalize_folio(made) == made
