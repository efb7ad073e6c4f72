"""Queueing after commit never turns committed work into an error."""

import logging
from unittest import mock

import pytest
from kombu.exceptions import OperationalError as BrokerError

from conocer.celery import app
from conocer.core import tasks

REFUSED = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def broker_down():
    with mock.patch("conocer.tasks.ping.apply_async", side_effect=REFUSED) as publish:
        yield publish


def test_a_task_the_broker_refuses_is_logged_with_its_name_and_ids_not_raised(
        broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="conocer.core.tasks"):
        assert tasks.publish("conocer.ping", 41, 42) is False
    [warning] = caplog.records
    assert "conocer.ping" in warning.getMessage() and "41, 42" in warning.getMessage()


@pytest.mark.django_db
def test_a_refused_task_queued_after_commit_calls_its_failure_callback(
        broker_down, django_capture_on_commit_callbacks):
    failed = []
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_after_commit("conocer.ping", 7, on_failure=lambda: failed.append(7))
    assert failed == [7]


@pytest.mark.django_db
def test_a_failure_callback_that_fails_too_is_logged(broker_down, caplog,
                                                     django_capture_on_commit_callbacks):
    def database_down_as_well():
        raise RuntimeError("no database either")

    with django_capture_on_commit_callbacks(execute=True), \
            caplog.at_level(logging.WARNING, logger="conocer.core.tasks"):
        tasks.enqueue_after_commit("conocer.ping", 7, on_failure=database_down_as_well)
    assert len(caplog.records) == 2


@pytest.mark.django_db
def test_a_task_the_broker_takes_calls_no_failure_callback(
        django_capture_on_commit_callbacks):
    failed = []
    with mock.patch("conocer.tasks.ping.apply_async") as publish, \
            django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_after_commit("conocer.ping", 7, on_failure=lambda: failed.append(7))
    assert publish.call_count == 1 and failed == []


def test_publishing_gives_up_after_one_quick_retry_on_short_socket_timeouts():
    policy = app.conf.task_publish_retry_policy
    assert app.conf.task_publish_retry is True
    assert policy["max_retries"] == 1 and policy["interval_max"] <= 0.5
    options = app.conf.broker_transport_options
    assert options["socket_timeout"] <= 0.5 and options["socket_connect_timeout"] <= 0.5


def test_a_killed_workers_task_comes_back_within_minutes_not_an_hour():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_time_limit < visibility <= 600
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_worker_children_are_replaced_before_they_grow_without_bound():
    assert app.conf.worker_max_tasks_per_child > 0
    assert app.conf.worker_max_memory_per_child > 0
