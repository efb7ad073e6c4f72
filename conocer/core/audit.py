from django.db import models
from django.db.models import Q

from . import auditchain
from .models import AuditEvent


def target_type(model: type[models.Model] | models.Model) -> str:
    """How the log names a kind of object: `app_label.model_name`."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def record_event(*, actor, action: str, target: models.Model, **data) -> AuditEvent:
    """Append one event to the audit log. Call it inside the service's transaction: the
    event joins the hash chain once that transaction commits (auditchain.py)."""
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data,
    )
    auditchain.seal_after_commit(event._state.db)
    return event


def events_about(*targets: models.Model):
    """Every event about any of these objects, oldest first."""
    about = Q(pk__in=[])
    for target in targets:
        about |= Q(target_type=target_type(target), target_id=str(target.pk))
    return AuditEvent.objects.filter(about).select_related("actor").order_by(
        "created_at", "id")


def save_audited(*, actor, obj: models.Model, noun: str, **data) -> models.Model:
    """Validate and save a row, and record `<noun>.registered` (new) or `<noun>.updated`.
    For services whose whole job is to register or update one row."""
    created = obj.pk is None or not type(obj).objects.filter(pk=obj.pk).exists()
    obj.full_clean()
    obj.save()
    record_event(actor=actor, action=f"{noun}.registered" if created else f"{noun}.updated",
                 target=obj, **data)
    return obj
