"""Keeping the summary tables: one upsert per table in the transaction of every
certificate change and verdict (the hooks call these), and the nightly recount.

A change adds to a cell with one `INSERT … ON CONFLICT … DO UPDATE SET count = count +
excluded.count` (PostgreSQL and SQLite), never a read-modify-write, so two issuances at
once both count. The repair recomputes each table from the rows with one
`INSERT … SELECT … GROUP BY`, after counting how many cells it will correct."""

from django.db import connection, transaction

from certification.issuance import hooks as issuance_hooks
from certification.issuance.models import Certificate
from conocer.core import clock
from conocer.core.audit import record_event

from . import cells, facts
from .models import CERTIFICATE_TABLES, Repair, StatusGroup, VerdictCount

GROUP_OF_STATUS = {Certificate.Status.VALID: StatusGroup.VALID,
                   Certificate.Status.REVOKED: StatusGroup.REVOKED}
ALL_TABLES = (*CERTIFICATE_TABLES, VerdictCount)


def _columns(model):
    return [model._meta.get_field(name).column for name in model.KEY]


def _add(model, key: dict, delta: int) -> None:
    q = connection.ops.quote_name
    table, columns = q(model._meta.db_table), _columns(model)
    names = ", ".join(q(column) for column in columns)
    count = q("count")
    sql = (f"INSERT INTO {table} ({names}, {count}) "  # noqa: S608 (names, not values)
           f"VALUES ({', '.join(['%s'] * (len(columns) + 1))}) "
           f"ON CONFLICT ({names}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[name] for name in model.KEY] + [delta])


def _add_certificate(key: dict, status_group: str, delta: int) -> None:
    for model in CERTIFICATE_TABLES:
        _add(model, {**key, "status": status_group}, delta)


def count_certificate(certificate: Certificate, change: str) -> None:
    """issuance's hook: a certificate was inserted (ISSUED) or stopped being valid
    (WITHDRAWN: it was valid until now; revoked ones stay counted, as revoked)."""
    key = facts.certificate_key(certificate)
    group = GROUP_OF_STATUS.get(certificate.status)
    if change == issuance_hooks.WITHDRAWN:
        _add_certificate(key, StatusGroup.VALID, -1)
    if group is not None:
        _add_certificate(key, group, 1)
    cells.changed()


def count_verdict(actor, assessment) -> None:
    """assessment's hook: an assessment was submitted with a verdict."""
    _add(VerdictCount, facts.verdict_key(assessment), 1)
    cells.changed()


def count_reopened(assessment) -> None:
    """assessment's hook: a submitted assessment goes back to its assessor; its verdict
    no longer counts (it will again when submitted anew)."""
    if assessment.submitted_at is not None and assessment.verdict:
        _add(VerdictCount, facts.verdict_key(assessment), -1)
        cells.changed()


# --- The nightly repair ------------------------------------------------------------------

def _truth(model) -> tuple[str, list]:
    """SQL (and its parameters) of what `model` should hold: its key columns and count,
    grouped from the rows."""
    build = facts.verdict_cells_sql if model is VerdictCount else facts.certificate_cells_sql
    return build(tuple(_columns(model)))


def _lock(model):
    if connection.vendor == "postgresql":  # hooks' upserts wait until the recount commits
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} "
                           "IN SHARE ROW EXCLUSIVE MODE")


def recount(model) -> int:
    """Recompute one table from the rows; returns how many cells were wrong (missing,
    superfluous or with another count)."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(column) for column in _columns(model))
    truth, params = _truth(model)
    stored = f"SELECT {columns}, {q('count')} FROM {table}"  # noqa: S608 (names)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(model)
        cursor.execute(f"DELETE FROM {table} WHERE {q('count')} = 0")  # noqa: S608 (names)
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT {columns} FROM ({stored} EXCEPT "  # noqa: S608
            f"SELECT * FROM ({truth}) a) wrong UNION SELECT {columns} FROM "
            f"(SELECT * FROM ({truth}) b EXCEPT {stored}) missing) cells", params + params)
        wrong = cursor.fetchone()[0]
        if wrong:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (names)
            cursor.execute(f"INSERT INTO {table} ({columns}, {q('count')}) "  # noqa: S608
                           f"SELECT * FROM ({truth}) fresh", params)
    return wrong


@transaction.atomic
def repair_statistics(*, actor=None) -> Repair:
    """Recount every summary table from the certificates and assessments, and record
    how many cells each had wrong (an audit event when any)."""
    corrected = {model._meta.model_name: recount(model) for model in ALL_TABLES}
    repair = Repair.objects.create(ran_at=clock.now(), corrected=corrected,
                                   cells=sum(corrected.values()))
    cells.changed()
    if repair.cells:
        record_event(actor=actor, action="statistics.repaired", target=repair, **corrected)
    return repair

