"""Backups that restore: `boligvei backup FILE` and `boligvei restore FILE` (docs/operations.md).

A backup is one tar file holding `manifest.json` and the database: PostgreSQL's own dump
(`pg_dump`, custom format) or, for the embedded default, a copy made with SQLite's backup API.
The manifest is read from the same consistent view as the dump (on PostgreSQL the dump runs in
the snapshot the manifest was counted in): the applied migrations, the time, the row count of
every table, the fingerprints (never the values) of the keys in use, how many identity numbers
each encryption key encrypts, and a sample of encrypted identity numbers (ciphertext, as the dump
holds it), so that a restore can check the configured keys before it touches the database.

A restore writes only into an empty database, and ends by checking that every table has the
counted rows and that the sample of identity numbers decrypts with the configured keys. Backing
up reads every household's data, so it writes an audit row (before the dump, so the backup holds
it); a restore writes one after its checks.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from boligvei.core.audit import audit_record
from boligvei.lib import crypto
from boligvei.people.models import Person
from boligvei.privacy.keys import identity_numbers_rotate

FORMAT = "boligvei-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
SAMPLE_SIZE = 20
UNKNOWN_KEY = "unknown"  # numbers no configured key decrypts (printed, so the operator sees it)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def database_backup(path: Path) -> dict:
    """Write a consistent backup of the configured database to `path`; returns its manifest."""
    vendor = _vendor()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be taken inside a transaction.")
    audit_record(actor=None, action="privacy.backup", changes={"file": path.name})
    with tempfile.TemporaryDirectory(prefix="boligvei-backup-") as tmp:
        dump = Path(tmp) / DUMP[vendor]
        manifest = _pg_dump(dump) if vendor == "postgresql" else _sqlite_copy(dump)
        partial = path.with_name(path.name + ".partial")
        try:
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(dt.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Cannot write {path}: {exc.strerror}.") from exc
        partial.replace(path)  # never a half-written file under the backup's name
    return manifest


def backup_manifest(path: Path) -> dict:
    """The manifest of a backup file, checked to be one of ours."""
    try:
        with tarfile.open(path, "r") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a Boligvei backup ({exc}).") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path} is not a Boligvei backup of version {VERSION}.")
    return manifest


def database_restore(path: Path, *, rehash: bool = False) -> dict:
    """Restore a backup into the configured database, which must be empty; refuses before
    touching anything when the configured keys cannot read the backup's identity numbers.
    With `rehash`, the search hashes are renewed with the configured IDENTITY_HASH_KEY.
    Returns what was restored and checked."""
    manifest = backup_manifest(path)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(f"The backup is of a {manifest['vendor']} database; the configured database "
                          f"is {vendor}.")
    _check_migrations_known(manifest)
    _check_keys(manifest, rehash=rehash)
    if tables := _tables():
        raise BackupError(f"The database is not empty ({len(tables)} tables). A backup is restored only "
                          "into a new, empty database.")
    with tempfile.TemporaryDirectory(prefix="boligvei-restore-") as tmp:
        with tarfile.open(path, "r") as archive:
            archive.extract(DUMP[vendor], tmp, filter="data")
        dump = Path(tmp) / DUMP[vendor]
        if vendor == "postgresql":
            _pg_restore(dump)
        else:
            _sqlite_restore(dump)
    counts = _counts()
    differences = {table: (expected, actual) for table, expected in manifest["row_counts"].items()
                   if (actual := counts.get(table)) != expected}
    if differences:
        raise BackupError("The restored database does not match the backup's row counts: " + ", ".join(
            f"{table} {actual} (expected {expected})" for table, (expected, actual) in sorted(differences.items()))
            + ". The database is left as restored, for inspection: do not use it; drop it before trying again.")
    checked = _check_sample(manifest)
    rehashed = identity_numbers_rotate(rehash=True)["rehashed"] if rehash else 0
    audit_record(actor=None, action="privacy.restore",
                 changes={"file": path.name, "backup_created_at": manifest["created_at"]})
    return {"tables": len(manifest["row_counts"]), "rows": sum(manifest["row_counts"].values()),
            "identity_numbers_checked": checked, "rehashed": rehashed, "created_at": manifest["created_at"],
            "migrations_pending": _migrations_pending(manifest)}


def _vendor() -> str:
    if connection.vendor not in DUMP:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _manifest(cursor, tables: list[str], vendor: str) -> dict:
    """What the backup holds, read from the same view as the dump (a DB-API cursor on it)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    cursor.execute(f'SELECT id, identity_number_encrypted FROM "{Person._meta.db_table}" '
                   "WHERE identity_number_encrypted <> '' ORDER BY id")
    numbers = cursor.fetchall()
    by_key = Counter()
    for _pk, token in numbers:
        key = crypto.key_for(token)
        by_key[crypto.fingerprint(key) if key else UNKNOWN_KEY] += 1
    step = max(1, len(numbers) // SAMPLE_SIZE)
    return {
        "format": FORMAT, "version": VERSION, "vendor": vendor,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "migrations": migrations,
        "row_counts": counts,
        "keys": {"encryption": [{"fingerprint": fp, "identity_numbers": n} for fp, n in sorted(by_key.items())],
                 "configured_encryption": [crypto.fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
                 "hash": crypto.fingerprint(settings.IDENTITY_HASH_KEY)},
        "identity_numbers": {"count": len(numbers),
                             "sample": [{"id": pk, "token": token} for pk, token in numbers[::step][:SAMPLE_SIZE]]},
    }


def _pg_environment() -> dict:
    """libpq's variables for the configured database (the password never on a command line)."""
    db = connection.settings_dict
    env = {"PGDATABASE": db["NAME"], "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""),
           "PGUSER": db.get("USER") or "", "PGPASSWORD": db.get("PASSWORD") or ""}
    return {**os.environ, **{name: value for name, value in env.items() if value}}


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client programs are needed).")
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {lines[0] if lines else result.returncode}")


def _pg_dump(dump: Path) -> dict:
    """Count in a repeatable-read snapshot and let pg_dump dump that very snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        manifest = _manifest(cursor, connection.introspection.table_names(cursor), "postgresql")
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={dump}"])
    return manifest


def _sqlite_copy(dump: Path) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(dump)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return _manifest(cursor, [row[0] for row in cursor.fetchall()], "sqlite")
    finally:
        copy.close()


def _pg_restore(dump: Path) -> None:
    _run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          f"--dbname={connection.settings_dict['NAME']}", str(dump)])


def _sqlite_restore(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _check_migrations_known(manifest: dict) -> None:
    known = _known_migrations()
    if unknown := [name for name in manifest["migrations"] if name not in known]:
        raise BackupError(f"The backup was made by a newer Boligvei ({len(unknown)} migrations unknown here, "
                          f"such as {unknown[0]}): restore it with that version.")


def _known_migrations() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


def _migrations_pending(manifest: dict) -> int:
    return len(_known_migrations() - set(manifest["migrations"]))


def _check_keys(manifest: dict, *, rehash: bool) -> None:
    """Refuse, naming the fingerprint, when a key the backup's identity numbers need is missing."""
    configured = {crypto.fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS}
    for entry in manifest["keys"]["encryption"]:
        if entry["fingerprint"] != UNKNOWN_KEY and entry["fingerprint"] not in configured:
            raise BackupError(
                f"FIELD_ENCRYPTION_KEY lacks the key with fingerprint {entry['fingerprint']}, which encrypts "
                f"{entry['identity_numbers']} identity numbers in the backup. Add that key and try again.")
    for sample in manifest["identity_numbers"]["sample"]:
        if crypto.key_for(sample["token"]) is None:
            raise BackupError("The configured FIELD_ENCRYPTION_KEY cannot decrypt the backup's identity numbers "
                              f"(person {sample['id']}); the backup needs the key(s) "
                              f"{', '.join(e['fingerprint'] for e in manifest['keys']['encryption'])}.")
    wanted, have = manifest["keys"]["hash"], crypto.fingerprint(settings.IDENTITY_HASH_KEY)
    if wanted != have and not rehash:
        raise BackupError(f"IDENTITY_HASH_KEY has fingerprint {have}; the backup was made with {wanted}. Set that "
                          "key, or restore with --rehash to renew the search hashes with the configured key.")


def _check_sample(manifest: dict) -> int:
    """Each sampled identity number is stored as in the backup and decrypts with the configured keys."""
    sample = {entry["id"]: entry["token"] for entry in manifest["identity_numbers"]["sample"]}
    stored = dict(Person.objects.filter(pk__in=sample).values_list("pk", "identity_number_encrypted"))
    for pk, token in sample.items():
        if stored.get(pk) != token:
            raise BackupError(f"Person {pk}'s identity number was not restored as it was backed up. The database "
                              "is left as restored, for inspection: do not use it.")
        crypto.decrypt(token)
    return len(sample)
