"""Celery: the broker, how tasks survive outages and killed workers, and the periodic tasks."""

import environ
from celery.schedules import crontab

from conocer.settings.base import TIME_ZONE
from conocer.settings.environment import env

# Celery. Without a broker, tasks run eagerly in-process (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Outages degrade (docs/operations.md). A broker that is down or frozen costs a publish
# about a second at most: one quick retry (a pooled connection may just be stale), with
# short socket timeouts; then the caller logs it and a sweep queues the work again.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.3)
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_SOCKET_TIMEOUT
# A killed worker's unacknowledged task goes back to the queue after the visibility
# timeout, so it is just above the longest a task may run (the hard time limit), and the
# workers look for such tasks every CELERY_RESTORE_INTERVAL seconds. Countdowns (retry
# back-off) stay below it, or Redis would deliver them twice.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=240)
CELERY_TASK_SOFT_TIME_LIMIT = int(CELERY_TASK_TIME_LIMIT * 0.8)
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise environ.ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT, or a long "
        "task would be handed to a second worker while the first still runs it.")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT, "unacked_restore_throttle": 1,
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": CELERY_BROKER_SOCKET_TIMEOUT}
# Worker children are replaced after this many tasks or past this memory (KiB).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_MAX_TASKS_PER_CHILD", default=200)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_MAX_MEMORY_PER_CHILD", default=262_144)
# The minute PDF sweep (issuance/services/pdfs.py): seconds before a queued PDF is queued
# again, and how many per run.
PDF_REQUEUE_AFTER = env.int("PDF_REQUEUE_AFTER", default=2 * CELERY_VISIBILITY_TIMEOUT)
PDF_SWEEP_BATCH = env.int("PDF_SWEEP_BATCH", default=500)
# Periodic tasks (run by `celery beat`); each is idempotent and safe to run late.
CELERY_BEAT_SCHEDULE = {
    "expire-standards": {
        "task": "standards.expire_standards",
        "schedule": crontab(hour=0, minute=15),
    },
    "expire-accreditations": {
        "task": "bodies.expire_accreditations",
        "schedule": crontab(hour=0, minute=20),
    },
    "ensure-certificate-pdfs": {
        "task": "issuance.ensure_certificate_pdfs",
        "schedule": crontab(),  # every minute; a run not started within it is dropped
        "options": {"expires": 55},
    },
    "refresh-standard-usage": {
        "task": "issuance.refresh_standard_usage",
        "schedule": crontab(hour=1, minute=30),
    },
    "repair-statistics": {
        "task": "statistics.repair_statistics",
        "schedule": crontab(hour=1, minute=45),  # after the standards' usage recount
    },
    "issue-missed-qualifications": {
        "task": "issuance.issue_missed_qualifications",
        "schedule": crontab(hour=2, minute=0),  # after the statistics repair
    },
    "requeue-lost-import-checks": {
        "task": "core.requeue_lost_import_checks",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 290},
    },
    "delete-old-import-files": {
        "task": "core.delete_old_import_files",
        "schedule": crontab(hour=3, minute=0),
    },
    "send-renewal-reminders": {
        "task": "issuance.send_renewal_reminders",
        "schedule": crontab(hour=9, minute=0),  # in the morning, when people read mail
    },
}
