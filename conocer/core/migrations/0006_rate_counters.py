from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0005_human_names")]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=250, primary_key=True, serialize=False,
                                         verbose_name="key")),
                ("count", models.IntegerField(default=0, verbose_name="count")),
                ("expires_at", models.DateTimeField(db_index=True, verbose_name="expires at")),
            ],
            options={"verbose_name": "rate-limit counter",
                     "verbose_name_plural": "rate-limit counters"},
        ),
    ]
