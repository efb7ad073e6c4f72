"""Making CSV files for the import tests: valid CURPs, and rows as bytes."""

import csv
import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.mx import curp as stdnum_curp

LETTERS = "BCDFGHJKLMNPRSTVWXZ"


def curp(n: int, *, born=None, sex="M", state="JC") -> str:
    """The n-th of many distinct valid CURPs (check digit by python-stdnum); born on
    17 May 1990 plus a day per 6,859 of them unless `born` is given."""
    a, b, c = (LETTERS[(n // len(LETTERS) ** i) % len(LETTERS)] for i in range(3))
    born = born or datetime.date(1990, 5, 17) + datetime.timedelta(days=n // 6859)
    body = f"G{'A'}{a}{b}{born:%y%m%d}{sex}{state}{c}RN{'0' if born.year < 2000 else 'A'}"
    return body + stdnum_curp.calc_check_digit(body)


def csv_bytes(rows, *, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(rows_or_bytes, name="datos.csv", **options) -> SimpleUploadedFile:
    data = rows_or_bytes if isinstance(rows_or_bytes, bytes) else csv_bytes(
        rows_or_bytes, **options)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def distinct_curps(count: int):
    return itertools.islice((curp(n) for n in itertools.count()), count)
