"""Second databases beside the test database, for tests that run Boligvei's commands in their own
process as an operator would (backup and restore, upgrades): a new database of the configured
kind, a plain DB-API connection to it, and the `boligvei` command pointed at it."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

BOLIGVEI = str(Path(sys.executable).with_name("boligvei"))


def new_database(suffix: str, folder: Path) -> str:
    """The URL of a new, empty database of the configured kind, named after the test database."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{folder / f'{suffix}.sqlite3'}"
    db = connection.settings_dict
    name = f"{db['NAME']}_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def drop_database(url: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def open_database(url: str | None):
    """A plain DB-API connection to the database at `url`, or to the test database (None)."""
    if connection.vendor == "sqlite":
        if url is None:
            connection.ensure_connection()
            return connection.connection
        # Read with the type converters Django registers, as the test database is read.
        return sqlite3.connect(url.removeprefix("sqlite:///"),
                               detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    db = connection.settings_dict
    name = url.rsplit("/", 1)[1] if url else db["NAME"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=name, autocommit=True)


def boligvei(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess:
    """The `boligvei` command in its own process against `database_url`, with this test run's keys
    unless `env` gives others."""
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "FIELD_ENCRYPTION_KEY": ",".join(settings.FIELD_ENCRYPTION_KEYS),
                   "IDENTITY_HASH_KEY": settings.IDENTITY_HASH_KEY, **env}
    return subprocess.run([BOLIGVEI, *args], env=environment, capture_output=True, text=True, timeout=300)
