"""Certificates made through the services (so the hooks keep the statistics), and a
plain count of them to compare the summary tables with."""

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from certification.issuance.models import Certificate
from certification.issuance.services import requests
from certification.statistics.models import BodyCount, PeopleCount, StandardCount
from tests.factories import CandidacyFactory

COUNTED = ("valid", "revoked")


def assess(assessor_user, *, person, centre, standard, verdict="competent"):
    """An assessment of `person` at `centre` submitted through the services."""
    from certification.assessment.services import assessments
    from tests.certification.conftest import judge_all

    candidacy = (person.candidacies.filter(centre=centre).first()
                 or CandidacyFactory(person=person, centre=centre))
    draft = assessments.start_assessment(actor=assessor_user, candidacy=candidacy,
                                         standard=standard)
    judge_all(draft, assessor_user, met=verdict == "competent")
    return assessments.submit_assessment(
        actor=assessor_user, assessment_id=draft.pk, verdict=verdict,
        feedback="" if verdict == "competent" else "Repasar la planeación de la sesión.")


def approve(reviewer, assessor_user, *, person, centre, standard):
    """A competent assessment of `person` turned into a certificate by the reviewer."""
    assessment = assess(assessor_user, person=person, centre=centre, standard=standard)
    return requests.approve_request(actor=reviewer, request_id=assessment.request.pk)


def table_total(model, **filters):
    return model.objects.filter(**filters).aggregate(n=Sum("count"))["n"] or 0


def plain_count(**filters):
    return Certificate.objects.filter(status__in=COUNTED, **filters).count()


def assert_tables_match_rows():
    """Every certificate table sums to the plain count, by status."""
    for status in COUNTED:
        expected = plain_count(status=status)
        for model in (StandardCount, BodyCount, PeopleCount):
            assert table_total(model, status=status) == expected, (model, status)


@pytest.fixture(autouse=True)
def _quiet_pdfs(pdf_queue):
    return pdf_queue


@pytest.fixture
def conocer_admin(db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="conocer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="administer_registry"))
    return user


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, signing_keys_dir):
    """Built once for the module, in a transaction rolled back at its end."""
    with (django_db_blocker.unblock(), override_settings(SIGNING_KEYS_DIR=str(signing_keys_dir)),
          transaction.atomic()):
        from . import dataset

        yield dataset.build()
        transaction.set_rollback(True)
