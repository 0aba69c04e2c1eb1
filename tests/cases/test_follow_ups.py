"""After the purchase: follow-ups planned when the purchase is registered, shown when due, and
recorded with what was found, payment trouble included (cases/follow_ups.py)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from boligvei.cases.follow_ups import follow_up_record
from boligvei.cases.models import Case, PurchaseFollowUp
from boligvei.cases.selectors import follow_ups_due
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.cases.test_purchases import BOUGHT, _approved_case, _buy
from tests.conftest import _client_for, count_queries

LATER = dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC)  # after the 3-month follow-up (01.01.2027) fell due


@pytest.fixture
def bought(alice):
    case, _ = _approved_case(alice)
    _buy(alice, case)
    case.refresh_from_db()
    return case


def _record(alice, follow_up, **fields):
    values = {"done_on": dt.date(2027, 1, 4), "wellbeing": "Trives i boligen. Barna har fått egne rom.",
              "payment_trouble": "none"}
    return follow_up_record(actor=alice, follow_up=follow_up, **(values | fields))


def test_registering_a_purchase_plans_follow_ups_after_three_and_twelve_months(bought):
    assert [(f.months, f.due_on, f.done_on) for f in bought.follow_ups.all()] == [
        (3, dt.date(2027, 1, 1), None), (12, dt.date(2027, 10, 1), None)]
    assert AuditEvent.objects.get(action="case.follow_up.plan").household_id == bought.household_id


def test_the_municipality_chooses_when_to_follow_up(alice, settings):
    settings.FOLLOW_UP_AFTER_PURCHASE_MONTHS = [6]
    case, _ = _approved_case(alice)
    _buy(alice, case)
    assert list(case.follow_ups.values_list("months", "due_on")) == [(6, dt.date(2027, 4, 1))]


def test_the_first_follow_up_moves_the_case_on_and_says_what_was_found(alice, bought):
    first, second = bought.follow_ups.all()
    with time_machine.travel(LATER, tick=False):
        _record(alice, first, payment_trouble="startlan_arrears", payment_notes="To terminer på startlånet ubetalt.",
                help_arranged=["debt_counselling", "nav"])
    bought.refresh_from_db()
    assert bought.status == "after_purchase"
    first.refresh_from_db()
    assert first.has_payment_trouble and first.help_arranged == ["debt_counselling", "nav"]
    assert first.recorded_by == alice
    note = bought.events.filter(kind="note").order_by("-at", "-id").first().text
    assert note.startswith("Oppfølging 3 måneder etter kjøpet gjort 04.01.2027: restanse på startlånet.")
    assert "Gjeldsrådgivning" in note and "NAV" in note
    audit = AuditEvent.objects.get(action="case.follow_up.record")
    assert audit.changes["payment_trouble"] == "startlan_arrears" and audit.household_id == bought.household_id
    with time_machine.travel(LATER + dt.timedelta(days=280), tick=False):
        _record(alice, second, done_on=dt.date(2027, 10, 8))
    assert Case.objects.get(pk=bought.pk).status == "after_purchase"


def test_a_follow_up_is_recorded_once(alice, bought):
    first = bought.follow_ups.first()
    with time_machine.travel(LATER, tick=False):
        _record(alice, first)
        with pytest.raises(DomainError, match="allerede registrert"):
            _record(alice, first, payment_trouble="late", payment_notes="For sent i desember.")
    first.refresh_from_db()
    assert first.payment_trouble == "none"


@pytest.mark.parametrize("fields, message", [
    ({"payment_trouble": "other_debt"}, "Skriv hva betalingsproblemene gjelder"),
    ({"wellbeing": " "}, "hvordan det går med husstanden"),
    ({"done_on": dt.date(2027, 2, 1)}, "fram i tid"),
    ({"done_on": BOUGHT - dt.timedelta(days=1)}, "før overtakelsen"),
    ({"help_arranged": ["other"]}, "hvilken annen hjelp"),
    ({"payment_trouble": "maybe"}, "Velg om husstanden har betalingsproblemer"),
])
def test_a_follow_up_that_does_not_say_what_was_found_is_refused(alice, bought, fields, message):
    with time_machine.travel(LATER, tick=False), pytest.raises(DomainError, match=message):
        _record(alice, bought.follow_ups.first(), **fields)
    assert not PurchaseFollowUp.objects.filter(done_on__isnull=False).exists()


def test_follow_ups_due_are_shown_in_my_work_and_on_the_case(alice, bought):
    with time_machine.travel(LATER, tick=False):
        alice_client = _client_for(alice)  # logged in then: a session left idle for months has ended
        due = follow_ups_due(user=alice, today=dt.date(2027, 1, 5))
        work = alice_client.get(reverse("cases:my_work")).content.decode()
        page = alice_client.get(reverse("cases:case_detail", args=[bought.pk])).content.decode()
    assert [f.months for f in due["follow_ups_overdue"]] == [3] and due["follow_ups_upcoming"] == []
    assert "Oppfølging etter kjøp" in work and "oppfølging etter 3 måneder, frist 01.01.2027" in work
    assert "Etter 12 måneder" in page and "frist 01.10.2027" in page
    assert reverse("cases:follow_up_record", args=[bought.follow_ups.first().pk]) in page
    work_audit = AuditEvent.objects.filter(action="work.view").latest("id")
    assert bought.household_id in work_audit.changes["households"]


def test_my_work_costs_the_same_queries_however_many_follow_ups_are_due(alice):
    def cost():
        with time_machine.travel(LATER + dt.timedelta(days=300), tick=False):
            return count_queries(_client_for(alice), reverse("cases:my_work"))

    case, _ = _approved_case(alice)
    _buy(alice, case)
    one = cost()
    for _ in range(3):
        case, _ = _approved_case(alice)
        _buy(alice, case)
    assert cost() == one


def test_the_follow_up_is_recorded_on_its_page(alice, bought):
    follow_up = bought.follow_ups.first()
    url = reverse("cases:follow_up_record", args=[follow_up.pk])
    with time_machine.travel(LATER, tick=False):
        alice_client = _client_for(alice)
        page = alice_client.get(url).content.decode()
        assert "Betalingsproblemer" in page and "Restanse på startlånet" in page
        assert AuditEvent.objects.filter(action="household.form_view", household_id=bought.household_id).exists()
        refused = alice_client.post(url, {"done_on": "2027-01-04", "wellbeing": "Greit.", "payment_trouble": "late"})
        assert refused.status_code == 200 and "Skriv hva betalingsproblemene gjelder." in refused.content.decode()
        response = alice_client.post(url, {"done_on": "2027-01-04", "wellbeing": "Greit.", "payment_trouble": "late",
                                           "payment_notes": "Betalte husleien for sent i desember."})
        assert response.status_code == 302
        assert alice_client.get(url).status_code == 302  # recorded: back to the case
    follow_up.refresh_from_db()
    assert follow_up.payment_trouble == "late" and follow_up.done_on == dt.date(2027, 1, 4)


def test_a_reader_cannot_record_a_follow_up(bob_client, bought):
    url = reverse("cases:follow_up_record", args=[bought.follow_ups.first().pk])
    assert bob_client.get(url).status_code == 403
