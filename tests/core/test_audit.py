import pytest
from django.core.exceptions import ValidationError

from boligvei.core.audit import ACTION_LABELS, audit_changes, audit_record
from boligvei.core.models import AuditEvent


def test_an_audit_row_keeps_who_acted_and_on_what(alice, team):
    event = audit_record(actor=alice, action="household.view", obj=team, household_id=7)
    event.refresh_from_db()
    assert (event.actor_label, event.object_type, event.object_id, event.household_id) == (
        "alice", "team", str(team.pk), 7)


def test_audit_rows_cannot_be_changed(alice, team):
    event = audit_record(actor=alice, action="household.view", obj=team)
    event.action = "something.else"
    with pytest.raises(ValidationError):
        event.save()


def test_audit_rows_cannot_be_deleted(alice, team):
    event = audit_record(actor=alice, action="household.view", obj=team)
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_changes_list_only_fields_that_changed():
    assert audit_changes({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": {"old": 1, "new": 2}}


def test_every_action_the_code_writes_has_a_label():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "boligvei"
    written = set()
    for path in root.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
        written |= set(re.findall(r'audit_action="([a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert written, "found no audit actions"
    assert written <= set(ACTION_LABELS), written - set(ACTION_LABELS)
