"""`boligvei demo`: loads once, says so the second time, reloads with --reset, prints the logins."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from boligvei.demo.services import DEMO_PASSWORD, demo_logins
from boligvei.housing.models import Dwelling
from boligvei.people.models import Household

SMALL = ["--households", "120", "--dwellings", "90", "--today", "2025-11-05"]

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_demo_and_lists_the_logins_and_counts():
    output = run(*SMALL)
    assert "Loaded Fjordvik kommune" in output
    # The register asked for, with the programme's history (households and dwellings of its own).
    assert Dwelling.objects.filter(source_id__startswith="demo-d").count() == 90
    assert f"households {Household.objects.count()}" in output and f"dwellings {Dwelling.objects.count()}" in output
    for role, username, password in demo_logins():
        assert any(role in line and username in line and password in line for line in output.splitlines())
    assert DEMO_PASSWORD in output


def test_a_second_run_leaves_the_register_alone():
    run(*SMALL)
    households = Household.objects.count()
    output = run(*SMALL)
    assert "already has data" in output
    assert f"households {households}" in output and "saksbehandler" in output
    assert Household.objects.count() == households


def test_if_empty_is_quiet_about_a_loaded_register():
    run(*SMALL)
    output = run("--if-empty", *SMALL)
    assert "not loaded" in output and "--reset" not in output


def test_reset_loads_again_with_another_size():
    run(*SMALL)
    output = run("--reset", "--households", "60", "--dwellings", "50", "--seed", "3")
    assert "Loaded" in output and f"households {Household.objects.count()}" in output
    assert Dwelling.objects.filter(source_id__startswith="demo-d").count() == 50


def test_the_demo_is_refused_where_synthetic_identity_numbers_are_not_allowed(db, settings):
    from django.core.management import CommandError, call_command

    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = False
    with pytest.raises(CommandError, match="ALLOW_SYNTHETIC_IDENTITY_NUMBERS"):
        call_command("demo", stdout=StringIO())


def test_reset_also_clears_saved_assessments(db):
    from boligvei.assessments.models import Assessment
    from boligvei.assessments.selectors import household_request
    from boligvei.assessments.services import assessment_create
    from boligvei.core.models import User
    from boligvei.demo.services import demo_load
    from tests.people.factories import consent_to_everything_needed

    demo_load(households=40, dwellings=40, seed=1)
    made_by_the_demo = Assessment.objects.count()  # the demo's cases are assessed through the service
    household = consent_to_everything_needed(Household.objects.filter(tenancies__is_active=True).first())
    saved = assessment_create(actor=User.objects.get(username="saksbehandler"), household=household,
                              request=household_request(household=household, today=dt.date(2026, 11, 24)))
    demo_load(reset=True, households=40, dwellings=40, seed=1)
    assert not Assessment.objects.filter(pk=saved.pk).exists()
    assert Assessment.objects.count() == made_by_the_demo
