"""What a registry restored from a backup says about one certificate, asked inside the
restored environment (its database, media and keys) by test_backups.py:

    python manage.py shell -c "from tests.integration.restored_check import main; main(FOLIO)"

It prints one JSON line: the certificate's status as the verification selector reads it,
the verdict of the public document check on the restored PDF, whether that file's SHA-256
is the one on record, and what `verify_credential` says of the stored credential with the
restored keys."""

import hashlib
import io
import json
import sys
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from certification.verification import documents, selectors

MARKER = "RESTORED "


def main(folio: str) -> None:
    certificate = selectors.certificate_by_folio(folio)
    with default_storage.open(certificate.pdf.name, "rb") as stored:
        pdf = stored.read()
    outcome = documents.check_document(io.BytesIO(pdf))
    with tempfile.TemporaryDirectory() as work:
        credential = Path(work) / "credential.json"
        credential.write_text(certificate.credential, encoding="utf-8")
        said = io.StringIO()
        try:
            call_command("verify_credential", str(credential), stdout=said)
        except CommandError as error:
            said.write(str(error))
    sys.stdout.write(MARKER + json.dumps({
        "status": certificate.status,
        "document_authentic": outcome.authentic,
        "document_status": outcome.status,
        "pdf_matches_record": hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256,
        "credential": said.getvalue().strip().splitlines()[0],
    }) + "\n")
