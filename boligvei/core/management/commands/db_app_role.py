"""`boligvei db_app_role ROLE`: grant the PostgreSQL role the web server and the worker connect
as (made by the database administrator) the register but not the right to change or empty the audit log
(docs/operations.md, "Database roles"). Run it as the owner after each `migrate`."""

from django.core.management.base import BaseCommand, CommandError

from boligvei.core.db_roles import app_role_grant, app_role_statements


class Command(BaseCommand):
    help = ("Grant the PostgreSQL role the application runs as read and write on the register, and read and insert "
            "only on the audit log. Run as the tables' owner after each migrate; idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="The application's role, e.g. boligvei_app.")
        parser.add_argument("--print-sql", action="store_true", help="Print the SQL instead of running it.")

    def handle(self, *args, role: str, print_sql: bool, **options):
        try:
            if print_sql:
                for statement in app_role_statements(role):
                    self.stdout.write(statement + ";")
                return
            tables = app_role_grant(role)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Role {role}: may use {tables} tables; the audit log only to read and insert.")
