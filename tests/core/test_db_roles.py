"""The application's PostgreSQL role (core.db_roles, `boligvei db_app_role`): it does the day's
work, but cannot empty the audit log or switch off its triggers, which only the owner could."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from boligvei.core.models import AuditEvent
from tests.people.factories import household_with_main_person

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="database roles and table ownership are PostgreSQL's; SQLite has none")


@pytest.fixture
def as_app_role(db):
    """The test's connection runs as a new application role made by the command (role and grants
    are rolled back with the test's transaction)."""
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    call_command("db_app_role", role, stdout=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    yield role
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


def test_the_command_is_idempotent_and_counts_the_tables(db):
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    from io import StringIO

    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("db_app_role", role, stdout=out)
        outputs.append(out.getvalue())
    tables = len(connection.introspection.table_names())
    assert outputs[0] == outputs[1] == (f"Role {role}: may use {tables} tables; the audit log only to read and "
                                        "insert.\n")


def test_a_role_name_that_is_not_a_plain_name_is_refused(db):
    with pytest.raises(CommandError, match="lower-case letters, digits and _"):
        call_command("db_app_role", 'app"; DROP TABLE x; --')
