"""`boligvei backup FILE`: a consistent backup of the whole database in one file, with a
manifest (docs/operations.md, "Backups")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boligvei.privacy.backup import BackupError, database_backup


class Command(BaseCommand):
    help = ("Write a consistent backup of the database (PostgreSQL: pg_dump; SQLite: its backup API) to FILE, "
            "with a manifest of migrations, row counts and key fingerprints.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file to write (replaced if it exists).")

    def handle(self, *args, file: Path, **options):
        if not file.parent.is_dir():
            raise CommandError(f"The folder {file.parent} does not exist.")
        try:
            manifest = database_backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["row_counts"]
        self.stdout.write(f"Backup written to {file} ({manifest['vendor']}, {manifest['created_at']}).")
        self.stdout.write(f"Tables: {len(counts)}, rows: {sum(counts.values())}, "
                          f"migrations: {len(manifest['migrations'])}.")
        for entry in manifest["keys"]["encryption"]:
            self.stdout.write(f"Identity numbers under key {entry['fingerprint']}: {entry['identity_numbers']}.")
        self.stdout.write(f"Hash key: {manifest['keys']['hash']}. Keep these keys as long as the backup.")
