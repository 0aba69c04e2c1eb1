"""`boligvei restore FILE`: restore a backup made by `boligvei backup` into an empty database,
then check the row counts and that identity numbers decrypt (docs/operations.md, "Backups")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boligvei.privacy.backup import BackupError, database_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `boligvei backup` into the configured, empty database; refuses a "
            "non-empty database and keys that cannot read the backup, and checks the result.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument("--rehash", action="store_true",
                            help="The backup was made with another IDENTITY_HASH_KEY: renew the search hashes "
                                 "with the configured one after restoring.")

    def handle(self, *args, file: Path, rehash: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            report = database_restore(file, rehash=rehash)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {report['created_at']}: {report['tables']} tables, "
                          f"{report['rows']} rows, row counts checked.")
        self.stdout.write(f"Identity numbers decrypted with the configured keys: {report['identity_numbers_checked']} "
                          "of a sample.")
        if rehash:
            self.stdout.write(f"Search hashes renewed: {report['rehashed']}.")
        if report["migrations_pending"]:
            self.stdout.write(f"The backup is from an older version: run `boligvei migrate` "
                              f"({report['migrations_pending']} migrations to apply).")
