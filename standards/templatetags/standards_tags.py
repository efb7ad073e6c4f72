from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def dormant_standards_count() -> int:
    return selectors.dormant_standards().count()
