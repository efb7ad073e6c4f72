from django.db import models

from .models import AuditEvent


def record_event(*, actor, action: str, target: models.Model, **data) -> AuditEvent:
    """Append one event to the audit log. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=f"{target._meta.app_label}.{target._meta.model_name}",
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data,
    )
