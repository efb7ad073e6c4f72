"""Many rows: the dry run streams them and looks folios and people up a chunk at a time
(a few queries per 2,000 rows, never one per row), so its time grows with the file and
nothing else. The suite checks 10,000 rows; IMPORT_SCALE_ROWS=100000 checks 100,000 (about
20 s on the shared development machine: docs/imports.md). The time bound is loose (a
shared, slow machine); the query bound is what catches a lookup per row."""

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from certification.issuance.services import imports
from conocer.core.roles import ensure_conocer_group
from tests.certification.conftest import accredit
from tests.core.csvimport_files import csv_bytes, curp, upload
from tests.factories import AwardingBodyFactory, StandardFactory, UserFactory

pytestmark = pytest.mark.django_db

ROWS = int(os.environ.get("IMPORT_SCALE_ROWS", "10000"))
MICROSECONDS_PER_ROW = 1000  # measured: about 200 on a loaded machine


def test_a_dry_run_of_many_rows_is_linear_in_time_and_chunked_in_queries():
    admin = UserFactory(username="conocer-grande")
    admin.groups.add(ensure_conocer_group())
    standard = StandardFactory(code="EC0217.01")
    accredit(standard, awarding_body=AwardingBodyFactory(acronym="CONALEP"))
    header = ["folio", "curp", "nombre", "primer apellido", "segundo apellido", "estandar",
              "ece", "fecha de emision"]
    rows = ([f"D-{n:010d}", curp(n), "Ana", "Ruiz", "Paz", "EC0217.01", "CONALEP",
             "2009-03-31"] for n in range(ROWS))
    data = csv_bytes([header, *rows])
    started = time.perf_counter()
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        job = imports.check_certificate_file(actor=admin, uploaded=upload(data))
    elapsed = time.perf_counter() - started
    assert (job.total_rows, job.ready_rows, job.refused_rows) == (ROWS, ROWS, 0)
    chunks = -(-ROWS // imports.CERTIFICATES.chunk_size)
    assert len(queries) <= 3 * chunks + 20
    assert elapsed < ROWS * MICROSECONDS_PER_ROW / 1e6, f"{elapsed:.1f} s"
