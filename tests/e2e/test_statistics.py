"""The public statistics and open data, as a visitor reads them on the demo data at phone
width (390 px) and on a desktop, in Spanish and in English: nothing scrolls sideways,
axe-core finds no violation, every chart is an image named by its title and described by
the table beside it, the filters narrow the figures, and a chart's CSV holds the numbers
of its table."""

import csv
import io
import re

import pytest

from tests.e2e.look import DESKTOP, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def table_cells(page, key) -> list[list[str]]:
    return [row.locator("th, td").all_inner_texts()
            for row in page.locator(f"#table-{key} tbody tr").all()]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_visitor_reads_and_filters_the_statistics(demo, live_server, page, viewport):
    base = live_server.url
    page.set_viewport_size(viewport)
    page.goto(f"{base}/estadisticas/")
    look(page, "statistics")

    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 10
    for index in range(charts.count()):
        chart = charts.nth(index)
        described = chart.get_attribute("aria-describedby")
        assert page.locator(f"table#{described} caption").count() == 1
        assert chart.locator("title").text_content().strip()
        box = chart.bounding_box()
        assert box["width"] <= viewport["width"]

    every_year = table_cells(page, "by_year")
    total = sum(int(re.sub(r"\D", "", row[1])) for row in every_year)
    assert total > 0

    # The CSV link of the per-year chart gives the numbers of its table.
    href = page.locator("#by_year a.stat-download").get_attribute("href")
    rows = list(csv.reader(io.StringIO(page.request.get(base + href).text())))
    assert rows[0] == ["year", "certificates", "revoked"]
    assert [row[0] for row in rows[1:]] == [row[0] for row in every_year]
    assert sum(int(row[1]) for row in rows[1:]) == total

    # A state narrows every figure.
    page.select_option("#id_state", "JAL")
    page.click(".stat-filters button[type=submit]")
    page.wait_for_url(re.compile(r"state=JAL"))
    look(page, "statistics-jalisco")
    state_rows = table_cells(page, "by_state")
    assert [row[1] for row in state_rows] == ["Jalisco"]
    assert "state=JAL" in page.locator("#by_year a.stat-download").get_attribute("href")

    # A year that cannot be is said next to its field, and the page still answers.
    page.goto(f"{base}/estadisticas/?year_from=20x5")
    assert page.locator("#id_year_from ~ .field-error").count() == 1
    look(page, "statistics-bad-year")


def test_the_statistics_and_open_data_read_in_english_on_a_phone(demo, live_server, browser):
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/estadisticas/")
    assert page.locator("h1").inner_text() == "Certification statistics"
    look(page, "statistics-english")
    page.goto(f"{live_server.url}/datos-abiertos/")
    assert page.locator("h1").inner_text() == "Open data"
    look(page, "open-data-english")
    context.close()


def test_a_visitor_finds_every_dataset_with_its_licence(demo, live_server, page):
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/")
    page.goto(f"{base}/datos-abiertos/")
    look(page, "open-data")
    sections = page.locator("section.dataset")
    assert sections.count() >= 8
    assert page.locator("a[rel=license]").get_attribute("href") == (
        "https://datos.gob.mx/libreusomx")
    href = page.locator("#organismos-certificadores .downloads a").first.get_attribute("href")
    rows = list(csv.reader(io.StringIO(page.request.get(href).text())))
    assert rows[0][:3] == ["name", "acronym", "kind"]
    assert len(rows) > 1
