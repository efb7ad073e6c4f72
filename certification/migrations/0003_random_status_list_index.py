"""Give every certificate a random, unique position in the revocation status list."""

import secrets

from django.db import migrations, models

import certification.models

MIN_BITS = 131072


def assign(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    capacity = max(MIN_BITS, 16 * Certificate.objects.count())
    taken = set()
    for certificate in Certificate.objects.filter(status_list_index__isnull=True).only("pk"):
        index = secrets.randbelow(capacity)
        while index in taken:
            index = secrets.randbelow(capacity)
        taken.add(index)
        Certificate.objects.filter(pk=certificate.pk).update(status_list_index=index)


class Migration(migrations.Migration):
    dependencies = [("certification", "0002_certificate_pdf_named_by_folio")]

    operations = [
        migrations.AddField(
            model_name="certificate", name="status_list_index",
            field=models.PositiveIntegerField(null=True, editable=False,
                                              verbose_name="position in the status list"),
        ),
        migrations.RunPython(assign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate", name="status_list_index",
            field=models.PositiveIntegerField(
                default=certification.models.random_status_list_index, editable=False,
                unique=True, verbose_name="position in the status list"),
        ),
    ]
