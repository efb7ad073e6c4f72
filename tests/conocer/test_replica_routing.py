"""Reads inside `replica_reads` come from the read replica, writes and read-your-writes
from the primary (conocer/routers.py). The replica here is a second alias on the test
database (tests/conftest.py), so each query is told apart by the connection it ran on."""

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from conocer.routers import read_database, replica_reads
from standards.models import Standard
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def with_replica(settings):
    settings.READ_REPLICA = "replica"


@pytest.fixture
def standard(db):
    return StandardFactory(code="EC0217")


class Queries:
    """The queries run on the primary and on the replica during a block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def on(self, which):
        return [q["sql"] for q in getattr(self, which).captured_queries]


def test_reads_inside_the_block_come_from_the_replica(with_replica, standard):
    with Queries() as queries, replica_reads():
        found = Standard.objects.get(code="EC0217")
    assert found.pk == standard.pk
    assert found._state.db == "replica"
    assert len(queries.on("replica")) == 1
    assert queries.on("primary") == []


def test_the_block_works_as_a_decorator(with_replica, standard):
    @replica_reads
    def lookup():
        return Standard.objects.get(code="EC0217")

    with Queries() as queries:
        lookup()
    assert len(queries.on("replica")) == 1


def test_reads_outside_the_block_come_from_the_primary(with_replica, standard):
    with Queries() as queries:
        Standard.objects.get(code="EC0217")
    assert queries.on("replica") == []
    assert len(queries.on("primary")) == 1


def test_writes_go_to_the_primary_and_later_reads_in_the_block_too(with_replica, standard):
    with Queries() as queries, replica_reads():
        Standard.objects.filter(pk=standard.pk).update(title="Impartición de cursos")
        found = Standard.objects.get(code="EC0217")
    assert found.title == "Impartición de cursos"
    assert queries.on("replica") == []
    assert len(queries.on("primary")) == 2


def test_reads_inside_a_transaction_come_from_the_primary(with_replica, standard):
    with Queries() as queries, replica_reads(), transaction.atomic():
        Standard.objects.get(code="EC0217")
        assert read_database() == "default"
    assert queries.on("replica") == []


def test_without_a_replica_configured_the_block_reads_the_primary(settings, standard):
    settings.READ_REPLICA = ""
    with Queries() as queries, replica_reads():
        Standard.objects.get(code="EC0217")
    assert queries.on("replica") == []
    assert len(queries.on("primary")) == 1


def test_the_replica_is_never_migrated(with_replica):
    assert router.allow_migrate("replica", "standards") is False
    assert router.allow_migrate("default", "standards") is True
