"""Celery application.

Tasks are acknowledged late (a worker killed mid-task gives the message back to
the broker), serialized as JSON, and discovered in every installed app's
`tasks.py`. Periodic tasks are declared by the apps in `PERIODIC_TASKS` inside
their `tasks.py` modules and merged into the beat schedule here (the hook).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")

app = Celery("conocer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def register_periodic_task(name: str, task: str, schedule, **options) -> None:
    """Add a periodic task to the beat schedule; apps call this from `tasks.py`."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule, **options}
