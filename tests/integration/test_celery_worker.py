import pytest

from conocer.tasks import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_a_task_sent_through_redis(worker):
    result = ping.apply_async(queue=worker)
    assert result.get(timeout=60) == {"status": "pong", "database": "postgresql"}
