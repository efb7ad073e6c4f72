"""Where a certificate (or a verdict) counts: the key of its cell in each summary table,
worked out twice — in Python for the one certificate a hook hands over, and as SQL over
all of them for the nightly repair. The two are written side by side so that they say the
same; a test checks that a repair of tables kept by the hooks corrects nothing.

Sex and age come from the CURP frozen in the certificate's claims (position 11: H, M or
X; birth date in positions 5-10, the century from position 17: a digit before 2000, a
letter from 2000), never from the person's row: a correction that changes the person
must not move the cells their other certificates were counted in. Holders registered by
another identity document count as "not recorded"."""

import datetime
import re

from django.db import connection
from django.utils import timezone

from bodies.models import AssessmentCentre, AwardingBody
from certification.assessment.models import Assessment
from certification.issuance.models import Certificate
from standards.models import Standard

from .models import AGE_BAND_STARTS, AgeBand, StatusGroup

CURP_SHAPE = r"^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]$"
COUNTED = (Certificate.Status.VALID, Certificate.Status.REVOKED)


def band_of(age: int) -> str:
    for start, band in AGE_BAND_STARTS:
        if age >= start:
            return band
    return AgeBand.UNDER_25


def person_of(claims: dict, issued_on: datetime.date) -> tuple[str, str]:
    """(sex, age band) of the holder named in frozen claims; ("", "") without a CURP."""
    curp = claims.get("holder_id_number") or ""
    if claims.get("holder_id_type") != "curp" or not re.match(CURP_SHAPE, curp):
        return "", ""
    born_year = (1900 if curp[16].isdigit() else 2000) + int(curp[4:6])
    age = issued_on.year - born_year - (
        1 if issued_on.month * 100 + issued_on.day < int(curp[6:10]) else 0)
    return curp[10], band_of(age)


def state_of(*, centre_id, awarding_body_id) -> str:
    """The centre's state, else the awarding body's."""
    if centre_id is not None:
        return AssessmentCentre.objects.values_list("state", flat=True).get(pk=centre_id)
    return AwardingBody.objects.values_list("state", flat=True).get(pk=awarding_body_id)


def certificate_key(certificate: Certificate) -> dict:
    """The cell values of a certificate (status group aside)."""
    claims = certificate.claims
    sex, band = person_of(claims, certificate.issued_on)
    return {"year": certificate.issued_on.year,
            "kind": claims.get("kind") or Standard.Kind.STANDARD,
            "standard_id": certificate.standard_id,
            "state": state_of(centre_id=certificate.centre_id,
                              awarding_body_id=certificate.awarding_body_id),
            "awarding_body_id": certificate.awarding_body_id,
            "sex": sex, "age_band": band}


def verdict_key(assessment: Assessment) -> dict:
    return {"year": timezone.localtime(assessment.submitted_at).year,
            "standard_id": assessment.standard_id,
            "state": state_of(centre_id=assessment.centre_id,
                              awarding_body_id=assessment.awarding_body_id),
            "verdict": assessment.verdict}


# --- The same, in SQL --------------------------------------------------------------------

def _vendor():
    """The three things PostgreSQL and SQLite spell differently."""
    if connection.vendor == "postgresql":
        return {"json": "({column} ->> '{key}')",
                "part": "CAST(EXTRACT({part} FROM {column}) AS INTEGER)",
                "matches": "{value} ~ %s"}
    return {"json": "json_extract({column}, '$.{key}')",
            "part": "CAST(strftime('{code}', {column}) AS INTEGER)",
            "matches": "{value} REGEXP %s"}


def _part(spelling, part, column):
    code = {"YEAR": "%%Y", "MONTH": "%%m", "DAY": "%%d"}[part]  # % doubled: params follow
    return spelling["part"].format(part=part, code=code, column=column)


