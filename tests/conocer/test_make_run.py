"""`make run PORT=…` serves the demo at the address its certificates print: the
Makefile's variables decide SITE_URL, the settings derive the issuer from it, and a
fresh demo load freezes that address into QR codes and credential ids."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from certification.issuance.models import Certificate
from conocer.demo.loader import DemoLoader

ROOT = Path(__file__).resolve().parents[2]
MAKE, PDFTOTEXT = shutil.which("make"), shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def load_demo_environment(*make_arguments) -> dict[str, str]:
    """The variables `make run` gives `manage.py load_demo`, read from its dry run."""
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    lines = subprocess.run([MAKE, "-n", "run", *make_arguments], cwd=ROOT, check=True,
                           capture_output=True, text=True, env=environment).stdout
    line = next(line for line in lines.splitlines() if "load_demo" in line)
    return dict(word.split("=", 1) for word in shlex.split(line) if re.match(r"^[A-Z_]+=", word))


def settings_under(variables: dict[str, str]) -> dict[str, str]:
    """SITE_URL and REGISTRY_ISSUER_URL as the registry's settings read them."""
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps({'SITE_URL': settings.SITE_URL, "
            "'REGISTRY_ISSUER_URL': settings.REGISTRY_ISSUER_URL}))")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SITE_URL", "REGISTRY_ISSUER_URL")}
    environment.update(variables, DJANGO_SETTINGS_MODULE="conocer.settings")
    return json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                     capture_output=True, text=True, env=environment).stdout)


def test_make_run_with_a_port_sets_the_site_url_and_the_issuer_to_that_port():
    assert settings_under(load_demo_environment("PORT=8123")) == {
        "SITE_URL": "http://127.0.0.1:8123", "REGISTRY_ISSUER_URL": "http://127.0.0.1:8123"}


def test_a_site_url_in_the_environment_wins_over_the_port():
    environment = {**os.environ, "SITE_URL": "https://demo.example.mx"}
    lines = subprocess.run([MAKE, "-n", "run", "PORT=8123"], cwd=ROOT, check=True,
                           capture_output=True, text=True, env=environment).stdout
    assert "SITE_URL=https://demo.example.mx .venv/bin/python manage.py load_demo" in lines


@pytest.mark.django_db(transaction=True)
def test_a_fresh_demo_load_under_make_run_port_8123_prints_qr_links_to_port_8123(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for name, value in settings_under(load_demo_environment("PORT=8123")).items():
        setattr(settings, name, value)
    DemoLoader().run()
    issued = Certificate.objects.filter(request__isnull=False).first()
    assert issued.qr_text.startswith("HTTP://127.0.0.1:8123/Q/")  # upper case: alphanumeric QR
    assert issued.facts.verification_url.startswith("http://127.0.0.1:8123/verificar/")
    assert "http://127.0.0.1:8123/verificar/" in issued.credential
    assert "did:web:127.0.0.1%3A8123" in issued.credential


@pytest.mark.django_db
@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_the_pdf_of_a_certificate_issued_under_port_8123_prints_that_address(settings,
                                                                           tmp_path):
    from certification.issuance import pdf
    from tests.factories import CertificateFactory

    for name, value in settings_under(load_demo_environment("PORT=8123")).items():
        setattr(settings, name, value)
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.render_certificate_pdf(CertificateFactory()))
    text = subprocess.run([PDFTOTEXT, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "127.0.0.1:8123/verificar/" in text
