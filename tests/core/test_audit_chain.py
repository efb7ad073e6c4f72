"""The audit log below the ORM: the database refuses changes, and a hash chain catches
what got past it (a DBA with the triggers switched off)."""

import importlib
import threading
import types

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from conocer.core import auditchain
from conocer.core.audit import record_event
from conocer.core.models import AuditEvent
from tests.core.triggers import audit_log_unguarded
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="TRUNCATE and row locks are PostgreSQL's")


@pytest.fixture
def events(django_capture_on_commit_callbacks):
    """Three committed (and so sealed) events about a user."""
    target = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            record_event(actor=None, action="test.done", target=target, n=n)
    return list(AuditEvent.objects.order_by("sequence"))


def refused():
    return pytest.raises(IntegrityError, match="append-only")


def execute(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify():
    out = types.SimpleNamespace(text="")

    class Sink:
        def write(self, text):
            out.text += text

    call_command("verify_audit_chain", stdout=Sink())
    return out.text


def test_an_event_is_chained_when_its_transaction_commits(events):
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].hash == auditchain.link(auditchain.GENESIS, **{
        name: getattr(events[0], name) for name in auditchain.CONTENT})
    assert events[1].hash == auditchain.link(events[0].hash, **{
        name: getattr(events[1], name) for name in auditchain.CONTENT})


def test_raw_sql_update_is_refused(events):
    with refused():
        execute("UPDATE core_auditevent SET action = 'test.undone' WHERE id = %s",
                [events[0].pk])


def test_raw_sql_delete_is_refused(events):
    with refused():
        execute("DELETE FROM core_auditevent WHERE id = %s", [events[0].pk])


@postgres_only
def test_raw_sql_truncate_is_refused(events):
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending checks first
    with refused():
        execute("TRUNCATE core_auditevent")


def test_the_base_manager_cannot_update(events):
    with refused(), transaction.atomic():
        AuditEvent._base_manager.filter(pk=events[0].pk).update(action="test.undone")


def test_a_raw_delete_is_refused(events):
    with refused(), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk)._raw_delete(connection.alias)


def test_a_sealed_event_cannot_be_sealed_again(events):
    with refused(), transaction.atomic():
        AuditEvent._base_manager.filter(pk=events[2].pk).update(sequence=99, hash="0" * 64)


@pytest.mark.django_db(transaction=True)
def test_the_chain_verifies_after_many_events():
    target = UserFactory()
    for batch in range(10):
        with transaction.atomic():
            for n in range(50):
                record_event(actor=target, action="test.done", target=target,
                             batch=batch, n=n, big=2**60, ratio=0.1, text="ñandú")
    assert "Audit chain OK: 500 events" in verify()


def test_verify_names_the_event_changed_with_the_triggers_off(events):
    with audit_log_unguarded(connection):
        AuditEvent._base_manager.filter(pk=events[1].pk).update(data={"n": 7})
    with pytest.raises(CommandError, match=f"event id {events[1].pk} ") as error:
        verify()
    assert f"stored {events[1].hash}" in str(error.value)
    assert f"expected hash {events[1].hash}" not in str(error.value)


def test_verify_notices_an_event_deleted_with_the_triggers_off(events):
    with audit_log_unguarded(connection):
        AuditEvent._base_manager.filter(pk=events[1].pk)._raw_delete(connection.alias)
    with pytest.raises(CommandError, match=f"event id {events[2].pk} .*expected sequence 2"):
        verify()


def test_migrating_chains_the_events_already_in_the_log():
    target = UserFactory()
    for n in range(5):  # never committed: not sealed
        record_event(actor=None, action="test.done", target=target, n=n)
    assert not AuditEvent.objects.filter(sequence__isnull=False).exists()
    migration = importlib.import_module("conocer.core.migrations.0002_audit_chain")
    migration.chain_existing(apps, types.SimpleNamespace(connection=connection))
    assert "Audit chain OK: 5 events" in verify()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_connections_appending_at_once_never_fork_the_chain(caplog):
    target = UserFactory()
    start = threading.Barrier(2)

    def append(worker):
        try:
            start.wait(10)
            for n in range(40):
                with transaction.atomic():
                    record_event(actor=None, action="test.race", target=target,
                                 worker=worker, n=n)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert AuditEvent.objects.filter(action="test.race").count() == 80
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # no seal failed
    assert "Audit chain OK: 80 events" in verify()
    # The appends really raced: the chain alternates between the two connections.
    workers = list(AuditEvent.objects.order_by("sequence").values_list("data__worker",
                                                                         flat=True))
    assert any(a != b for a, b in zip(workers, workers[1:], strict=False))
