"""`boligvei flush`: Django's flush, which empties the whole database. On SQLite it opens the
audit log's append-only triggers for the purpose (PostgreSQL's flush is a TRUNCATE, which fires
no row triggers). Tests use it between transactional tests."""

from django.core.management.commands import flush

from boligvei.privacy.append_only import audit_log_flush


class Command(flush.Command):
    def handle(self, **options):
        with audit_log_flush():
            return super().handle(**options)
