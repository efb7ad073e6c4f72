"""Chain the audit events (conocer/core/auditchain.py): each stores its place in the
chain and SHA-256(previous event's hash + its canonical content). Events already in the
log are chained here, in id order."""

from django.db import migrations, models

CONTENT = ("sequence", "created_at", "actor_id", "action", "target_type", "target_id",
           "target_repr", "data")


def chain_existing(apps, schema_editor):
    from conocer.core.auditchain import GENESIS, link

    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent._base_manager.using(schema_editor.connection.alias)
    sequence, previous = 0, GENESIS
    while batch := list(events.filter(sequence__isnull=True).order_by("id")[:1000]):
        for event in batch:
            sequence += 1
            event.sequence = sequence
            event.hash = previous = link(previous, **{n: getattr(event, n) for n in CONTENT})
        events.bulk_update(batch, ["sequence", "hash"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
