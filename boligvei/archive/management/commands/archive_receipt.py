from django.core.management.base import BaseCommand, CommandError

from boligvei.archive.services import archive_receipt
from boligvei.core.errors import DomainError


class Command(BaseCommand):
    help = "Record the archive's receipt for a message: its case number and entry number in the archive."

    def add_arguments(self, parser):
        parser.add_argument("key", help="the message's external key, e.g. boligvei-vedtaksbrev-12")
        parser.add_argument("--saksnummer", required=True)
        parser.add_argument("--journalpostnummer", required=True)

    def handle(self, *args, key, saksnummer, journalpostnummer, **options):
        try:
            message = archive_receipt(key=key, case_number=saksnummer, journal_number=journalpostnummer)
        except DomainError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{message.key}: archived as {saksnummer} / {journalpostnummer}.")
