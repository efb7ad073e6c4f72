"""Settings come from the environment; these run the settings module in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "from conocer.celery import app;"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'name': str(settings.DATABASES['default']['NAME']),"
    " 'eager': app.conf.task_always_eager, 'broker': settings.CELERY_BROKER_URL,"
    " 'media': settings.STORAGES['default']['BACKEND'], 'debug': settings.DEBUG,"
    " 'acks_late': app.conf.task_acks_late, 'serializer': app.conf.task_serializer,"
    " 'accept': app.conf.accept_content}))"
)
ENV_KEYS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_ENV",
            "DEBUG", "SECRET_KEY", "AWS_STORAGE_BUCKET_NAME", "ALLOWED_HOSTS",
            "REGISTRY_ISSUER_URL", "SITE_URL")
PRODUCTION = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "registro.conocer.gob.mx",
              "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "x9" * 10,
              "REGISTRY_ISSUER_URL": "https://registro.conocer.gob.mx"}


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean.update(DJANGO_SETTINGS_MODULE="conocer.settings", **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def settings_with(**env):
    result = run_python(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_database_is_an_sqlite_file_under_var():
    probe = settings_with()
    assert probe["engine"] == "django.db.backends.sqlite3"
    assert probe["name"].endswith("var/registry.sqlite3")


def test_without_a_broker_tasks_run_eagerly_in_process():
    assert settings_with()["eager"] is True


def test_media_goes_to_local_files_by_default():
    assert settings_with()["media"] == "django.core.files.storage.FileSystemStorage"


def test_database_url_selects_postgresql():
    probe = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/registro")
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["name"] == "registro"


def test_a_broker_url_turns_off_eager_tasks():
    probe = settings_with(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert probe["eager"] is False
    assert probe["broker"] == "redis://127.0.0.1:6379/0"


def test_a_bucket_name_sends_media_to_s3_compatible_storage():
    assert settings_with(AWS_STORAGE_BUCKET_NAME="registro")["media"] == \
        "storages.backends.s3.S3Storage"


def test_celery_acknowledges_late_and_speaks_only_json():
    probe = settings_with()
    assert probe["acks_late"] is True
    assert probe["serializer"] == "json"
    assert probe["accept"] == ["json"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(PROBE, DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_passes_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k not in ENV_KEYS}, **PRODUCTION},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("value", "says"), [(None, "REGISTRY_ISSUER_URL"),
                                             ("http://registro.conocer.gob.mx", "https")])
def test_production_refuses_to_start_without_an_https_issuer_identity(value, says):
    env = {k: v for k, v in PRODUCTION.items() if k != "REGISTRY_ISSUER_URL"}
    if value:
        env["REGISTRY_ISSUER_URL"] = value
    result = run_python(PROBE, **env)
    assert result.returncode != 0
    assert says in result.stderr


def test_the_issuer_identity_does_not_follow_the_servers_address():
    code = ("import django; from django.conf import settings; django.setup();"
            "print(settings.REGISTRY_ISSUER_URL)")
    result = run_python(code, SITE_URL="http://127.0.0.1:8101",
                        REGISTRY_ISSUER_URL="https://registro.conocer.gob.mx/")
    assert result.stdout.strip() == "https://registro.conocer.gob.mx"


@pytest.mark.parametrize("value", ["0", "false"])
def test_debug_can_be_turned_off_from_the_environment(value):
    assert settings_with(DEBUG=value)["debug"] is False
