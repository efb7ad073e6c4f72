"""Cells of the statistics tables as the page's language writes them: counts grouped
(1 234 567 / 1,234,567), shares with one decimal and a percent sign, a hidden cell in
words, and data that exists only in Spanish (standard titles, names of sectors and
bodies) marked lang="es" on pages in another language."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from conocer.core.templatetags.spanish import es

from .. import charts

register = template.Library()

# Columns whose text is the registry's own data, in Spanish whatever the page's language.
SPANISH_DATA = {"title", "name", "awarding_body", "sector"}


ROW_END = "\n          "  # the rows as the template's own loop would space them
NUMERIC = ("int", "share")


@register.simple_tag
def table_rows(table, limit=None):
    """The rows of a table's body (the first `limit` of them), the first cell of each row
    its header, a hidden cell in words and marked `suppressed`: written in one pass, as a
    template loop over a table of a thousand rows (dormant standards) took most of the
    page's rendering."""
    spanish_page = (get_language() or "es").startswith("es")
    out = []
    for row in table.rows[:limit]:
        cells = []
        for i, column in enumerate(table.columns):
            value = row.get(column.key)
            text = charts.format_cell(value, column.kind)
            if not spanish_page and column.key in SPANISH_DATA and value is not None:
                text = es(text)
            text = conditional_escape(text)
            if i == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                css = ("num" if column.kind in NUMERIC else "") + (
                    " suppressed" if value is None else "")
                cells.append(f'<td class="{css}">{text}</td>')
        out.append(f"<tr>{''.join(cells)}</tr>{ROW_END}")
    return mark_safe("".join(out))  # noqa: S308 (every cell escaped above)


@register.filter
def number(value):
    return "" if value is None else charts.format_number(value)


@register.filter
def share(value):
    return "" if value is None else charts.format_share(value)
