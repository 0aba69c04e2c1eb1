"""Erasure on request where the law allows; a refusal with the reason where it requires keeping."""

import datetime as dt

import pytest
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.cases.models import Case, CaseEvent, Decision, FollowUpTask, Mapping
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from boligvei.housing.models import Tenancy, WaitingListEntry
from boligvei.meetings.models import Meeting
from boligvei.outreach.models import Campaign, Letter
from boligvei.people.models import Consent, Household, Person
from boligvei.privacy.selectors import erase_refusals
from boligvei.privacy.services import household_erase
from boligvei.referrals.models import Submission
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
from tests.people.factories import household_with_main_person
from tests.privacy.records import NOTE, household_with_everything


def test_erasure_removes_the_people_and_every_free_text(alice, admin):
    household = household_with_everything(alice)
    household_erase(actor=admin, household=household, reason="Krav om sletting mottatt 01.02.2026")
    household.refresh_from_db()
    assert household.name == f"Anonymisert husstand {household.pk}" and household.anonymised_at
    assert (household.address_line, household.savings) == ("", 0)
    assert not Person.objects.filter(household=household).exists()
    assert CaseEvent.objects.get(case__household=household).text == ""
    assert Case.objects.get(household=household).referred_by == ""
    assert FollowUpTask.objects.get(case__household=household).title == "Anonymisert oppgave"
    assert Mapping.objects.get(case__household=household).answers == {}
    decision = Decision.objects.get(case__household=household)
    assert (decision.recommendation, decision.override_reason) == ("", "")
    assert WaitingListEntry.objects.get(household=household).notes == ""
    assessment = Assessment.objects.get(household=household)
    assert (assessment.request, assessment.note) == ({"members": [], "equity": 40_000}, "")
    meeting = Meeting.objects.get(household=household)
    assert (meeting.notes, meeting.attendees, meeting.next_step) == ("", "", "")
    letter = Letter.objects.get(household=household)
    assert (letter.recipient, letter.body, bytes(letter.pdf)) == ({}, "", b"")
    assert Campaign.objects.get(pk=letter.campaign_id).batch_pdf is None
    submission = Submission.objects.get(household=household)
    assert (submission.name, submission.phone, submission.email, submission.message) == ("Anonymisert", "", "", "")
    assert Consent.objects.get(household=household).note == ""
    # The dates the reports count stay.
    assert Tenancy.objects.get(household=household).end_date == dt.date(2016, 1, 1)
    event = AuditEvent.objects.get(action="privacy.erase")
    assert (event.actor, event.household_id, event.reason) == (admin, household.pk, "Krav om sletting mottatt 01.02.2026")
    assert NOTE not in str(event.changes)


def test_other_households_are_left_alone(alice, admin):
    household, other = household_with_everything(alice), household_with_everything(alice)
    household_erase(actor=admin, household=household, reason="Krav om sletting")
    assert Person.objects.filter(household=other).count() == 2
    assert CaseEvent.objects.get(case__household=other).text == NOTE


@pytest.mark.parametrize(("setup", "expected"), [
    ("decision", "vedtak i en sak"),
    ("open_case", "åpen sak"),
    ("tenancy", "aktivt leieforhold"),
    ("waiting", "står på ventelisten"),
])
def test_erasure_is_refused_where_the_municipality_must_keep_the_data(alice, admin, team, setup, expected):
    household = household_with_main_person()
    now = timezone.now()
    if setup == "decision":
        case = Case.objects.create(household=household, caseworker=alice, status="closed", status_changed_at=now)
        approver = make_user("anne", Role.APPROVER, team)
        Decision.objects.create(case=case, kind="startlan", recommendation="Innvilges.", recommended_by=alice,
                                recommended_at=now, outcome="approved", grounds="Kan betjene lånet.",
                                decided_by=approver, decided_at=now)
    elif setup == "open_case":
        Case.objects.create(household=household, caseworker=alice, status="invited", status_changed_at=now)
    elif setup == "tenancy":
        TenancyFactory(household=household)
    else:
        WaitingListEntryFactory(household=household)
    [reason] = erase_refusals(household=household)
    assert expected in reason
    with pytest.raises(DomainError, match=expected):
        household_erase(actor=admin, household=household, reason="Krav om sletting")
    assert Person.objects.filter(household=household).exists()
    assert not AuditEvent.objects.filter(action="privacy.erase").exists()


def test_erasure_empties_the_reason_a_letter_failed_which_quotes_the_name(alice, admin):
    household = household_with_everything(alice)
    Letter.objects.filter(household=household).update(
        status="failed", pdf=None, failure="Teksten har tegn som ingen av skriftene i brevet kan vise («ሰ» (U+1230)).")
    household_erase(actor=admin, household=household, reason="Krav om sletting mottatt 01.02.2026")
    assert Letter.objects.get(household=household).failure == ""


def test_an_anonymised_household_cannot_be_erased_again(alice, admin):
    household = household_with_everything(alice)
    household_erase(actor=admin, household=household, reason="Krav om sletting")
    with pytest.raises(DomainError, match="allerede anonymisert"):
        household_erase(actor=admin, household=Household.objects.get(pk=household.pk), reason="Igjen")


def test_erasure_needs_a_reason(alice, admin):
    household = household_with_everything(alice)
    with pytest.raises(DomainError, match="Skriv hvorfor"):
        household_erase(actor=admin, household=household, reason="  ")
