from django import template

from .. import selectors, supersession

register = template.Library()


@register.simple_tag
def dormant_standards_count() -> int:
    return selectors.dormant_standards().count()


@register.inclusion_tag("standards/superseded_line.html")
def superseded_line(code: str) -> dict:
    """"Superseded by EC0217.01 (equivalent)" beside a certificate in `code`, while a newer
    version is published: live information about the standard, not what was signed."""
    return {"successor": supersession.successor_of(code) if code else None}
