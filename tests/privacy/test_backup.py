"""`boligvei backup` and `boligvei restore`, end to end: a small demo municipality is backed up,
restored by the real command in a new process into a new database, and compared row by row."""

import datetime as dt
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from boligvei.core.models import AuditEvent
from boligvei.demo.services import demo_load
from boligvei.lib import crypto
from boligvei.people.models import Household, Person
from tests.databases import boligvei, drop_database, new_database, open_database

COMPARED = ["people_household", "people_person", "cases_case", "cases_caseevent", "outreach_letter",
            "core_auditevent"]


@pytest.fixture(scope="module")
def backed_up(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small demo municipality, backed up once for the module; what the database held then
    (the rows compared, the row counts), and the database emptied again afterwards."""
    path = tmp_path_factory.mktemp("backup") / "boligvei.backup"
    with django_db_blocker.unblock():
        # What the migrations seeded (letter templates): put back after the flush below, or the
        # tests that run after this module find no templates.
        seeded = connection.creation.serialize_db_to_string()
        demo_load(households=12, dwellings=10, seed=7, today=dt.date(2026, 3, 2))
        call_command("backup", str(path), stdout=open(os.devnull, "w"))
        source = open_database(None)
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
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(seeded)


@pytest.fixture(scope="module")
def restored(backed_up, django_db_blocker, tmp_path_factory):
    """The backup restored by `boligvei restore` in its own process into a new, empty database."""
    path, _held = backed_up
    with django_db_blocker.unblock():
        url = new_database("restored", tmp_path_factory.mktemp("restored"))
        result = boligvei("restore", str(path), database_url=url)
        yield url, result
        drop_database(url)


def _manifest(path: Path) -> dict:
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("manifest.json"))


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
    target = open_database(url)
    for table in COMPARED[:-1]:
        assert held["rows"][table] and _rows(target, table) == held["rows"][table], table
    # The audit log is the same, and the restore itself is its one new row.
    audit, restored_audit = held["rows"]["core_auditevent"], _rows(target, "core_auditevent")
    assert restored_audit[:len(audit)] == audit
    assert len(restored_audit) == len(audit) + 1 and "privacy.restore" in restored_audit[-1]
    target.close()


def test_the_restored_audit_log_still_refuses_changes(restored):
    url, _result = restored
    target = open_database(url)
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


def test_a_backup_restored_with_rehash_is_searchable_under_the_new_hash_key(backed_up, django_db_blocker, tmp_path):
    path, held = backed_up
    new_key = "a-new-hash-key-for-identity-number-search-0123456789"
    with django_db_blocker.unblock():
        url = new_database("rehashed", tmp_path)
        try:
            result = boligvei("restore", "--rehash", str(path), database_url=url, IDENTITY_HASH_KEY=new_key)
            assert result.returncode == 0, result.stderr
            assert f"Search hashes renewed: {held['numbers']}." in result.stdout
            target = open_database(url)
            cursor = target.cursor()
            cursor.execute("SELECT identity_number_encrypted, identity_number_hash FROM people_person "
                           "WHERE identity_number_encrypted <> ''")
            rows = cursor.fetchall()
            target.close()
        finally:
            drop_database(url)
    assert len(rows) == held["numbers"]
    with override_settings(IDENTITY_HASH_KEY=new_key):
        assert all(crypto.keyed_hash(crypto.decrypt(token)) == digest for token, digest in rows)


def test_a_restore_that_does_not_match_the_manifest_fails_saying_which_table(backed_up, django_db_blocker, tmp_path):
    """The check at the end is real: a backup whose manifest counts one household more (a
    damaged or tampered file) is restored, then refused."""
    path, held = backed_up
    manifest = _manifest(path)
    manifest["row_counts"]["people_household"] += 1
    tampered = tmp_path / "tampered.backup"
    with tarfile.open(path) as source, tarfile.open(tampered, "w") as target:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        target.addfile(info, io.BytesIO(data))
        for member in source.getmembers():
            if member.name != "manifest.json":
                target.addfile(member, source.extractfile(member))
    with django_db_blocker.unblock():
        url = new_database("tampered", tmp_path)
        try:
            result = boligvei("restore", str(tampered), database_url=url)
        finally:
            drop_database(url)
    assert result.returncode == 1
    assert (f"does not match the backup's row counts: people_household {held['households']} "
            f"(expected {held['households'] + 1})") in result.stderr


def test_a_file_that_is_not_a_backup_is_refused_with_a_clear_message(db, tmp_path):
    path = tmp_path / "not-a-backup"
    path.write_text("hello")
    with pytest.raises(CommandError, match="is not a Boligvei backup"):
        call_command("restore", str(path))


def test_a_backup_into_a_folder_that_does_not_exist_is_refused_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="The folder .*missing does not exist"):
        call_command("backup", str(tmp_path / "missing" / "boligvei.backup"))
