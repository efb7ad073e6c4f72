"""Where to get certified, as a visitor finds it on the demo data, at desktop and phone
width: "guardería" typed in the home page's one search box finds the childcare standard;
its page shows the map of centres by state; a state on the map, and then the state and
municipality filters, narrow the list. Every page is looked at (no sideways scroll, axe)."""

import re

import pytest

from tests.e2e.look import DESKTOP, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def centre_names(page) -> list[str]:
    return page.locator("#where li.place.centre > strong").all_inner_texts()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_visitor_finds_where_to_certify_in_childcare(demo, live_server, page, viewport):
    base = live_server.url
    page.set_viewport_size(viewport)

    page.goto(f"{base}/")
    look(page, "where-home")
    page.fill("#home-q", "guardería")
    page.click(".home-search button[type=submit]")
    page.wait_for_url(re.compile(r"/estandares/\?q=guarder"))
    assert page.get_by_role("link", name="EC0435").is_visible()
    look(page, "where-catalogue-guarderia")

    page.get_by_role("link", name="EC0435").click()
    page.wait_for_url("**/estandares/EC0435/")
    assert len(centre_names(page)) == 8
    assert page.locator("#where svg title", has_text="Jalisco: 2 centros").count() == 1
    look(page, "where-standard")

    # A state on the map opens the list filtered to it.
    page.locator('#where svg a[aria-label="Jalisco: 2 centros"]').click()
    page.wait_for_url("**/estandares/EC0435/?state=JAL#where")
    assert sorted(centre_names(page)) == ["Centro de Evaluación IDEFT Tlaquepaque",
                                          "Centro de Evaluación IDEFT Zapopan"]
    look(page, "where-standard-map-jalisco")

    # The form narrows it to a municipality, then moves to another state.
    page.select_option("#where select[name=municipality]", label="Zapopan")
    page.click("#where form button[type=submit]")
    page.wait_for_url(re.compile(r"state=JAL&municipality=Zapopan"))
    assert centre_names(page) == ["Centro de Evaluación IDEFT Zapopan"]
    zapopan = page.locator("#where li.place.centre").first
    assert zapopan.get_by_role("link", name=re.compile("33 3673 2041")).get_attribute(
        "href") == "tel:+523336732041"
    look(page, "where-standard-form-zapopan")

    page.select_option("#where select[name=state]", label="Yucatán")
    page.select_option("#where select[name=municipality]", index=0)
    page.click("#where form button[type=submit]")
    page.wait_for_url(re.compile(r"state=YUC"))
    assert centre_names(page) == ["Centro de Evaluación Península"]
    look(page, "where-standard-form-yucatan")

    page.goto(f"{base}/organismos/?standard=EC0435")
    page.locator('svg a[aria-label="Yucatán: 1 centro"]').click()
    page.wait_for_url(re.compile(r"/organismos/\?state=YUC&standard=EC0435"))
    look(page, "where-directory-yucatan")
