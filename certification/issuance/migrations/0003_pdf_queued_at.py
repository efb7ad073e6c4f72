"""When a certificate's PDF rendering was last queued, for the minute sweep; a partial
index holds only the certificates still waiting for their PDF. The column is not frozen
(0002's trigger leaves it alone)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('issuance', '0002_frozen_certificates'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='pdf_queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='PDF queued at'),
        ),
        migrations.AddIndex(
            model_name='certificate',
            index=models.Index(condition=models.Q(('pdf_sha256', '')), fields=['pdf_queued_at'], name='certificate_pdf_pending'),
        ),
    ]
