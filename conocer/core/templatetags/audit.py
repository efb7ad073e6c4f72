"""Template filters that show an audit event in human words (audit_labels.py)."""

from django import template

from conocer.core import audit_labels

register = template.Library()


@register.filter
def action_label(event) -> str:
    return audit_labels.action_label(event.action)


@register.filter
def event_details(event) -> list[tuple[str, str]]:
    return audit_labels.event_details(event.data)


@register.filter
def technical_details(event) -> list[tuple[str, str]]:
    return audit_labels.event_technical_details(event.data)
