"""`boligvei backup` and `boligvei restore`, end to end: a small demo municipality is backed up,
restored by the real command in a new process into a new database, and compared row by row."""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from boligvei.core.models import AuditEvent
from boligvei.demo.services import demo_load
from boligvei.lib import crypto
from boligvei.people.models import Household, Person

COMPARED = ["people_household", "people_person", "cases_case", "cases_caseevent", "outreach_letter",
            "core_auditevent"]
BOLIGVEI = str(Path(sys.executable).with_name("boligvei"))


@pytest.fixture(scope="module")
def backed_up(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small demo municipality, backed up once for the module; what the database held then
    (the rows compared, the row counts), and the database emptied again afterwards."""
    path = tmp_path_factory.mktemp("backup") / "boligvei.backup"
    with django_db_blocker.unblock():
        demo_load(households=12, dwellings=10, seed=7, today=dt.date(2026, 3, 2))
        call_command("backup", str(path), stdout=open(os.devnull, "w"))
        source = _open(None)
        rows = {table: _rows(source, table) for table in COMPARED}
        if connection.vendor == "postgresql":
            source.close()
        held = {
            "rows": rows,
            "households": Household.objects.count(),
            "persons": Person.objects.count(),
            "numbers": Person.objects.exclude(identity_number_encrypted="").count(),
            "audit": AuditEvent.objects.count(),
            "backups_audited": AuditEvent.objects.filter(action="privacy.backup").count(),
        }
    yield path, held
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def restored(backed_up, django_db_blocker, tmp_path_factory):
    """The backup restored by `boligvei restore` in its own process into a new, empty database."""
    path, _held = backed_up
    with django_db_blocker.unblock():
        url = _new_database(tmp_path_factory.mktemp("restored"))
        result = _boligvei("restore", str(path), database_url=url)
        yield url, result
        _drop_database(url)


def _manifest(path: Path) -> dict:
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("manifest.json"))


def _new_database(folder: Path) -> str:
    """The URL of a new, empty database of the configured kind."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{folder / 'restored.sqlite3'}"
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def _drop_database(url: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _boligvei(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it, in its own process, with this test run's keys."""
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "FIELD_ENCRYPTION_KEY": ",".join(settings.FIELD_ENCRYPTION_KEYS),
                   "IDENTITY_HASH_KEY": settings.IDENTITY_HASH_KEY, **env}
    return subprocess.run([BOLIGVEI, *args], env=environment, capture_output=True, text=True, timeout=120)


def _open(database_url: str | None):
    """A plain DB-API connection: to the test database (None) or to the restored one."""
    if connection.vendor == "sqlite":
        if database_url is None:
            connection.ensure_connection()
            return connection.connection
        # Read with the type converters Django registers, as the test database is read.
        return sqlite3.connect(database_url.removeprefix("sqlite:///"),
                               detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    db = connection.settings_dict
    name = database_url.rsplit("/", 1)[1] if database_url else db["NAME"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=name, autocommit=True)


def _rows(dbapi, table: str) -> list[tuple]:
    cursor = dbapi.cursor()
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')
    return cursor.fetchall()


def test_a_backup_restored_into_a_new_database_has_the_same_households_cases_letters_and_audit_log(
        backed_up, restored):
    _path, held = backed_up
    url, result = restored
    assert result.returncode == 0, result.stderr
    assert "row counts checked" in result.stdout
    assert "Identity numbers decrypted with the configured keys: 20" in result.stdout
    target = _open(url)
    for table in COMPARED[:-1]:
        assert held["rows"][table] and _rows(target, table) == held["rows"][table], table
    # The audit log is the same, and the restore itself is its one new row.
    audit, restored_audit = held["rows"]["core_auditevent"], _rows(target, "core_auditevent")
    assert restored_audit[:len(audit)] == audit
    assert len(restored_audit) == len(audit) + 1 and "privacy.restore" in restored_audit[-1]
    target.close()


def test_the_restored_audit_log_still_refuses_changes(restored):
    url, _result = restored
    target = _open(url)
    with pytest.raises(Exception, match="Revisjonsloggen kan ikke|boligvei_audit_locked"):
        target.cursor().execute("DELETE FROM core_auditevent")
    target.close()


def test_the_manifest_has_migrations_row_counts_and_key_fingerprints_but_not_the_keys(backed_up):
    path, held = backed_up
    manifest = _manifest(path)
    assert manifest["row_counts"]["people_household"] == held["households"] > 0
    assert manifest["row_counts"]["people_person"] == held["persons"]
    assert manifest["row_counts"]["core_auditevent"] == held["audit"]
    assert "privacy.0001_audit_log_append_only" in manifest["migrations"]
    assert manifest["keys"]["encryption"] == [
        {"fingerprint": crypto.fingerprint(settings.FIELD_ENCRYPTION_KEYS[0]), "identity_numbers": held["numbers"]}]
    assert manifest["keys"]["hash"] == crypto.fingerprint(settings.IDENTITY_HASH_KEY)
    content = path.read_bytes()
    for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.IDENTITY_HASH_KEY]:
        assert key.encode() not in content


def test_taking_a_backup_is_audited(backed_up):
    assert backed_up[1]["backups_audited"] == 1


def test_a_database_that_is_not_empty_is_refused_and_left_alone(backed_up, db):
    persons = Person.objects.count()
    with pytest.raises(CommandError, match=r"The database is not empty \(\d+ tables\)"):
        call_command("restore", str(backed_up[0]))
    assert Person.objects.count() == persons


def test_a_backup_the_configured_keys_cannot_read_is_refused_naming_the_missing_fingerprint(backed_up, db, settings):
    path, held = backed_up
    needed = crypto.fingerprint(settings.FIELD_ENCRYPTION_KEYS[0])
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match=f"lacks the key with fingerprint {needed}, which encrypts {held['numbers']} "):
        call_command("restore", str(path))


def test_a_backup_made_with_another_hash_key_is_refused_unless_the_hashes_are_renewed(backed_up, db, settings):
    settings.IDENTITY_HASH_KEY = "another-hash-key-for-identity-numbers-0123456789"
    with pytest.raises(CommandError, match="restore with --rehash"):
        call_command("restore", str(backed_up[0]))


def test_a_file_that_is_not_a_backup_is_refused_with_a_clear_message(db, tmp_path):
    path = tmp_path / "not-a-backup"
    path.write_text("hello")
    with pytest.raises(CommandError, match="is not a Boligvei backup"):
        call_command("restore", str(path))
