"""Every action the code records in the audit log has a human label
(conocer/core/audit_labels.py), found by reading the code: literal actions given to
`record_event` (or to a helper as `action=`), the nouns given to `save_audited` (which
records `<noun>.registered` and `<noun>.updated`), and the two families built at run
time (a standard's transitions, a certificate's withdrawal)."""

import ast
from pathlib import Path

from django.utils import translation

from certification.issuance.models import Certificate
from conocer.core.audit_labels import (
    ACTION_LABELS,
    action_label,
    event_details,
    event_technical_details,
)
from standards.services import TRANSITIONS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("conocer", "standards", "bodies", "certification")


def recorded_actions() -> set[str]:
    actions = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    value = keyword.value
                    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                        continue
                    if keyword.arg == "action" and "." in value.value:
                        actions.add(value.value)
                    elif keyword.arg == "noun":
                        actions |= {f"{value.value}.registered", f"{value.value}.updated"}
    actions |= {f"standard.{name}" for name in TRANSITIONS}
    actions |= {f"certificate.{status}" for status in (Certificate.Status.CANCELLED,
                                                       Certificate.Status.REVOKED)}
    return actions


def test_the_code_is_read_for_the_actions_it_records():
    found = recorded_actions()
    assert {"certificate.pdf_generated", "centre.registered", "standard.publish",
            "accreditation.suspended", "certificate.revoked"} <= found


def test_every_action_the_code_records_has_a_human_label():
    assert sorted(recorded_actions() - set(ACTION_LABELS)) == []


def test_an_action_reads_in_spanish_on_spanish_pages():
    with translation.override("es"):
        assert action_label("certificate.pdf_generated") == "PDF generado"


def test_an_events_codes_are_shown_in_words():
    with translation.override("en"):
        details = event_details({"verdict": "competent", "from": "active",
                                 "to": "suspended", "linked": True})
    assert details == [("Verdict", "Competent"), ("From", "Active"), ("To", "Suspended"),
                       ("Already registered", "yes")]


def test_a_fingerprint_is_kept_for_the_technical_details_only():
    data = {"file": "acta.pdf", "sha256": "ab" * 32}
    with translation.override("en"):
        assert event_details(data) == [("File", "acta.pdf")]
    assert event_technical_details(data) == [("SHA-256", "ab" * 32)]
