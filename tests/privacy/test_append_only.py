"""The audit log refuses changes in the database itself: bulk updates, bulk deletes, raw SQL."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from boligvei.core.audit import audit_record
from boligvei.core.models import AuditEvent


@pytest.fixture
def event(alice):
    return audit_record(actor=alice, action="household.view", household_id=7)


def _refused(action):
    with pytest.raises(IntegrityError, match="Revisjonsloggen kan ikke"), transaction.atomic():
        action()


def test_a_bulk_update_is_refused(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="something.else"))
    event.refresh_from_db()
    assert event.action == "household.view"


def test_a_bulk_delete_is_refused(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_is_refused(event):
    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])

    _refused(lambda: raw("UPDATE core_auditevent SET reason = 'skjult' WHERE id = %s"))
    _refused(lambda: raw("DELETE FROM core_auditevent WHERE id = %s"))
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_new_rows_are_still_written(event, alice):
    audit_record(actor=alice, action="household.view", household_id=8)
    assert AuditEvent.objects.count() == 2


def test_the_triggers_survive_every_migration(db):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'")
            assert {row[0] for row in cursor.fetchall()} == {"core_auditevent_no_update", "core_auditevent_no_delete"}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass "
                           "AND NOT tgisinternal")
            assert {row[0] for row in cursor.fetchall()} == {"core_auditevent_append_only"}


@pytest.mark.django_db(transaction=True)
def test_a_flush_of_the_whole_database_still_empties_it(alice):
    audit_record(actor=alice, action="household.view", household_id=7)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    audit_record(actor=None, action="household.view", household_id=7)  # and the guard is back on
    _refused(lambda: AuditEvent.objects.all().delete())
