"""The public dashboard /estadisticas/ on the fixed dataset (test_pages_dataset.py): the
figures worked out by hand, the filters, their field errors, both languages, and the
charts' accessibility."""

from decimal import Decimal

import lxml.html
from django.utils import translation

from certification.statistics import charts
from tests.certification.statistics.test_pages_dataset import figures_fixture  # noqa: F401
from tests.factories import AssessmentCentreFactory, AwardingBodyFactory, CertificateFactory

URL = "/estadisticas/"


def page(client, query="", language="es"):
    response = client.get(URL + query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()), response.content.decode()


def cells(doc, key) -> list[list[str]]:
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in doc.xpath(f'//table[@id="table-{key}"]/tbody/tr')]


def es_share(value: str) -> str:
    with translation.override("es"):
        return charts.format_share(Decimal(value))


def field_errors(doc, name) -> list[str]:
    return [e.text_content().strip() for e in doc.xpath(
        f'//input[@name="{name}"]/following-sibling::small[@class="field-error"]'
        f'|//select[@name="{name}"]/following-sibling::small[@class="field-error"]')]


def test_the_dashboard_shows_the_figures_counted_by_hand(client, figures):
    doc, _html = page(client)
    assert cells(doc, "by_year") == [["2024", "9", "0"], ["2025", "11", "1"]]
    assert cells(doc, "by_sector") == [["EDU", "Educación y formación de personas", "15",
                                        es_share("75.0")],
                                       ["TUR", "Turismo", "5", es_share("25.0")]]
    assert [row[:4] for row in cells(doc, "top_standards")] == [
        ["1", "EC0217", "Impartición de cursos de formación", "10"],
        ["2", "EC0076", "Evaluación de la competencia de candidatos", "5"],
        ["3", "EC0435", "Atención a comensales", "5"]]
    assert [row[4] for row in cells(doc, "top_standards")] == [
        es_share("50.0"), es_share("25.0"), es_share("25.0")]
    states = {row[0]: row[2:] for row in cells(doc, "by_state")}
    assert states["JAL"] == ["11", es_share("55.0")]
    assert states["YUC"] == ["9", es_share("45.0")]
    assert sum(int(row[2]) for row in cells(doc, "by_state")) == 20
    assert cells(doc, "by_level") == [["1", "0", es_share("0.0")], ["2", "5", es_share("25.0")],
                                      ["3", "15", es_share("75.0")], ["4", "0", es_share("0.0")],
                                      ["5", "0", es_share("0.0")]]
    assert [row[:2] for row in cells(doc, "by_awarding_body")] == [
        ["Colegio Nacional de Educación Profesional Técnica", "CONALEP"],
        ["Instituto de Formación para el Trabajo", "IDEFT"]]
    assert [row[0] for row in cells(doc, "dormant_standards")] == ["EC0999"]


def test_the_people_figures_come_from_the_curp_and_add_up(client, figures):
    doc, _html = page(client)
    sexes = {row[0]: row[1:] for row in cells(doc, "by_sex")}
    assert sexes["Hombres" if "Hombres" in sexes else "Men"] == ["8", es_share("40.0")]
    assert sexes["Mujeres" if "Mujeres" in sexes else "Women"] == ["12", es_share("60.0")]
    ages = [row[1] for row in cells(doc, "by_age_band")]
    assert ages == ["0", "9", "11", "0", "0", "0", "0"]


def test_the_concentration_is_said_in_a_sentence(client, figures):
    _doc, html = page(client, language="en")
    assert "The top standard accounts for <strong>50.0%</strong> of certificates." in html
    assert "50.0%</strong> of certificates are in the top standard" in html


def test_a_state_narrows_every_figure(client, figures):
    doc, _html = page(client, "?state=JAL")
    assert cells(doc, "by_year") == [["2024", "6", "0"], ["2025", "5", "0"]]
    assert [row[:3] for row in cells(doc, "by_state")] == [["JAL", "Jalisco", "11"]]
    assert [row[1] for row in cells(doc, "by_awarding_body")] == ["CONALEP"]
    assert [row[1] for row in cells(doc, "top_standards")] == ["EC0217", "EC0076"]
    assert 'href="/estadisticas/by_year.csv?state=JAL"' in lxml.html.tostring(doc).decode()


def test_a_year_range_and_a_level_narrow_the_figures(client, figures):
    doc, _html = page(client, "?year_from=2025&year_to=2025&level=3", language="en")
    assert cells(doc, "by_year") == [["2025", "9", "hidden"]]
    assert [row[0] for row in cells(doc, "by_level")] == ["3"]


