"""Centres' full address (street, postal code), a checked phone number and a website."""

import django.core.validators
from django.db import migrations, models

import bodies.contact
import conocer.core.text


class Migration(migrations.Migration):
    dependencies = [("bodies", "0002_names_refuse_control_characters")]

    operations = [
        migrations.RenameField("assessmentcentre", "address", "street"),
        migrations.AlterField(
            model_name="assessmentcentre", name="street",
            field=models.CharField(
                blank=True, help_text="Street, number and neighbourhood (colonia).",
                max_length=255, validators=[conocer.core.text.validate_name],
                verbose_name="street and number"),
        ),
        migrations.AddField(
            model_name="assessmentcentre", name="postal_code",
            field=models.CharField(blank=True, max_length=5,
                                   validators=[bodies.contact.validate_postal_code],
                                   verbose_name="zip code"),
        ),
        migrations.AlterField(
            model_name="assessmentcentre", name="phone",
            field=models.CharField(blank=True, help_text="10 digits, area code included.",
                                   max_length=30, validators=[bodies.contact.validate_phone],
                                   verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="assessmentcentre", name="website",
            field=models.CharField(blank=True, max_length=200, validators=[
                django.core.validators.URLValidator(
                    message="Enter the full address of the website, for example "
                            "https://www.example.mx.", schemes=["http", "https"])],
                verbose_name="website"),
        ),
    ]
