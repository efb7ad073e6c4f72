"""Logs never carry a person's CURP: a filter on every handler masks any it finds."""

import logging
import re

CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d\b", re.IGNORECASE)


def redact(text: str) -> str:
    return CURP.sub(lambda match: match.group(0)[:4] + "**************", text)


class RedactIdentities(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
