"""The database role the web server and the worker run as, on PostgreSQL (docs/operations.md,
"Database roles").

The tables belong to the role that runs the migrations (the owner). Only an owner can disable
a table's triggers, drop them or TRUNCATE it, so the audit log's append-only triggers
(privacy migration 0001) hold only if the application connects as another role. That role may
read and write the register, but on the audit log only read and insert: no UPDATE, DELETE or
TRUNCATE, and it owns nothing. The database administrator creates both roles and the database
(docs/operations.md); `app_role_statements` is the SQL that grants the application's role its
rights, and `boligvei db_app_role` runs it as the owner, after each `migrate` (it is idempotent).
"""

import re

from django.db import connection

from boligvei.core.models import AuditEvent

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def app_role_statements(role: str) -> list[str]:
    """The statements that grant the application's role its rights (run as the owner)."""
    if not ROLE_NAME.fullmatch(role):
        raise ValueError(f"A role name is lower-case letters, digits and _ (at most 63), not {role!r}.")
    quote = connection.ops.quote_name
    name, database, audit = quote(role), quote(connection.settings_dict["NAME"]), quote(AuditEvent._meta.db_table)
    return [
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
    """Give the application's role (made by the database administrator) exactly its rights;
    returns the number of tables it may use."""
    if connection.vendor != "postgresql":
        raise ValueError("Database roles are for PostgreSQL; SQLite has no roles.")
    statements = app_role_statements(role)
    if connection.settings_dict.get("USER") == role:
        raise ValueError(f"Run this as the owner of the tables (the role that migrates), not as {role}.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise ValueError(f"The role {role} does not exist. The database administrator creates it first: "
                             f"CREATE ROLE {role} LOGIN PASSWORD '...'")
        if row[0]:
            raise ValueError(f"The role {role} may create roles or databases, or is a superuser: the application's "
                             "role must be a plain login role.")
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("SELECT COUNT(*) FROM information_schema.role_table_grants "
                       "WHERE grantee = %s AND privilege_type = 'SELECT' AND table_schema = 'public'", [role])
        return cursor.fetchone()[0]
