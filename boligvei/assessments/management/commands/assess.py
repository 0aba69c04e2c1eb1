"""`boligvei assess FILE|-`: affordability assessments as JSON, for other systems and scripts.

A thin wrapper over boligvei.finance.cli; the interface is documented in docs/finance.md.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from boligvei.finance.cli import run_cli


class Command(BaseCommand):
    help = ("Read one JSON assessment request or a list of them from FILE (or - for standard input) "
            "and write the results as JSON. Invalid input exits with status 2 and a JSON error per field.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args, file: str, **options):
        if file == "-":
            code = run_cli(sys.stdin, self.stdout._out)
        else:
            try:
                with open(file, encoding="utf-8-sig") as stream:
                    code = run_cli(stream, self.stdout._out)
            except OSError as exc:
                raise CommandError(f"Kan ikke lese {file}: {exc.strerror}") from exc
        if code:
            sys.exit(code)
