"""The admin speaks Spanish that reads right (conocer/core/admin_words.py): its messages
name a feminine model without a masculine article, and the sign-in log's columns, which
django-axes leaves in English, are translated."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation
from django.utils.translation import gettext

from bodies.models import Membership
from certification.assessment.models import Person


def test_the_admin_announces_a_new_membership_without_a_masculine_article():
    with translation.override("es"):
        message = gettext("The {name} “{obj}” was added successfully.").format(
            name=Membership._meta.verbose_name, obj="ana · Evaluador")
    assert message == "Se agregó correctamente: membresía “ana · Evaluador”."


def test_the_sign_in_log_columns_are_in_spanish():
    with translation.override("es"):
        assert str(AccessAttempt._meta.get_field("attempt_time").verbose_name) == \
            "fecha del intento"


@pytest.mark.parametrize(("model", "column", "spanish"), [
    (Membership, "body", "organismo"),
    (Person, "full_name", "nombre completo"),
])
def test_columns_computed_by_the_admin_have_spanish_titles(model, column, spanish):
    with translation.override("es"):
        assert str(label_for_field(column, model, admin.site._registry[model])) == spanish
