"""Data that exists only in Spanish is marked lang="es" on English pages, and left as it
is on Spanish ones (conocer/core/templatetags/spanish.py)."""

from django.template import Context, Template
from django.utils import translation

TITLE = Template("{% load spanish %}{{ title|es }}")


def render(language: str, title: str) -> str:
    with translation.override(language):
        return TITLE.render(Context({"title": title}))


def test_a_spanish_title_on_an_english_page_is_marked_spanish():
    assert render("en", "Atención a comensales") == '<span lang="es">Atención a comensales</span>'


def test_a_spanish_title_on_a_spanish_page_is_left_as_it_is():
    assert render("es", "Atención a comensales") == "Atención a comensales"


def test_the_marked_title_is_still_escaped():
    assert render("en", "<b>x</b>") == '<span lang="es">&lt;b&gt;x&lt;/b&gt;</span>'