def test_a_narrowed_table_hides_the_small_counts_and_never_shows_them(client, figures):
    doc, _html = page(client, "?sector=EDU", language="en")
    # EDU: 6 in 2024, 9 in 2025, of which 1 revoked: that 1 is hidden.
    assert cells(doc, "by_year") == [["2024", "6", "0"], ["2025", "9", "hidden"]]
    hidden = doc.xpath('//table[@id="table-by_year"]//td[contains(@class, "suppressed")]')
    assert len(hidden) == 1
    assert "fewer than 5" in " ".join(doc.xpath('//section[@id="by_year"]//p[@class='
                                               '"stat-note"]/text()'))


def test_bad_filters_get_field_errors_and_the_figures_still_show(client, figures):
    doc, _html = page(client, "?year_from=20x5&year_to=1900&level=9&state=ZZZ&sector=NOPE",
                      language="en")
    for name in ("year_from", "year_to", "level", "state", "sector"):
        assert field_errors(doc, name), name
    assert doc.xpath('//p[contains(@class, "notice")]')
    assert cells(doc, "by_year") == [["2024", "9", "0"], ["2025", "11", "1"]]


def test_a_year_range_the_wrong_way_round_is_an_error_on_the_last_year(client, figures):
    doc, _html = page(client, "?year_from=2025&year_to=2024", language="en")
    assert field_errors(doc, "year_to") == ["The last year cannot come before the first."]
    assert not field_errors(doc, "year_from")


def test_every_chart_is_an_image_named_by_its_title_and_described_by_its_table(client,
                                                                               figures):
    doc, html = page(client)
    svgs = doc.xpath("//svg")
    assert len(svgs) >= 10
    for svg in svgs:
        assert svg.get("role") == "img"
        assert svg.get("viewbox") or svg.get("viewBox")
        title = doc.xpath(f'//*[@id="{svg.get("aria-labelledby")}"]')
        assert title and title[0].tag == "title" and title[0].text_content().strip()
        table = doc.xpath(f'//table[@id="{svg.get("aria-describedby")}"]')
        assert table and table[0].xpath("./caption") and table[0].xpath(".//th[@scope]")
    assert " style=" not in html and "<script" not in html.split("</header>", 1)[1]


def test_labels_in_charts_and_tables_are_escaped(client, figures):
    body = AwardingBodyFactory(name='Entidad <img src=x onerror="alert(1)"> & Co.')
    centre = AssessmentCentreFactory(awarding_body=body, state="JAL")
    from certification.statistics import services

    for _n in range(5):
        CertificateFactory(standard=figures.standards["EC0217"], centre=centre)
    services.repair_statistics()
    _doc, html = page(client)
    assert "<img src=x" not in html
    assert "Entidad &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co." in html


def test_the_page_reads_in_english_with_english_numbers(client, figures):
    doc, html = page(client, language="en")
    assert doc.xpath("//h1")[0].text_content() == "Certification statistics"
    assert '<html lang="en"' in html
    assert cells(doc, "by_sector")[0][3] == "75.0%"
    # Registry data only in Spanish is marked as such.
    assert doc.xpath('//table[@id="table-top_standards"]//span[@lang="es"]')


def test_big_numbers_are_written_as_each_language_writes_them():
    with translation.override("en"):
        assert charts.format_number(1234567) == "1,234,567"
        assert charts.format_share(Decimal("37.6")) == "37.6%"
    with translation.override("es"):
        assert charts.format_number(1234567).replace("\xa0", " ") == "1 234 567"
        assert charts.format_share(Decimal("37.6")).startswith("37,6")


def test_a_dashboard_without_any_certificate_still_answers(client, db):
    doc, _html = page(client)
    assert doc.xpath("//h1")


def test_a_long_table_shows_its_first_rows_and_says_the_csv_has_every_one(
        client, figures, monkeypatch):
    from certification.statistics import views

    monkeypatch.setattr(views, "PAGE_ROWS", 2)
    doc, html = page(client, language="en")
    csv_rows = b"".join(client.get("/estadisticas/top_standards.csv").streaming_content
                        ).decode().splitlines()
    assert len(cells(doc, "top_standards")) == 2 < len(csv_rows) - 1
    assert f"The first 2 of {len(csv_rows) - 1} rows; the CSV below has every one." in html
