"""The database role the web server and the worker run as, on PostgreSQL (docs/operations.md,
"Database roles").

The tables belong to the role that runs the migrations (the owner). Only an owner can disable
a table's triggers, drop them or TRUNCATE it, so the audit log's append-only triggers
(privacy migration 0001) hold only if the application connects as another role. That role may
read and write the register, but on the audit log only read and insert: no UPDATE, DELETE or
TRUNCATE, and it owns nothing. `app_role_statements` is the SQL; `boligvei db_app_role` runs it
as the owner, after each `migrate` (it is idempotent).
"""

import re

from django.db import connection

from boligvei.core.models import AuditEvent

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def app_role_statements(role: str) -> list[str]:
    """The statements that create (if missing) and grant the application's role."""
    if not ROLE_NAME.fullmatch(role):
        raise ValueError(f"A role name is lower-case letters, digits and _ (at most 63), not {role!r}.")
    quote = connection.ops.quote_name
    name, database, audit = quote(role), quote(connection.settings_dict["NAME"]), quote(AuditEvent._meta.db_table)
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {name}",
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        # Tables the owner's next migrations create are granted the same way.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
        # The audit log: read and append only.
        f"REVOKE ALL ON {audit} FROM {name}",
        f"GRANT SELECT, INSERT ON {audit} TO {name}",
    ]


def app_role_grant(role: str) -> int:
    """Create the application's role if missing and give it exactly its rights; returns the
    number of tables it may use."""
    if connection.vendor != "postgresql":
        raise ValueError("Database roles are for PostgreSQL; SQLite has no roles.")
    if connection.settings_dict.get("USER") == role:
        raise ValueError(f"Run this as the owner of the tables (the role that migrates), not as {role}.")
    with connection.cursor() as cursor:
        for statement in app_role_statements(role):
            cursor.execute(statement)
        cursor.execute("SELECT COUNT(*) FROM information_schema.role_table_grants "
                       "WHERE grantee = %s AND privilege_type = 'SELECT' AND table_schema = 'public'", [role])
        return cursor.fetchone()[0]
