"""The certificate credential against 1EdTech's official JSON schema for Open Badges 3.0
AchievementCredentials, and the structural rules of that schema and of the specification
that the registry relies on.

The schema is not part of the repository and is never fetched: the test reads it from
/work/shared/spec/ when someone has put it there (any `*.json` whose `$id` or file name
contains "achievementcredential") and is skipped otherwise.
"""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.factories import CertificateFactory, StandardFactory

pytestmark = pytest.mark.django_db

SPEC_DIR = Path("/work/shared/spec")
SCHEMA_MARK = "achievementcredential"

# OB 3.0 AchievementSubject properties the registry fills in; `name` is not one of them.
SUBJECT_PROPERTIES = {"type", "id", "identifier", "achievement", "source"}


def achievement_credential_schema() -> dict | None:
    """The AchievementCredential schema found in SPEC_DIR, or None."""
    if not SPEC_DIR.is_dir():
        return None
    for path in sorted(SPEC_DIR.glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        schema_id = document.get("$id", "") if isinstance(document, dict) else ""
        if SCHEMA_MARK in path.name.lower() or SCHEMA_MARK in str(schema_id).lower():
            return document
    return None


def credential() -> dict:
    """A certificate of a standard that sets a validity: its credential has validUntil."""
    return json.loads(CertificateFactory(
        standard=StandardFactory(certificate_validity_years=3)).credential)


def test_the_credential_is_valid_against_the_official_achievement_credential_schema():
    schema = achievement_credential_schema()
    if schema is None:
        pytest.skip(f"no 1EdTech AchievementCredential JSON schema in {SPEC_DIR} (a *.json "
                    f"whose $id or name contains '{SCHEMA_MARK}'); it is never fetched")
    jsonschema.Draft201909Validator.check_schema(schema)
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)

    errors = sorted(validator.iter_errors(credential()), key=lambda error: list(error.path))

    assert errors == [], "\n" + "\n".join(
        f"{'/'.join(str(part) for part in error.path) or '(root)'}: {error.message}"
        for error in errors)


def test_the_credential_has_the_structure_the_schema_and_the_specification_require():
    document = credential()

    assert isinstance(document["proof"], list) and document["proof"]
    assert all("type" in proof for proof in document["proof"])
    assert "validFrom" in document

    issuer = document["issuer"]
    assert isinstance(issuer, dict) and {"id", "type"} <= issuer.keys()
    assert "Profile" in issuer["type"]

    subject = document["credentialSubject"]
    assert subject.keys() <= SUBJECT_PROPERTIES, subject.keys() - SUBJECT_PROPERTIES
    assert {"type", "achievement"} <= subject.keys()
    assert "name" not in subject
    assert "AchievementSubject" in subject["type"]

    achievement = subject["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= achievement.keys()
    assert achievement["alignment"]
    for alignment in achievement["alignment"]:
        assert {"type", "targetName", "targetUrl"} <= alignment.keys(), alignment
