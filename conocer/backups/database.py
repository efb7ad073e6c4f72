"""The database part of a backup: PostgreSQL through pg_dump / pg_restore (custom format),
SQLite through its backup API."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder

from .errors import BackupError

DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _postgres_env() -> dict:
    """libpq's variables for the configured database: the password stays out of argv."""
    db = connection.settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, env=_postgres_env(),  # noqa: S603 (PostgreSQL's tools)
                              capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{argv[0]} is not installed: install the PostgreSQL client tools "
                          "(Debian: postgresql-client), of the server's version or newer."
                          ) from error
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


def _give_up_when_locked(tries: int = 40):
    """A progress callback for SQLite's backup, which otherwise waits forever (every 0.25
    s) while a write holds the database, e.g. an open transaction of the same process."""
    waits = []

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            waits.append(status)
            if len(waits) >= tries:
                raise BackupError("The SQLite database stays locked by a write in progress: "
                                  "make the backup when it has ended.")

    return progress


def dump(target: Path) -> dict:
    engine = vendor()
    if engine == "postgresql":
        tool = _run(["pg_dump", "--version"]).strip()
        _run(["pg_dump", "--format=custom", "--file", str(target)])
    else:
        tool = f"sqlite {sqlite3.sqlite_version}"
        connection.ensure_connection()
        copy_ = sqlite3.connect(target)
        try:
            connection.connection.backup(copy_, pages=1024, progress=_give_up_when_locked())
        finally:
            copy_.close()
    return {"vendor": engine, "file": target.name, "tool": tool, "size": target.stat().st_size}


def ensure_empty() -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        Path(name).parent.mkdir(parents=True, exist_ok=True)  # a new machine's var/
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise BackupError(f"Cannot open the database {name}: {error}") from error
    if tables:
        raise BackupError(
            f"The database {name} is not empty ({len(tables)} tables): restore into a new, "
            "empty database (PostgreSQL: createdb NAME, then point DATABASE_URL at it).")


def restore(source: Path) -> None:
    if connection.vendor == "postgresql":
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--dbname", connection.settings_dict["NAME"], str(source)])
        return
    connection.ensure_connection()
    original = sqlite3.connect(source)
    try:
        original.backup(connection.connection)
    finally:
        original.close()


def migrations() -> dict:
    applied = sorted(MigrationRecorder(connection).applied_migrations())
    return {app: name for app, name in applied}  # the last one of each app, by name
