"""Celery application.

Tasks are acknowledged late (a worker killed mid-task gives the message back to
the broker), serialized as JSON, and discovered in every installed app's
`tasks.py`. Periodic tasks are listed in settings.CELERY_BEAT_SCHEDULE.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conocer.settings")

app = Celery("conocer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

