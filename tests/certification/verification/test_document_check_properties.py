"""Properties of the document check over any uploaded bytes: an answer (never an
exception), and never "authentic" for anything but the registry's own signed bytes."""

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from certification.trust import pdfsign
from certification.verification.documents import DocumentOutcome, check_document

pytestmark = pytest.mark.django_db
EXAMPLES = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture(scope="module")
def signed_pdf(signing_keys_dir):
    from django.test import override_settings

    with override_settings(SIGNING_KEYS_DIR=str(signing_keys_dir), PDF_SIGNING_KEY="",
                           PDF_SIGNING_CERT="", PDF_SIGNING_CHAIN=[], PDF_TSA_URL=""):
        return pdfsign.sign_pdf(blank_pdf())


def signed_positions(content: bytes) -> list[range]:
    """The bytes the signature covers (its /ByteRange): all but the signature itself, whose
    zero padding a PDF signature leaves outside what it signs, by design."""
    a, b, c, d = map(int, re.search(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)",
                                     content).groups())
    return [range(a, a + b), range(c, c + d)]


def check(content: bytes) -> DocumentOutcome:
    return check_document(io.BytesIO(content))


@EXAMPLES
@given(st.binary(max_size=4000))
def test_any_bytes_get_an_answer_and_are_not_authentic(db, content):
    assert not check(content).authentic


@EXAMPLES
@given(st.binary(max_size=2000))
def test_anything_after_a_pdf_header_gets_an_answer_and_is_not_authentic(db, content):
    assert not check(b"%PDF-1.7\n" + content).authentic


def test_the_registrys_signed_pdf_is_intact(db, signed_pdf):
    assert pdfsign.check_pdf(signed_pdf).intact


@EXAMPLES
@given(st.data())
def test_one_changed_signed_byte_of_a_signed_pdf_is_never_authentic(db, signed_pdf, data):
    covered = data.draw(st.sampled_from(signed_positions(signed_pdf)))
    position = data.draw(st.integers(covered.start, covered.stop - 1))
    value = data.draw(st.integers(0, 255).filter(lambda b: b != signed_pdf[position]))
    changed = signed_pdf[:position] + bytes([value]) + signed_pdf[position + 1:]
    assert not check(changed).authentic


@EXAMPLES
@given(st.data())
def test_a_cut_signed_pdf_is_never_authentic(db, signed_pdf, data):
    assert not check(signed_pdf[:data.draw(st.integers(0, len(signed_pdf) - 1))]).authentic
