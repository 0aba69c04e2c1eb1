"""Loading, refusing and resetting the demo, the demo staff, and the audit row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from boligvei.core.models import AuditEvent, User
from boligvei.core.roles import Role
from boligvei.demo.services import (
    DEMO_PASSWORD,
    demo_is_loaded,
    demo_load,
    demo_logins,
    register_counts,
    register_is_empty,
)
from boligvei.housing.models import Dwelling
from boligvei.people.models import Household, Person

TODAY = dt.date(2025, 11, 5)
SMALL = dict(households=160, dwellings=120, today=TODAY)

pytestmark = pytest.mark.django_db


def test_it_loads_into_an_empty_register_and_writes_one_audit_row():
    assert register_is_empty() and not demo_is_loaded()
    summary = demo_load(**SMALL)
    assert demo_is_loaded() and not register_is_empty()
    # The register asked for, and the programme's history since 2012 (households and dwellings of its own).
    assert summary.households == Household.objects.count() > 160
    assert summary.dwellings == Dwelling.objects.count() > 120
    assert Dwelling.objects.filter(source_id__startswith="demo-d").count() == 120
    assert summary == register_counts()
    event = AuditEvent.objects.get(action="demo.load")
    assert event.actor is None and event.actor_label == "system"
    assert event.changes["households"] == summary.households and event.changes["persons"] == Person.objects.count()


def test_it_refuses_a_register_that_has_data():
    demo_load(**SMALL)
    households = Household.objects.count()
    with pytest.raises(ValidationError):
        demo_load(**SMALL)
    assert Household.objects.count() == households


def test_reset_reloads_the_same_register_and_keeps_the_audit_log():
    demo_load(**SMALL)
    admin = User.objects.get(username="administrator")
    names = list(Person.objects.order_by("id").values_list("first_name", "last_name", "identity_number_hash"))
    households = Household.objects.count()
    summary = demo_load(actor=admin, reset=True, **SMALL)
    assert summary.reset
    assert Household.objects.count() == households
    assert list(Person.objects.order_by("id").values_list("first_name", "last_name", "identity_number_hash")) == names
    events = AuditEvent.objects.filter(action="demo.load").order_by("id")
    assert [event.actor_label for event in events] == ["system", "administrator"]


def test_it_creates_one_demo_user_per_role_with_the_demo_password():
    demo_load(**SMALL)
    for role in Role:
        assert User.objects.filter(role=role, username__in=[login[1] for login in demo_logins()]).exists(), role
    for _, username, password in demo_logins():
        user = User.objects.get(username=username)
        assert password == DEMO_PASSWORD and user.check_password(password)
        assert user.team is not None and user.get_full_name() and user.phone.startswith("000 ")
    admin = User.objects.get(username="administrator")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(username="saksbehandler").is_superuser
    assert User.objects.get(username="saksbehandler2").team.name == "Bydel Nord"
    assert User.objects.get(username="saksbehandler").team.name == "Boligkontoret"


def test_loading_twice_with_reset_keeps_one_user_per_name():
    demo_load(**SMALL)
    demo_load(reset=True, **SMALL)
    assert User.objects.filter(username="saksbehandler").count() == 1
