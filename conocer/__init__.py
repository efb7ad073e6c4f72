"""Project package of the national registry of certified work competences."""

from .celery import app as celery_app

__all__ = ("celery_app",)
