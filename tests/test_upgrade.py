"""Upgrades keep the data: a database made by the previous release (a062432: a small demo
municipality made by that release's own code, tests/upgrade_fixtures/make_release_fixture.sh) is
migrated by `boligvei migrate` to this version, and every row it held is still there, identity
numbers still decrypt, and the audit log still refuses changes."""

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from boligvei.lib import crypto, identity
from tests.databases import boligvei, drop_database, new_database, open_database

RELEASE = Path(__file__).parent / "upgrade_fixtures" / "a062432"
KEYS = json.loads((RELEASE / "keys.json").read_text())
KEPT = ["people_household", "people_person", "housing_dwelling", "housing_tenancy", "cases_case",
        "cases_caseevent", "outreach_campaign", "outreach_letter", "core_user", "core_auditevent"]


@pytest.fixture
def release_database(transactional_db, tmp_path):
    """The URL of a new database loaded with the release's schema and data."""
    url = new_database("release", tmp_path)
    if connection.vendor == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.executescript((RELEASE / "sqlite.sql").read_text())
    else:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(RELEASE / "postgresql.sql"), url],
                       check=True, capture_output=True)
    yield url
    drop_database(url)


def _table(db, table: str) -> tuple[list[str], list[tuple]]:
    cursor = db.cursor()
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')
    return [column[0] for column in cursor.description], cursor.fetchall()


def _columns(db, table: str, columns: list[str]) -> list[tuple]:
    cursor = db.cursor()
    cursor.execute(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} FROM "{table}" ORDER BY id')
    return cursor.fetchall()


def test_a_database_of_the_previous_release_migrates_with_its_data_intact(release_database, settings):
    url = release_database
    db = open_database(url)
    before = {table: _table(db, table) for table in KEPT}
    db.close()
    assert all(rows for _columns_, rows in before.values())

    migrated = boligvei("migrate", "--no-input", database_url=url, **KEYS)
    assert migrated.returncode == 0, migrated.stderr

    db = open_database(url)
    for table, (columns, rows) in before.items():
        assert _columns(db, table, columns) == rows, table
    cursor = db.cursor()
    cursor.execute("SELECT app, name FROM django_migrations")
    applied = set(cursor.fetchall())
    assert set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) <= applied

    # This version reads the release's identity numbers with the release's keys.
    settings.FIELD_ENCRYPTION_KEYS, settings.IDENTITY_HASH_KEY = [KEYS["FIELD_ENCRYPTION_KEY"]], KEYS["IDENTITY_HASH_KEY"]
    cursor.execute("SELECT identity_number_encrypted, identity_number_hash FROM people_person "
                   "WHERE identity_number_encrypted <> ''")
    numbers = cursor.fetchall()
    assert numbers
    for token, digest in numbers:
        number = identity.parse(crypto.decrypt(token), allow_synthetic=True)
        assert crypto.keyed_hash(number.value) == digest

    # The audit log is still append-only after the upgrade.
    with pytest.raises(Exception, match="Revisjonsloggen kan ikke|boligvei_audit_locked"):
        cursor.execute("DELETE FROM core_auditevent")
    db.close()
