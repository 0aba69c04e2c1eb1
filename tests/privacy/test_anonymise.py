"""Retention: `boligvei anonymise` removes the people from old, closed cases and keeps every
figure the reports show."""

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from boligvei.cases import services as case_services
from boligvei.cases.certificates import certificate_issue
from boligvei.cases.follow_ups import follow_up_record
from boligvei.cases.letters import decision_letter_make
from boligvei.cases.models import (
    Case, CaseEvent, CaseMilestone, Decision, DecisionLetter, FinancingCertificate, Purchase, PurchaseFollowUp,
)
from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from boligvei.housing.models import Tenancy
from boligvei.housing.services import tenancy_end
from boligvei.people.models import Household, Person
from boligvei.privacy.services import households_anonymise_expired, households_due_for_anonymisation
from boligvei.reports.selectors import ReportFilter, dashboard
from tests.conftest import make_user
from tests.reports.history import build_history, on

LATER = dt.timedelta(days=6 * 366)  # everything in the test was made by now: six years on, five have passed


@pytest.fixture
def history(alice, team):
    """The reports' history, with four households done with the programme by mid-2014: A and D
    bought (their cases closed), B and C said no and moved out of their municipal dwellings."""
    history = build_history(alice, make_user("dave", Role.CASEWORKER, team))
    with on("10.01.2013"):  # A's follow-up three months after the purchase found late payments
        follow_up_record(actor=alice, follow_up=history.a.follow_ups.get(months=3), done_on=dt.date(2013, 1, 10),
                         wellbeing="Kari har fått ny jobb.", payment_trouble="late",
                         payment_notes="Kari betalte to terminer for sent.", help_arranged=["nav"],
                         help_notes="Møte med Kari hos NAV.")
    history.a.refresh_from_db()  # the follow-up moved the case on
    with on("01.06.2014"):
        for case in (history.a, history.d):
            case_services.case_move(actor=alice, case=case, to_status="closed", expected_version=case.version)
        for case in (history.b, history.c):
            tenancy = Tenancy.objects.get(household=case.household, is_active=True)
            tenancy_end(actor=alice, tenancy=tenancy, end_date=dt.date(2014, 5, 31))
    case_services.case_note_add(actor=alice, case=history.b, text="Kari sa at hun flytter til søsteren sin.")
    return history


def figures() -> dict:
    board = dashboard(ReportFilter(start=dt.date(2012, 1, 1), end=dt.date(2014, 12, 31), as_of=dt.date(2014, 12, 31)),
                      by_caseworker=True)
    return {name: dataclasses.asdict(getattr(board, name))
            for name in ("purchases", "funnel", "duration", "turnover", "waiting", "follow_ups")}


def test_the_reports_give_the_same_figures_before_and_after(history):
    before = figures()
    assert before["purchases"]["total"]["cumulative"] == 2  # the history is really counted
    counts = households_anonymise_expired(now=timezone.now() + LATER, years=5)
    assert counts["households"] == 4
    assert figures() == before


def test_old_closed_cases_lose_their_people_and_texts(history):
    # The note on B was written today (the real clock): B had activity, and is not due yet.
    due = set(households_due_for_anonymisation(cutoff=timezone.now() - dt.timedelta(days=1)))
    assert history.b.household not in due
    households_anonymise_expired(now=timezone.now() + LATER, years=5)
    gone = [history.a.household_id, history.b.household_id, history.c.household_id, history.d.household_id]
    assert not Person.objects.filter(household_id__in=gone).exists()
    for household in Household.objects.filter(pk__in=gone):
        assert household.name == f"Anonymisert husstand {household.pk}" and household.anonymised_at
    assert not CaseEvent.objects.filter(case__household_id__in=gone).exclude(text="").exists()
    assert Purchase.objects.get(case=history.d).address == ""
    assert Purchase.objects.get(case=history.d).price == 2_500_000
    assert CaseMilestone.objects.filter(case__household_id__in=gone).count() > 0
    # E's case is open, and W1 and W2 still rent or wait: they keep everything.
    assert Person.objects.filter(household=history.e.household).exists()
    assert not Household.objects.filter(pk__in=[history.e.household_id, history.w1.household_id,
                                                history.w2.household_id], anonymised_at__isnull=False).exists()


def test_each_household_gets_one_audit_row_without_personal_data(history):
    households_anonymise_expired(now=timezone.now() + LATER, years=5)
    rows = AuditEvent.objects.filter(action="privacy.anonymise")
    assert sorted(rows.values_list("household_id", flat=True)) == sorted(
        case.household_id for case in (history.a, history.b, history.c, history.d))
    assert all(set(row.changes) == {"retention_years", "no_activity_since"} and row.actor is None for row in rows)


def test_the_command_counts_in_a_dry_run_changes_nothing_and_a_second_run_finds_nothing(history, capsys,
                                                                                        time_machine):
    time_machine.move_to(timezone.now() + LATER)
    call_command("anonymise", "--dry-run", "--years=5")
    out = capsys.readouterr().out
    assert "Tørrkjøring" in out and "husstander anonymisert: 4" in out
    assert not Household.objects.filter(anonymised_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="privacy.anonymise").exists()

    call_command("anonymise", "--years=5")
    assert "husstander anonymisert: 4" in capsys.readouterr().out
    call_command("anonymise", "--years=5")
    assert capsys.readouterr().out.strip() == "Ingen husstander å anonymisere."
    assert AuditEvent.objects.filter(action="privacy.anonymise").count() == 4


def test_recent_activity_keeps_a_household(history):
    """Within the retention period nothing is anonymised: the closings were in 2014, the
    register's rows were made today."""
    assert households_anonymise_expired(years=5) == {}
    assert Case.objects.filter(household__anonymised_at__isnull=False).count() == 0


def test_decision_letters_and_certificates_lose_their_texts(history, team):
    approver = make_user("frida", Role.APPROVER, team)
    with on("01.07.2012"):  # decided while the case was open (the fixture has closed it since)
        decision = Decision.objects.create(
            case=history.a, kind="startlan", amount=1_500_000, approved_amount=1_500_000, recommendation="Ja.",
            recommended_by=history.a.caseworker, recommended_at=timezone.now(), outcome="approved",
            decided_by=approver, decided_at=timezone.now(), rules="Forskriften.", facts="Lønn 500 000 kr.")
        decision_letter_make(actor=approver, decision=decision)
        certificate_issue(actor=approver, decision=decision, price_frame=2_000_000, conditions="Kari må selge bilen.")
    assert DecisionLetter.objects.filter(decision=decision).count() == 2
    households_anonymise_expired(now=timezone.now() + LATER, years=5)
    for letter in DecisionLetter.objects.filter(decision=decision):
        assert (letter.recipient, letter.body, bytes(letter.pdf)) == ([], "", b"")
    assert FinancingCertificate.objects.get(decision=decision).conditions == ""
    decision.refresh_from_db()
    assert decision.facts == "" and decision.outcome == "approved"


def test_follow_ups_after_the_purchase_lose_what_was_said_and_keep_what_was_found(history):
    assert figures()["follow_ups"]["total"]["households_with_trouble"] == 1
    households_anonymise_expired(now=timezone.now() + LATER, years=5)
    follow_up = PurchaseFollowUp.objects.get(case=history.a, months=3)
    assert (follow_up.wellbeing, follow_up.payment_notes, follow_up.help_notes) == ("", "", "")
    assert (follow_up.payment_trouble, follow_up.help_arranged) == ("late", ["nav"])
