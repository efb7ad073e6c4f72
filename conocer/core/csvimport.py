"""Reading a CSV file that people upload: what a spreadsheet saves, however it saves it.

- Size: at most MAX_BYTES, checked before anything is read; at most MAX_ROWS records.
- Encoding: UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252,
  the superset of Latin-1 that Excel uses in Spanish (é, ñ, ¿, and “ ” € where Latin-1
  has control codes). A file with NUL bytes, or a known binary format (a workbook, a
  PDF, an image), is refused with a message saying what to do.
- Delimiter: comma, semicolon (Excel in Spanish) or tab, found in the first lines.
- Header: each column is found by any of its names, Spanish or English, without regard
  to case, accents, spaces, underscores or dots ("Primer apellido", "PRIMER_APELLIDO",
  "first surname"). A required column that is missing is a field error naming it.
- Cells are trimmed. A cell that starts with = + - @, a tab or a carriage return is data,
  never a formula: nothing here evaluates anything, the text is kept as typed, pages
  escape it and CSV exports neutralise it again (csvexport.safe_cell). The one change is
  the reverse of that neutralisation: an apostrophe our exports put before such text is
  taken off, so a file exported here and imported again holds the same text.

Errors are ValidationErrors on the form's `file` field: a bad upload is never a 500.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .csvexport import FORMULA_START
from .text import fold

MAX_BYTES = 40 * 1024 * 1024  # 40 MiB: 200,000 rows of about 200 characters
MAX_ROWS = 200_000
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": _("UTF-8 (with byte-order mark)"),
                  "cp1252": _("Latin-1 (Windows-1252)")}
FIELD = "file"


@dataclass(frozen=True)
class Column:
    """A column the importer reads: its key, its name on pages, the header spellings
    it is found by (besides the name itself), and whether a file must have it."""

    key: str
    label: str
    names: tuple[str, ...] = ()
    required: bool = True


@dataclass
class Table:
    """An uploaded CSV, decoded and with its header mapped; `rows()` streams records."""

    text: str = field(repr=False)
    encoding: str
    delimiter: str
    positions: dict[str, int]  # column key → index in each record
    ignored: list[str]  # header cells no column is known by
    max_rows: int = MAX_ROWS

    @property
    def encoding_name(self):
        return ENCODING_NAMES.get(self.encoding, self.encoding)

    @property
    def delimiter_name(self):
        return DELIMITER_NAMES[self.delimiter]

    def rows(self, *, skip: int = 0) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number in the file, {column key: cleaned text}) of each record after the
        first `skip` ones; blank records are passed over. Raises ValidationError past
        max_rows records."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        next(reader, None)
        count = 0
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            count += 1
            if count > self.max_rows:
                raise ValidationError({FIELD: too_many_rows(self.max_rows)})
            if count <= skip:
                continue
            yield reader.line_num, {key: clean_cell(record[index]) if index < len(record)
                                    else "" for key, index in self.positions.items()}

    def count(self) -> int:
        return sum(1 for _row in self.rows())


def too_many_rows(limit):
    return ngettext("The file has more than %(n)s row. Split it into smaller files.",
                    "The file has more than %(n)s rows. Split it into smaller files.",
                    limit) % {"n": f"{limit:,}"}


def clean_cell(value: str) -> str:
    """The cell as text to store: trimmed, and without the apostrophe that a CSV export
    puts before text a spreadsheet would take for a formula."""
    value = value.strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        value = value[1:]
    return value


def header_key(text: str) -> str:
    """How header cells are compared: folded, only letters and digits."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def read_upload(uploaded, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of an uploaded file, refused when absent, empty or too big (by its
    declared size first, so that nothing big is read)."""
    if uploaded is None:
        raise ValidationError({FIELD: _("Choose a CSV file to upload.")})
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError({FIELD: too_big(max_bytes)})
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError({FIELD: too_big(max_bytes)})
    if not data.strip():
        raise ValidationError({FIELD: _("The file is empty.")})
    return data


def too_big(max_bytes):
    return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
        "size": max_bytes // (1024 * 1024)}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes; refuses what is not text."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        if kind.extension in ("xlsx", "xls", "ods", "zip"):
            raise ValidationError({FIELD: _(
                "This is a spreadsheet workbook, not a CSV file. In your spreadsheet "
                "program choose “Save as” and the CSV format, then upload that file.")})
        raise ValidationError({FIELD: _(
            "This file is not text (it looks like a %(kind)s file). Upload a CSV file.")
            % {"kind": kind.extension.upper()}})
    if b"\x00" in data:
        raise ValidationError({FIELD: _(
            "This file is not text: upload a CSV file saved from a spreadsheet.")})
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: plain Latin-1
        return data.decode("latin-1"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the one of , ; tab that splits it most (outside
    quotes); a one-column file is read with commas."""
    header = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def map_header(header: list[str], columns: tuple[Column, ...]
               ) -> tuple[dict[str, int], list[str]]:
    """{column key: position} of the columns found in the header, and the header cells
    no column is known by. Missing required columns, and a column given twice, are a
    field error."""
    known = {}
    for column in columns:
        for name in (column.key, str(column.label), *column.names):
            known.setdefault(header_key(name), column)
    positions, ignored, problems = {}, [], []
    for index, cell in enumerate(header):
        column = known.get(header_key(cell))
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif column.key in positions:
            problems.append(_("The column “%(name)s” appears twice in the header.") % {
                "name": column.label})
        else:
            positions[column.key] = index
    missing = [str(c.label) for c in columns if c.required and c.key not in positions]
    if missing:
        problems.append(ngettext(
            "The file has no column %(names)s. The first line must name the columns.",
            "The file lacks the columns %(names)s. The first line must name the columns.",
            len(missing)) % {"names": ", ".join(f"“{name}”" for name in missing)})
    if problems:
        raise ValidationError({FIELD: problems})
    return positions, ignored


def open_table(data: bytes, *, columns: tuple[Column, ...], max_rows: int = MAX_ROWS
               ) -> Table:
    """Decode and map the bytes of an uploaded CSV file (read_upload; see the module)."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = sniff_delimiter(text)
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    positions, ignored = map_header([clean_cell(cell) for cell in header], columns)
    return Table(text=text, encoding=encoding, delimiter=delimiter, positions=positions,
                 ignored=ignored, max_rows=max_rows)


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
YES = frozenset({"si", "s", "yes", "y", "true", "verdadero", "1", "x", "acepta", "aceptado"})
NO = frozenset({"no", "n", "false", "falso", "0", ""})


def parse_date(text: str) -> datetime.date:
    """A date as spreadsheets in Mexico write it: 2019-03-31, 31/03/2019, 31-03-2019 or
    31.03.2019 (day first: never month first). Raises ValueError."""
    text = text.strip().split(" ")[0].split("T")[0]
    if len(text) == 10 and text[4] == "-":
        return datetime.date.fromisoformat(text)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(text)


def parse_yes_no(text: str) -> bool | None:
    """True for sí/yes/1/x…, False for no/0/empty, None for anything else."""
    key = header_key(text)
    if key in YES:
        return True
    if key in NO:
        return False
    return None
