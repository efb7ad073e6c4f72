"""Outage settings come from the environment and refuse what would deliver twice."""

from tests.conocer.test_settings import run_python


def test_a_visibility_timeout_shorter_than_the_task_time_limit_refuses_to_start():
    result = run_python("import django; django.setup()", CELERY_VISIBILITY_TIMEOUT="100",
                        CELERY_TASK_TIME_LIMIT="240")
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT" in result.stderr


def test_worker_limits_and_the_visibility_timeout_come_from_the_environment():
    code = ("import json, django; django.setup(); from conocer.celery import app;"
            "print(json.dumps([app.conf.broker_transport_options['visibility_timeout'],"
            " app.conf.task_time_limit, app.conf.worker_max_tasks_per_child,"
            " app.conf.worker_max_memory_per_child]))")
    result = run_python(code, CELERY_VISIBILITY_TIMEOUT="20", CELERY_TASK_TIME_LIMIT="10",
                        CELERY_MAX_TASKS_PER_CHILD="50", CELERY_MAX_MEMORY_PER_CHILD="150000")
    assert result.stdout.strip() == "[20, 10, 50, 150000]"
