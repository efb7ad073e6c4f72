"""Settings for the registry, read from the environment (django-environ).

Embedded default (no variables set): SQLite under var/, Celery tasks run eagerly
in-process, media on local disk. Production: set DJANGO_ENV=production plus
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS, REGISTRY_ISSUER_URL (and S3
variables).

environment.py: folders and the environment; base.py: Django, the API, files and keys;
workers.py: Celery; security.py: staff accounts and security headers.
"""

from conocer.settings.base import *  # noqa: F403
from conocer.settings.environment import *  # noqa: F403
from conocer.settings.security import *  # noqa: F403
from conocer.settings.workers import *  # noqa: F403
