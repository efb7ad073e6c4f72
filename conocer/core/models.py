"""The audit event log shared by every app.

Events are append-only: the model refuses updates and deletes, and so does the database
(triggers, migration 0003), so the history of a standard, an accreditation or a
certificate can only grow. Each event is sealed into a hash chain right after its
transaction commits (auditchain.py): whoever changes an event even below the database's
guard, e.g. with the triggers switched off, breaks the chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import clock


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("when"), default=clock.now, editable=False,
                                      db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=80)
    target_id = models.CharField(_("object id"), max_length=64)
    target_repr = models.CharField(_("object"), max_length=255)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The place in the chain and SHA-256(previous event's hash + this event's canonical
    # content), hex; both empty until sealed (auditchain.seal_pending), then never changed.
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, unique=True,
                                              editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        # The one permission that makes someone a CONOCER administrator (roles.py). It
        # lives here because the ground floor is the only place every app can read.
        permissions = [
            ("administer_registry", _("Acts as a CONOCER administrator: publishes "
                                      "standards, accredits awarding bodies, sees "
                                      "everything")),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class RateCounter(models.Model):
    """One rate-limit window's count for one client and scope, when the counters live in
    the database (no CACHE_URL): conocer/core/throttling.py adds to it in one statement,
    so processes counting at once never lose an increment."""

    key = models.CharField(_("key"), max_length=250, primary_key=True)
    count = models.IntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.key}: {self.count}"
