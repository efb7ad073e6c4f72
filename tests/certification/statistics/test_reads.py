"""How many reads a dashboard costs: sums several tables share are read once, and the
page validates and shows one filter form (docs/performance.md, public statistics)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.statistics import cells, selectors
from certification.statistics.filters import Filters

pytestmark = pytest.mark.django_db


def reads_of(queries, table):
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


@pytest.mark.parametrize("chosen", [Filters(), Filters(year_from=2025, state="YUC")])
def test_the_dashboard_reads_the_standard_cells_once_for_each_grouping(built, chosen,
                                                                      settings):
    settings.STATISTICS_MIN_COUNT = 1
    cells._new_generation()  # nothing cached: every sum is read
    with CaptureQueriesContext(connection) as ctx:
        tables = selectors.dashboard(chosen)
    # by (kind, year, status) for the years and the kinds, by standard, by state
    assert len(reads_of(ctx.captured_queries, "statistics_standardcount")) == 3
    assert tables["by_kind"].rows == selectors.by_kind(chosen).rows
    assert tables["by_year"].total == tables["by_kind"].rows[0]["certificates"]


def test_the_page_reads_the_sectors_for_its_filter_form_once(client, built):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/estadisticas/", {"sector": "B", "level": "x"})
    assert response.status_code == 200
    sectors = [q for q in reads_of(ctx.captured_queries, "standards_sector")
               if 'SELECT "standards_sector"."code" AS "code"' in q]
    assert len(sectors) == 1
    assert 'name="level"' in response.content.decode()
    assert response.context["errors"] == {"level": [str(
        response.context["form"].errors["level"][0])]}
