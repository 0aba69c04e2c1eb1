"""Help to buy: the purchase-process checklist from the municipality's template becomes tasks
on the case when the financing is approved, once, and can be added by hand (cases/checklist.py)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from boligvei.cases import checklist, services
from boligvei.cases.models import CaseChecklist, FollowUpTask, PurchaseChecklistVersion
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from tests.cases.test_certificates import _approved
from tests.conftest import _client_for, make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import consenting_household


@pytest.fixture
def approver(team):
    return make_user("frida", Role.APPROVER, team)


@pytest.fixture
def administrator(team):
    return make_user("ada", Role.ADMINISTRATOR, team)


@pytest.fixture
def case(alice):
    household = consenting_household()
    TenancyFactory(household=household)
    return services.case_open(actor=alice, household=household, status="conversation_held")


def test_the_shipped_checklist_explains_the_steps_of_buying_in_plain_norwegian(db):
    shipped = checklist.checklist_in_force()
    assert shipped.number == 1
    titles = [item["title"] for item in shipped.items]
    assert titles == ["Finne bolig innenfor finansieringsbeviset", "Visninger", "Budrunden",
                      "Salgsoppgaven, fellesgjeld og felleskostnader", "Kjøpekontrakt og overtakelse",
                      "Forsikring og flytting"]
    guidance = " ".join(item["guidance"] for item in shipped.items)
    for word in ("finn.no", "bindingsfristen", "forbehold om finansiering", "fellesgjeld", "borettslag",
                 "overtakelsesprotokoll", "innboforsikring"):
        assert word in guidance
    assert [item["due_days"] for item in shipped.items] == sorted(item["due_days"] for item in shipped.items)


def test_an_approved_startlan_puts_the_checklist_on_the_case_as_tasks_with_guidance(alice, approver):
    with time_machine.travel(dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC), tick=False):
        decision = _approved(alice, approver)
    case = decision.case
    tasks = list(FollowUpTask.objects.filter(case=case).order_by("due_on", "id"))
    assert [t.title for t in tasks][:3] == ["Finne bolig innenfor finansieringsbeviset", "Visninger", "Budrunden"]
    assert tasks[0].due_on == dt.date(2026, 9, 7) and tasks[-1].due_on == dt.date(2026, 11, 14)
    assert all(t.assignee == alice and t.checklist_id == case.checklist.pk for t in tasks)
    assert "bindingsfristen" in tasks[2].guidance
    assert case.checklist.by_hand is False and case.checklist.added_by == approver
    assert case.events.filter(text__startswith="Sjekklisten for kjøpsprosessen er lagt til: 6 oppgaver").exists()
    audit = AuditEvent.objects.get(action="case.checklist.add")
    assert audit.household_id == case.household_id and audit.changes["tasks"] == 6


def test_the_checklist_is_never_added_twice(alice, approver):
    case = _approved(alice, approver).case
    assert checklist.checklist_add(actor=approver, case=case) is None  # a second approval adds nothing
    with pytest.raises(DomainError, match="har allerede sjekklisten"):
        checklist.checklist_add(actor=alice, case=case, by_hand=True)
    assert FollowUpTask.objects.filter(case=case).count() == 6
    assert CaseChecklist.objects.filter(case=case).count() == 1


def test_a_caseworker_adds_the_checklist_by_hand_to_a_case_without_it(alice, alice_client, case):
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Legg til sjekklisten for kjøpsprosessen" in page
    response = alice_client.post(reverse("cases:checklist_add", args=[case.pk]))
    assert response.status_code == 302
    assert CaseChecklist.objects.get(case=case).by_hand is True
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "0 av 6 gjort" in page and "Legg til sjekklisten for kjøpsprosessen" not in page
    response = alice_client.post(reverse("cases:checklist_add", args=[case.pk]), follow=True)
    assert "Saken har allerede sjekklisten for kjøpsprosessen." in response.content.decode()
    assert FollowUpTask.objects.filter(case=case).count() == 6


def test_the_case_page_shows_how_far_the_checklist_has_come(alice, alice_client, case):
    checklist.checklist_add(actor=alice, case=case, by_hand=True)
    first, second = FollowUpTask.objects.filter(case=case).order_by("due_on", "id")[:2]
    services.task_complete(actor=alice, task=first)
    services.task_complete(actor=alice, task=second)
    services.task_create(actor=alice, case=case, title="Ta med lønnsslipper", due_on=dt.date(2027, 1, 1),
                         assignee=alice)  # not a step of the checklist
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "2 av 6 gjort" in page
    assert "Forklar hvordan en budrunde går" in page  # the guidance beside the task


def test_a_closed_case_gets_no_checklist(alice, case):
    services.case_move(actor=alice, case=case, to_status="declined", expected_version=case.version,
                       reason="Vil ikke kjøpe.")
    with pytest.raises(DomainError, match="avsluttet"):
        checklist.checklist_add(actor=alice, case=case, by_hand=True)


def test_saving_the_template_makes_a_new_version_and_cases_keep_their_tasks(alice, administrator, case):
    checklist.checklist_add(actor=alice, case=case, by_hand=True)
    items = [{"title": "Finne bolig", "guidance": "Søk på finn.no.", "due_days": 5},
             {"title": "Budrunden", "guidance": "", "due_days": 20}]
    version = checklist.checklist_save(actor=administrator, items=items)
    assert version.number == 2 and checklist.checklist_in_force() == version
    assert FollowUpTask.objects.filter(case=case).count() == 6
    audit = AuditEvent.objects.get(action="purchase_checklist.save")
    assert audit.changes["items"]["new"] == items and len(audit.changes["items"]["old"]) == 6
    with pytest.raises(DomainError, match="Ingenting er endret"):
        checklist.checklist_save(actor=administrator, items=items)


@pytest.mark.parametrize("items, message", [
    ([], "minst ett punkt"),
    ([{"title": "", "guidance": "", "due_days": 3}], "mangler tittel"),
    ([{"title": "Visning", "guidance": "", "due_days": 400}], "fra 0 til 365 dager"),
])
def test_the_template_refuses_a_list_that_cannot_become_tasks(administrator, items, message):
    with pytest.raises(DomainError, match=message):
        checklist.checklist_save(actor=administrator, items=items)
    assert PurchaseChecklistVersion.objects.count() == 1


def _formset(rows: list[dict]) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "40"}
    for index, row in enumerate(rows):
        data |= {f"form-{index}-{key}": value for key, value in row.items()}
    return data


def test_an_administrator_edits_the_checklist_on_its_page_in_the_order_given(administrator):
    client = _client_for(administrator)
    url = reverse("cases:checklist_template")
    page = client.get(url).content.decode()
    assert "Budrunden" in page and "Versjon 1 gjelder nå" in page
    response = client.post(url, _formset([
        {"position": "2", "title": "Visninger", "guidance": "Ta med en venn.", "due_days": "14"},
        {"position": "1", "title": "Finne bolig", "guidance": "", "due_days": "7"},
        {"position": "3", "title": "Gammelt punkt", "guidance": "", "due_days": "9", "remove": "on"},
        {"position": "", "title": "", "guidance": "", "due_days": ""},
    ]))
    assert response.status_code == 302
    assert checklist.checklist_in_force().items == [
        {"title": "Finne bolig", "guidance": "", "due_days": 7},
        {"title": "Visninger", "guidance": "Ta med en venn.", "due_days": 14}]


def test_a_step_without_a_due_date_is_shown_again_with_the_error(administrator):
    client = _client_for(administrator)
    response = client.post(reverse("cases:checklist_template"), _formset([
        {"position": "1", "title": "Visninger", "guidance": "", "due_days": ""}]))
    assert response.status_code == 400
    assert "Skriv fristen i dager (0 til 365)." in response.content.decode()
    assert PurchaseChecklistVersion.objects.count() == 1


def test_only_an_administrator_edits_the_checklist(alice_client, bob_client):
    url = reverse("cases:checklist_template")
    assert alice_client.get(url).status_code == 403
    assert bob_client.get(url).status_code == 403


def test_a_certificate_on_a_closed_case_adds_no_checklist(alice, approver, case):
    services.case_move(actor=alice, case=case, to_status="declined", expected_version=case.version,
                       reason="Vil ikke kjøpe.")
    assert checklist.checklist_add(actor=approver, case=case) is None
    assert not FollowUpTask.objects.filter(case=case).exists()
