"""Two unit certificates issued at the same moment queue two qualification tasks for the
same person: they must give one qualification certificate (PostgreSQL: real row locks)."""

import threading
import time

import pytest
from django.db import connection, connections

from certification.issuance.models import Certificate
from certification.issuance.services import qualifications
from tests.factories import CertificateFactory, PersonFactory

from .test_qualifications import make_qualification

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks are PostgreSQL's (SQLite serialises every write)"),
]


def test_two_tasks_for_the_same_person_at_once_issue_one_qualification_certificate(
        monkeypatch):
    person = PersonFactory()
    units = [CertificateFactory(holder=person).standard for _n in range(2)]
    for standard in units:
        CertificateFactory(holder=person, standard=standard)
    qualification = make_qualification(units)
    issue = qualifications._issue
    first_inside = threading.Event()

    def slow_issue(*args):
        certificate = issue(*args)
        first_inside.set()
        time.sleep(1)  # hold the transaction open while the other task tries
        return certificate

    monkeypatch.setattr(qualifications, "_issue", slow_issue)
    results, errors = [], []

    def task():
        try:
            results.append(len(qualifications.issue_due_qualifications(person_id=person.pk)))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=task)
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=task)
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert Certificate.objects.filter(holder=person, standard=qualification).count() == 1
