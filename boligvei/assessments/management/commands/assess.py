"""`boligvei assess FILE|-`: affordability assessments as JSON, for other systems and scripts.

A thin wrapper over boligvei.finance.cli; the interface is documented in docs/finance.md. It
uses the parameters in force, as the calculator does.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from boligvei.assessments.models import ParameterVersion
from boligvei.assessments.parameters import parameter_set, texts_in_force
from boligvei.finance.cli import run_cli


def _parameters_in_force(year: int):
    """The same parameters as the web pages: an administrator's saved versions over the files."""
    return parameter_set(year, texts_in_force(year))


def _database_ready() -> bool:
    try:
        ParameterVersion.objects.exists()
    except DatabaseError:
        return False
    return True


class Command(BaseCommand):
    help = ("Read one JSON assessment request or a list of them from FILE (or - for standard input) "
            "and write the results as JSON. Invalid input exits with status 2 and a JSON error per field.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args, file: str, **options):
        parameters_for = _parameters_in_force if _database_ready() else None
        if parameters_for is None:
            self.stderr.write("boligvei assess: databasen er ikke tilgjengelig eller ikke migrert; "
                              "bruker parameterfilene som følger med Boligvei.")
        if file == "-":
            code = run_cli(sys.stdin, self.stdout._out, parameters_for)
        else:
            try:
                with open(file, encoding="utf-8-sig") as stream:
                    code = run_cli(stream, self.stdout._out, parameters_for)
            except OSError as exc:
                raise CommandError(f"Kan ikke lese {file}: {exc.strerror}") from exc
        if code:
            sys.exit(code)
