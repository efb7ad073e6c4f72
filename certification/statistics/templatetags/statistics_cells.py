"""Cells of the statistics tables as the page's language writes them: counts grouped
(1 234 567 / 1,234,567), shares with one decimal and a percent sign, a hidden cell in
words, and data that exists only in Spanish (standard titles, names of sectors and
bodies) marked lang="es" on pages in another language."""

from django import template

from conocer.core.templatetags.spanish import es

from .. import charts

register = template.Library()

# Columns whose text is the registry's own data, in Spanish whatever the page's language.
SPANISH_DATA = {"title", "name", "awarding_body", "sector"}


@register.filter
def cell_html(row: dict, column):
    text = charts.format_cell(row.get(column.key), column.kind)
    if column.key in SPANISH_DATA and row.get(column.key) is not None:
        return es(text)
    return text


@register.filter
def is_suppressed(row: dict, column) -> bool:
    return row.get(column.key) is None


@register.filter
def number(value):
    return "" if value is None else charts.format_number(value)


@register.filter
def share(value):
    return "" if value is None else charts.format_share(value)