def certificate_cells_sql(columns: tuple[str, ...]) -> tuple[str, list]:
    """SELECT of the cells of every counted certificate, grouped by `columns` (of year,
    kind, standard_id, state, status, awarding_body_id, sex, age_band), with `count`."""
    v, q = _vendor(), connection.ops.quote_name
    claims = lambda key: v["json"].format(column="c.claims", key=key)  # noqa: E731
    issued = "c.issued_on"
    ages = " ".join(f"WHEN age >= {start} THEN '{band}'" for start, band in AGE_BAND_STARTS)
    names = ", ".join(columns)
    sql = f"""
        SELECT {names}, COUNT(*) AS {q("count")} FROM (
          SELECT year, kind, standard_id, state, status, awarding_body_id,
                 CASE WHEN curp_ok = 1 THEN SUBSTR(curp, 11, 1) ELSE '' END AS sex,
                 CASE WHEN curp_ok = 0 THEN '' {ages} ELSE '{AgeBand.UNDER_25}' END AS age_band
          FROM (
            SELECT *, year - born - CASE WHEN birthday > issued_mmdd THEN 1 ELSE 0 END AS age
            FROM (
              SELECT *,
                     CASE WHEN curp_ok = 1 THEN CAST(SUBSTR(curp, 5, 2) AS INTEGER)
                       + CASE WHEN SUBSTR(curp, 17, 1) BETWEEN '0' AND '9' THEN 1900
                         ELSE 2000 END END AS born,
                     CASE WHEN curp_ok = 1 THEN CAST(SUBSTR(curp, 7, 4) AS INTEGER)
                       END AS birthday
              FROM (
                SELECT {_part(v, "YEAR", issued)} AS year,
                       {_part(v, "MONTH", issued)} * 100 + {_part(v, "DAY", issued)}
                         AS issued_mmdd,
                       COALESCE(NULLIF({claims("kind")}, ''), '{Standard.Kind.STANDARD}')
                         AS kind,
                       c.standard_id AS standard_id,
                       COALESCE(centre.state, body.state) AS state,
                       CASE WHEN c.status = %s THEN '{StatusGroup.REVOKED}'
                         ELSE '{StatusGroup.VALID}' END AS status,
                       c.awarding_body_id AS awarding_body_id,
                       {claims("holder_id_number")} AS curp,
                       CASE WHEN {claims("holder_id_type")} = 'curp'
                         AND {v["matches"].format(value=claims("holder_id_number"))}
                         THEN 1 ELSE 0 END AS curp_ok
                FROM {q(Certificate._meta.db_table)} c
                JOIN {q(AwardingBody._meta.db_table)} body ON body.id = c.awarding_body_id
                LEFT JOIN {q(AssessmentCentre._meta.db_table)} centre
                  ON centre.id = c.centre_id
                WHERE c.status IN (%s, %s)
              ) certificate
            ) born
          ) aged
        ) cells
        GROUP BY {names}"""  # noqa: S608 (our names and constants; values are parameters)
    return sql, [Certificate.Status.REVOKED, CURP_SHAPE, *COUNTED]


def verdict_cells_sql(columns: tuple[str, ...]) -> tuple[str, list]:
    """SELECT of the cells of every submitted assessment, grouped by `columns` (year,
    standard_id, state, verdict), with `count`."""
    q = connection.ops.quote_name
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM a.submitted_at AT TIME ZONE %s) AS INTEGER)"
        params = [timezone.get_current_timezone_name()]
    else:  # SQLite stores UTC; the year is the local one, as the hook sees it
        year = "django_datetime_extract('year', a.submitted_at, %s, 'UTC')"
        params = [timezone.get_current_timezone_name()]
    sql = f"""
        SELECT {names}, COUNT(*) AS {q("count")} FROM (
          SELECT {year} AS year, a.standard_id AS standard_id,
                 COALESCE(centre.state, body.state) AS state, a.verdict AS verdict
          FROM {q(Assessment._meta.db_table)} a
          JOIN {q(AwardingBody._meta.db_table)} body ON body.id = a.awarding_body_id
          LEFT JOIN {q(AssessmentCentre._meta.db_table)} centre ON centre.id = a.centre_id
          WHERE a.status = %s
        ) cells
        GROUP BY {names}"""  # noqa: S608 (our names and constants; values are parameters)
    return sql, [*params, Assessment.Status.SUBMITTED]
