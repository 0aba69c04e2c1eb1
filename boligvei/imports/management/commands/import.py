"""`boligvei import KIND FILE`: import dwellings, tenancies or the waiting list from CSV or XLSX
(dwellings also from Kobo Bolig API JSON), or try it first.

A thin wrapper over boligvei.imports.services for scheduled runs; documented in docs/imports.md.
Exit status: 0 when the file was imported (or, with --dry-run, could be); 1 when nothing was
saved because the file or some of its rows were refused; 2 for wrong use (unknown user, source
or column, a missing file).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.imports import services
from boligvei.imports.mapping import Kind, targets
from boligvei.imports.models import ImportSource
from boligvei.imports.plan import Action, Plan
from boligvei.imports.readers import ImportFileError, read_table

MAX_ROWS_SHOWN = 200


class Command(BaseCommand):
    help = ("Import dwellings, tenancies or the waiting list (with households) from a CSV or XLSX file "
            "(dwellings also from Kobo Bolig API JSON). All rows are saved, "
            "or none: a file with a rejected row saves nothing. Prints the plan and every rejected row with its "
            "line number. Exit status 0: imported (or importable, with --dry-run); 1: refused, nothing saved; "
            "2: wrong use.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Kind.values, help="what the file holds: dwellings, tenancies or waiting_list")
        parser.add_argument("file", help="a CSV (semicolon or comma, UTF-8 or Windows-1252), XLSX or (dwellings) Kobo JSON file")
        parser.add_argument("--source", help="name of the source system; its column mapping is remembered "
                                             "and used for its next files")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER",
                            help="use the column HEADER for FIELD (repeatable); saved to --source on import")
        parser.add_argument("--dry-run", action="store_true", help="show what would happen; save nothing")
        parser.add_argument("--actor", help="username recorded as the one who imported (default: system)")

    def handle(self, *args, kind, file, source, map, dry_run, actor, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {file}.", returncode=2)
        user = self._actor(actor)
        import_source = ImportSource.objects.filter(name=source).first() if source else None
        overrides = self._overrides(kind, map)
        try:
            mapping = None
            if overrides:
                headers = read_table(path, kind).headers
                mapping = {**services.mapping_for(kind, headers, import_source), **overrides}
            if dry_run:
                plan = services.import_plan(kind=kind, path=path, source=import_source, mapping=mapping)
                run = None
            else:
                result = services.import_commit(actor=user, kind=kind, path=path, source=import_source,
                                                mapping=mapping)
                plan, run = result.plan, result.run
        except services.ImportRefused as exc:
            self._print_plan(kind, path, exc.plan, dry_run)
            self.stdout.write(exc.message)
            sys.exit(1)
        except ImportFileError as exc:
            self.stdout.write(f"Ingenting er importert: {exc.message}")
            sys.exit(1)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc

        self._print_plan(kind, path, plan, dry_run)
        if run is not None:
            if source:
                services.source_save(actor=user, name=source, kind=kind, mapping=plan.mapping)
            self.stdout.write(self.style.SUCCESS(
                f"Importert som import {run.pk}. Den kan rulles tilbake med «boligvei import_rollback {run.pk}»."))
        elif plan.can_commit:
            self.stdout.write("Tørrkjøring: ingenting er lagret. Filen kan importeres.")
        else:
            self.stdout.write("Tørrkjøring: ingenting er lagret. Filen kan ikke importeres før de avviste "
                              "radene er rettet.")
            sys.exit(1)

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None or not user.can_write_register:
            raise CommandError(f"Brukeren «{username}» finnes ikke eller har ikke lov til å endre registeret.",
                               returncode=2)
        return user

    def _overrides(self, kind: str, pairs: list[str]) -> dict[str, str]:
        known = targets(kind)
        overrides = {}
        for pair in pairs:
            name, _, header = pair.partition("=")
            if name not in known or not header:
                raise CommandError(f"--map {pair}: skriv FELT=Kolonneoverskrift; felt for {kind}: "
                                   f"{', '.join(known)}.", returncode=2)
            overrides[name] = header
        return overrides

    def _print_plan(self, kind: str, path: Path, plan: Plan, dry_run: bool) -> None:
        fields = targets(kind)
        mode = " (tørrkjøring)" if dry_run else ""
        self.stdout.write(f"{Kind(kind).label} fra {path.name}{mode}")
        self.stdout.write("Kolonner:")
        for name, header in plan.mapping.items():
            if name in fields:
                self.stdout.write(f"  {fields[name].label} ← «{header}»")
        for problem in plan.file_problems:
            self.stdout.write(f"Feil: {problem}")
        for note in plan.notes:
            self.stdout.write(f"Merk: {note}")
        counts = plan.counts
        self.stdout.write(f"Rader: {len(plan.rows)}. Nye {counts[Action.CREATE]}, endres {counts[Action.UPDATE]}, "
                          f"uendret {counts[Action.UNCHANGED]}, avvist {counts[Action.REJECTED]}.")
        rejected = plan.rejected
        if rejected:
            self.stdout.write("Avviste rader:")
            for row in rejected[:MAX_ROWS_SHOWN]:
                self.stdout.write(f"  linje {row.line}: {' '.join(row.reasons)}")
            if len(rejected) > MAX_ROWS_SHOWN:
                self.stdout.write(f"  ... og {len(rejected) - MAX_ROWS_SHOWN} rader til.")
