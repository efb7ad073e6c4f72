"""Writing many rows at once for the scale generator (scale.py): COPY on PostgreSQL,
bulk_create in batches elsewhere; and the small sums it draws with."""

import datetime
import io
import json

from django.db import connection, transaction
from stdnum import luhn

from certification.issuance.folio import ALPHABET, RANDOM_LENGTH, format_folio


def zipf_tail(count: int, *, first: float, total: float) -> list[float]:
    """`count` weights first·r^-s (r = 1…count) adding up to `total`, with the exponent s
    found by bisection (s = 0 when even equal weights fall short)."""
    if count <= 0:
        return []
    low, high = 0.0, 8.0
    if first * count <= total:
        return [total / count] * count
    for _ in range(60):
        s = (low + high) / 2
        if sum(first * r ** -s for r in range(1, count + 1)) > total:
            low = s
        else:
            high = s
    return [first * r ** -high for r in range(1, count + 1)]


def folio(rng) -> str:
    """new_folio's folio from a seeded generator (the system's is a call per symbol)."""
    bits = rng.getrandbits(5 * RANDOM_LENGTH)
    body = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(RANDOM_LENGTH))
    return format_folio(body + luhn.calc_check_digit(body, alphabet=ALPHABET))


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if "\\" not in text and "\t" not in text and "\n" not in text and "\r" not in text:
        return text  # most cells: nothing to escape (a credential is 4 kB)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def write(model, rows: list[dict]) -> None:
    """Insert the rows: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    if not rows:
        return
    with transaction.atomic():
        if connection.vendor != "postgresql":
            model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
            return
        columns = list(rows[0])
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_value(row[column]) for column in columns) + "\n")
        buffer.seek(0)
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
                "FROM STDIN", buffer)


