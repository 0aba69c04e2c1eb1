import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boligvei.cases import services
from boligvei.cases.models import CaseEvent
from boligvei.cases.selectors import cases_awaiting_interim_reply, my_work
from boligvei.core.errors import DomainError
from tests.conftest import count_queries
from tests.people.factories import consenting_household

TODAY = timezone.localdate()


def _case(alice, status="conversation_held", **kwargs):
    case = services.case_open(actor=alice, household=consenting_household(**kwargs))
    path = ["meeting_booked", "conversation_held", "mapped", "assessed", "follow_up_plan", "applying"]
    for step in path[: path.index(status) + 1] if status in path else []:
        services.case_move(actor=alice, case=case, to_status=step, expected_version=case.version)
    return case


def _age(case, days):
    """Pretend the case was opened (and last answered) `days` ago."""
    CaseEvent.objects.filter(case=case).update(at=timezone.now() - dt.timedelta(days=days))


def test_tasks_are_listed_overdue_first_for_their_assignee(alice, bob):
    case = _case(alice)
    services.task_create(actor=alice, case=case, title="Spare 2 000 kr i måneden", due_on=TODAY + dt.timedelta(30),
                         assignee=alice)
    services.task_create(actor=alice, case=case, title="Betale ned forbrukslånet", due_on=TODAY - dt.timedelta(3),
                         assignee=alice)
    work = my_work(user=alice)
    assert [t.title for t in work["overdue"]] == ["Betale ned forbrukslånet"]
    assert [t.title for t in work["upcoming"]] == ["Spare 2 000 kr i måneden"]


def test_a_completed_task_leaves_the_list_and_enters_the_history(alice):
    case = _case(alice)
    task = services.task_create(actor=alice, case=case, title="Nytt møte", due_on=TODAY, assignee=alice)
    services.task_complete(actor=alice, task=task)
    assert my_work(user=alice)["upcoming"] == []
    assert case.events.filter(kind="task_done", text="Nytt møte").exists()
    with pytest.raises(DomainError):
        services.task_complete(actor=alice, task=task)


def test_a_programme_leader_cannot_be_given_a_task(alice, bob):
    with pytest.raises(DomainError, match="saksbehandler"):
        services.task_create(actor=alice, case=_case(alice), title="X", due_on=TODAY, assignee=bob)


def test_an_interim_reply_is_due_after_a_month_without_an_answer(alice):
    waiting = _case(alice, status="applying", last_name="Venter")
    answered = _case(alice, status="applying", last_name="Fikksvar")
    invited = _case(alice, status="invited", last_name="Invitert")
    for case in (waiting, answered, invited):
        _age(case, 40)
    services.case_contact_record(actor=alice, case=answered, text="Foreløpig svar: søknaden behandles.")
    assert [c.household.name for c in cases_awaiting_interim_reply(user=alice)] == ["Venter, Kari"]


def test_the_work_page_shows_tasks_and_replies_and_costs_fixed_queries(alice_client, alice):
    case = _case(alice, status="applying", last_name="Venter")
    _age(case, 40)
    services.task_create(actor=alice, case=case, title="Be om lønnsslipper", due_on=TODAY - dt.timedelta(1),
                         assignee=alice)
    page = alice_client.get(reverse("cases:my_work")).content.decode()
    assert "Foreløpig svar skal sendes" in page and "Venter, Kari" in page and "Be om lønnsslipper" in page
    few = count_queries(alice_client, reverse("cases:my_work"))
    for i in range(10):
        other = _case(alice, status="applying", last_name=f"Flere{i}")
        services.task_create(actor=alice, case=other, title=f"Oppgave {i}", due_on=TODAY, assignee=alice)
    assert count_queries(alice_client, reverse("cases:my_work")) == few


def test_a_task_is_completed_from_the_work_page(alice_client, alice):
    case = _case(alice)
    task = services.task_create(actor=alice, case=case, title="Nytt møte", due_on=TODAY, assignee=alice)
    response = alice_client.post(reverse("cases:task_complete", args=[task.pk]), {"next": "my_work"})
    assert response.url == reverse("cases:my_work")
    task.refresh_from_db()
    assert task.done_at is not None


def test_a_caseworker_adds_a_task_and_records_a_reply_on_the_case_page(alice_client, alice):
    case = _case(alice)
    alice_client.post(reverse("cases:task_create", args=[case.pk]),
                      {"title": "Spare 2 000 kr i måneden", "due_on": "2027-03-01", "assignee": alice.pk})
    alice_client.post(reverse("cases:case_contact", args=[case.pk]), {"text": "Ringte og avtalte nytt møte"})
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Spare 2 000 kr i måneden" in page and "Ringte og avtalte nytt møte" in page


def test_a_read_only_role_cannot_complete_tasks(bob_client, alice):
    task = services.task_create(actor=alice, case=_case(alice), title="X", due_on=TODAY, assignee=alice)
    assert bob_client.post(reverse("cases:task_complete", args=[task.pk])).status_code == 403
