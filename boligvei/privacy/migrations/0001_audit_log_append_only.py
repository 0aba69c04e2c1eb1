"""The audit log is append-only in the database too, not only in the model.

`core.AuditEvent` refuses save-after-create and delete in Python; these triggers refuse every
UPDATE and DELETE of a row, so that `QuerySet.update()`, `QuerySet.delete()` and raw SQL are
refused as well. Emptying the whole database (`boligvei flush`, and between tests) is not a
change to the log: PostgreSQL's TRUNCATE fires no row triggers, and on SQLite the flush command
opens the guard (`boligvei.privacy.append_only`). SQLite drops a table's triggers when a
migration rebuilds the table: tests/privacy/test_append_only.py checks they are still there.
"""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'Revisjonsloggen kan ikke endres eller slettes.',
                          ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""
# boligvei_audit_locked() is registered on every connection Boligvei opens (privacy.append_only);
# elsewhere (the sqlite3 shell) it does not exist, so an update or delete fails there too.
SQLITE = [
    """CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
       WHEN boligvei_audit_locked() BEGIN SELECT RAISE(ABORT, 'Revisjonsloggen kan ikke endres.'); END""",
    """CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       WHEN boligvei_audit_locked() BEGIN SELECT RAISE(ABORT, 'Revisjonsloggen kan ikke slettes.'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditevent_no_update",
                  "DROP TRIGGER IF EXISTS core_auditevent_no_delete"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
