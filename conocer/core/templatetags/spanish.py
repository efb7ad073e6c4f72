"""`{{ standard.title|es }}`: data that exists only in Spanish (standard titles, criteria,
names of bodies) is marked `lang="es"` on pages shown in another language, so screen
readers pronounce it as Spanish (WCAG 3.1.2). On Spanish pages it is left as it is."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def es(value):
    if value in (None, "") or (get_language() or "es").startswith("es"):
        return value
    return format_html('<span lang="es">{}</span>', value)
