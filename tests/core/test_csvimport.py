"""Reading uploaded CSV files: encodings, delimiters, headers in Spanish or English,
formula cells kept as text, and every bad upload refused with a message."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conocer.core import csvimport
from conocer.core.csvimport import Column
from tests.core.csvimport_files import csv_bytes, upload

COLUMNS = (Column("curp", "CURP"),
           Column("first_surname", "First surname", ("primer apellido", "apellido paterno")),
           Column("email", "Email", ("correo electronico",), required=False))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def table(data: bytes, **options):
    return csvimport.open_table(data, columns=COLUMNS, **options)


def rows(data: bytes, **options):
    return list(table(data, **options).rows())


def error_of(data: bytes, **options) -> str:
    with pytest.raises(ValidationError) as caught:
        rows(csvimport.read_upload(upload(data), **options))
    return " ".join(caught.value.message_dict["file"])


def test_a_utf8_file_with_a_byte_order_mark_is_read_without_it():
    data = "\ufeffCURP,Primer apellido\nX,Núñez\n".encode()
    found = table(data)
    assert found.encoding == "utf-8-sig"
    assert list(found.rows()) == [(2, {"curp": "X", "first_surname": "Núñez"})]


def test_a_latin1_file_is_read_as_windows_1252():
    data = "CURP;Apellido paterno\nX;Íñiguez “Peña”\n".encode("cp1252")
    found = table(data)
    assert (found.encoding, found.delimiter) == ("cp1252", ";")
    assert list(found.rows())[0][1]["first_surname"] == "Íñiguez “Peña”"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_in_the_header(delimiter):
    data = csv_bytes([["CURP", "primer apellido", "correo electrónico"],
                      ["X", "Ruiz, de la Cruz", "a@example.mx"]], delimiter=delimiter)
    assert rows(data) == [(2, {"curp": "X", "first_surname": "Ruiz, de la Cruz",
                               "email": "a@example.mx"})]


def test_headers_are_matched_without_case_accents_or_punctuation():
    data = b"  curp , PRIMER_APELLIDO,Otra cosa\nX,Ruiz,y\n"
    found = table(data)
    assert found.positions == {"curp": 0, "first_surname": 1}
    assert found.ignored == ["Otra cosa"]


def test_cells_are_trimmed_and_blank_rows_passed_over_keeping_line_numbers():
    data = b"CURP,Primer apellido\n  X  , Ruiz \n,\n\nY,Paz\n"
    assert rows(data) == [(2, {"curp": "X", "first_surname": "Ruiz"}),
                          (5, {"curp": "Y", "first_surname": "Paz"})]


def test_a_missing_column_is_a_file_error_naming_it():
    with pytest.raises(ValidationError) as caught:
        table(b"CURP,Nombre\nX,Ana\n")
    assert caught.value.message_dict["file"] == [
        "The file has no column “First surname”. The first line must name the columns."]


def test_a_column_given_twice_is_a_file_error():
    with pytest.raises(ValidationError, match="appears twice"):
        table(b"CURP,Primer apellido,Apellido paterno\nX,a,b\n")


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", '=HYPERLINK("x","y")'])
def test_a_cell_that_looks_like_a_formula_is_kept_as_text(cell):
    data = csv_bytes([["CURP", "Primer apellido"], [cell, cell]])
    assert rows(data)[0][1] == {"curp": cell, "first_surname": cell}


def test_the_apostrophe_our_exports_put_before_a_formula_is_taken_off():
    data = csv_bytes([["CURP", "Primer apellido"], ["'=1+2", "O'Brien"]])
    assert rows(data)[0][1] == {"curp": "=1+2", "first_surname": "O'Brien"}


def test_an_empty_file_is_refused():
    assert error_of(b"  \n") == "The file is empty."


def test_a_file_too_big_is_refused_before_it_is_read():
    assert "larger than 1 MB" in error_of(b"x" * (1024 * 1024 + 1), max_bytes=1024 * 1024)


def test_a_binary_file_is_refused():
    assert "not text" in error_of(b"CURP,Primer apellido\n\x00\x01\x02")
    assert "PNG" in error_of(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def test_a_workbook_is_refused_saying_to_save_it_as_csv():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    assert "Save as" in error_of(buffer.getvalue())


def test_more_rows_than_the_limit_is_refused():
    data = csv_bytes([["CURP", "Primer apellido"], *[["X", "Y"]] * 4])
    with pytest.raises(ValidationError, match="more than 3 rows"):
        rows(data, max_rows=3)


def test_no_upload_is_refused():
    with pytest.raises(ValidationError, match="Choose a CSV file"):
        csvimport.read_upload(None)


@pytest.mark.parametrize("text", ["2009-03-31", "31/03/2009", "31-03-2009", "31.03.2009",
                                  "2009/03/31", "31/03/2009 00:00"])
def test_dates_are_read_day_first_as_written_in_mexico(text):
    assert csvimport.parse_date(text) == datetime.date(2009, 3, 31)


@pytest.mark.parametrize("text", ["03/31/2009", "31/02/2009", "ayer", ""])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        csvimport.parse_date(text)


@pytest.mark.parametrize(("text", "expected"), [("Sí", True), ("SI", True), ("x", True),
                                                ("1", True), ("no", False), ("", False),
                                                ("quizá", None)])
def test_yes_and_no_in_spanish_or_english(text, expected):
    assert csvimport.parse_yes_no(text) is expected
