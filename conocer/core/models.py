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


def import_file_path(instance, filename):
    return f"imports/{instance.kind}/{clock.now():%Y/%m}/{instance.sha256}.csv"


class ImportJob(models.Model):
    """A CSV file brought in row by row: checked first (the dry run: every row's problems
    and what would be imported), then imported by a task in batches, which moves the
    counters as it goes, so a page shows the progress and a new run resumes where the
    last one stopped. `kind` names the importer (e.g. "issuance.certificates"); `owner`
    is where the rows go (a centre), for the apps to check who may see the job."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, not imported")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Stopped")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    owner_type = models.CharField(_("owner type"), max_length=80, blank=True)
    owner_id = models.CharField(_("owner id"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    encoding = models.CharField(_("encoding"), max_length=20)
    delimiter = models.CharField(_("delimiter"), max_length=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.CHECKED, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # The dry run: rows in the file, and how many would be imported, skipped (already in
    # the registry with the same facts) or are refused (each with its problems).
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    ready_rows = models.PositiveIntegerField(_("rows to import"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows already imported"), default=0)
    refused_rows = models.PositiveIntegerField(_("rows refused"), default=0)
    problems = models.JSONField(_("problems found by the check"), default=list, blank=True)
    # The import: rows processed so far (the place a resumed run starts from) and what
    # became of them; problems met while importing (the registry changed since the check).
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    imported_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    passed_rows = models.PositiveIntegerField(_("rows left as they were"), default=0)
    failed_rows = models.PositiveIntegerField(_("rows not imported"), default=0)
    run_problems = models.JSONField(_("problems met while importing"), default=list,
                                    blank=True)
    error = models.TextField(_("why it stopped"), blank=True)
    created_at = models.DateTimeField(_("checked at"), default=clock.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Retention (import_retention.delete_old_files): the file, and the cells quoted in the problems,
    # are deleted IMPORT_FILE_RETENTION_DAYS after the job was last touched.
    file_deleted_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "owner_type", "owner_id", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_rows__lte=models.F("total_rows")),
                name="import_processed_at_most_every_row"),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def percent(self) -> int:
        return self.processed_rows * 100 // self.total_rows if self.total_rows else 100

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
