from pathlib import Path

from django.core.management.base import BaseCommand

from boligvei.archive.services import archive_collect, archive_export


class Command(BaseCommand):
    help = ("Collect the case documents not yet archived and write each as a Fiks Arkiv package "
            "(arkivmelding.xml with its PDF/A files, one zip) into DIRECTORY for the integration platform.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        collected = archive_collect()
        exported, failed = archive_export(directory=directory)
        self.stdout.write(f"{collected} new documents in the outbox; {exported} packages written to {directory}; "
                          f"{failed} failed (see /arkiv/).")
