from celery import shared_task
from django.db import connection


@shared_task(name="conocer.ping")
def ping() -> dict:
    """Round trip through the broker and the database; used by operators and tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "pong", "database": connection.vendor}
