"""The application's PostgreSQL role (core.db_roles, `boligvei db_app_role`): it does the day's
work, but cannot empty the audit log or switch off its triggers, which only the owner could."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from boligvei.core.models import AuditEvent
from tests.people.factories import household_with_main_person

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="database roles and table ownership are PostgreSQL's; SQLite has none")


@pytest.fixture
def app_role(db):
    """A plain login role, as the database administrator makes it (rolled back with the test)."""
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    return role


@pytest.fixture
def as_app_role(app_role):
    """The test's connection runs as the application's role, granted by the command (the grants
    are rolled back with the test's transaction)."""
    call_command("db_app_role", app_role, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app_role}"')
    yield app_role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(sql: str) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(error.value)


def test_the_app_role_cannot_empty_the_audit_log_or_switch_off_its_triggers(alice, as_app_role):
    AuditEvent.objects.create(actor=alice, actor_label="alice", action="household.view")
    assert "permission denied" in _refused("TRUNCATE core_auditevent")
    assert "must be owner" in _refused("ALTER TABLE core_auditevent DISABLE TRIGGER ALL")
    assert "must be owner" in _refused("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
    assert "must be owner" in _refused("DROP TRIGGER core_auditevent_append_only ON core_auditevent")
    assert "must be owner" in _refused("DROP FUNCTION core_auditevent_append_only() CASCADE")
    assert "permission denied" in _refused("DELETE FROM core_auditevent")
    assert "permission denied" in _refused("UPDATE core_auditevent SET reason = 'skjult'")
    assert AuditEvent.objects.count() == 1


def test_the_app_role_does_the_days_work(alice, alice_client, as_app_role):
    household = household_with_main_person()
    response = alice_client.get(reverse("people:household_detail", args=[household.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="household.view", household_id=household.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_app_role


def test_the_command_is_idempotent_and_counts_the_tables(app_role):
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("db_app_role", app_role, stdout=out)
        outputs.append(out.getvalue())
    tables = len(connection.introspection.table_names())
    assert outputs[0] == outputs[1] == (f"Role {app_role}: may use {tables} tables; the audit log only to read and "
                                        "insert.\n")


def test_a_role_that_does_not_exist_is_refused_with_what_to_do(db):
    with pytest.raises(CommandError, match="does not exist. The database administrator creates it first"):
        call_command("db_app_role", "boligvei_ops_no_such_role")


def test_a_role_that_may_create_roles_is_refused(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER ROLE "{app_role}" CREATEROLE')
    with pytest.raises(CommandError, match="must be a plain login role"):
        call_command("db_app_role", app_role)


def test_a_role_name_that_is_not_a_plain_name_is_refused(db):
    with pytest.raises(CommandError, match="lower-case letters, digits and _"):
        call_command("db_app_role", 'app"; DROP TABLE x; --')


def test_the_grants_can_be_printed_for_a_database_administrator(db):
    out = StringIO()
    call_command("db_app_role", "boligvei_app", "--print-sql", stdout=out)
    lines = out.getvalue().splitlines()
    assert 'REVOKE ALL ON "core_auditevent" FROM "boligvei_app";' in lines
    assert lines[-1] == 'GRANT SELECT, INSERT ON "core_auditevent" TO "boligvei_app";'
