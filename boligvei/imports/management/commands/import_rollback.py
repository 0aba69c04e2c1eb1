"""`boligvei import_rollback RUN`: undo an import while nothing newer depends on it."""

import sys

from django.core.management.base import BaseCommand, CommandError

from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.imports import services
from boligvei.imports.models import ImportRun


class Command(BaseCommand):
    help = ("Roll back an import: delete the records it created and put back what it changed. Refused (exit "
            "status 1, nothing changed) when a later import or a later change depends on it.")

    def add_arguments(self, parser):
        parser.add_argument("run", type=int, help="the import's number, as `boligvei import` printed it")
        parser.add_argument("--actor", help="username recorded as the one who rolled back (default: system)")

    def handle(self, *args, run, actor, **options):
        import_run = ImportRun.objects.filter(pk=run).first()
        if import_run is None:
            raise CommandError(f"Import {run} finnes ikke.", returncode=2)
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None or not user.can_write_register:
                raise CommandError(f"Brukeren «{actor}» finnes ikke eller har ikke lov til å endre registeret.",
                                   returncode=2)
        try:
            services.import_rollback(actor=user, run=import_run)
        except DomainError as exc:
            self.stdout.write(f"Ikke rullet tilbake: {exc.message}")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"Import {run} er rullet tilbake."))
