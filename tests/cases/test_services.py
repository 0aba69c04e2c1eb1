import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from boligvei.cases import services
from boligvei.cases.models import Case
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.cases.factories import CaseFactory
from tests.people.factories import household_with_main_person


def test_opening_a_case_records_who_and_when(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    assert case.status == "invited" and case.caseworker == alice and case.team == alice.team
    assert case.events.get().kind == "opened"
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.pk)).exists()


def test_a_household_has_one_open_case_at_a_time(alice):
    household = household_with_main_person()
    services.case_open(actor=alice, household=household)
    with pytest.raises(DomainError, match="allerede en åpen sak"):
        services.case_open(actor=alice, household=household)


def test_the_database_also_refuses_a_second_open_case(alice):
    case = CaseFactory(caseworker=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(caseworker=alice, household=case.household)
    CaseFactory(caseworker=alice, household=case.household, status="declined")  # a closed one is fine


def test_a_case_moves_along_the_table_and_keeps_its_history(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    for step in ("meeting_booked", "conversation_held", "mapped"):
        services.case_move(actor=alice, case=case, to_status=step, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "mapped" and case.version == 4
    assert [e.to_status for e in case.events.order_by("at", "id")] == [
        "invited", "meeting_booked", "conversation_held", "mapped"]


def test_an_illegal_move_is_refused_with_a_message(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    with pytest.raises(DomainError, match="kan ikke gå fra «Invitert» til «Kjøp gjennomført»"):
        services.case_move(actor=alice, case=case, to_status="purchased", expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "invited"


def test_an_exit_needs_a_reason_and_may_set_a_date_to_invite_again(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    with pytest.raises(DomainError, match="begrunnelse"):
        services.case_move(actor=alice, case=case, to_status="declined", expected_version=case.version)
    later = timezone.localdate() + dt.timedelta(days=365)
    services.case_move(actor=alice, case=case, to_status="declined", expected_version=case.version,
                       reason="Vil vente til barna er større", invite_again_on=later)
    case.refresh_from_db()
    assert not case.is_open and case.invite_again_on == later


def test_a_move_from_a_stale_page_is_refused_and_nothing_changes(alice, bob):
    case = services.case_open(actor=alice, household=household_with_main_person())
    seen = case.version
    services.case_move(actor=alice, case=Case.objects.get(pk=case.pk), to_status="meeting_booked",
                       expected_version=seen)
    with pytest.raises(DomainError, match="endret av noen andre"):
        services.case_move(actor=alice, case=Case.objects.get(pk=case.pk), to_status="no_answer",
                           expected_version=seen, reason="Svarte ikke")
    case.refresh_from_db()
    assert case.status == "meeting_booked" and case.events.count() == 2


def test_a_closed_case_reopens_where_it_left_off(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    services.case_move(actor=alice, case=case, to_status="meeting_booked", expected_version=case.version)
    services.case_move(actor=alice, case=case, to_status="no_answer", expected_version=case.version,
                       reason="Kom ikke")
    services.case_reopen(actor=alice, case=case, expected_version=case.version, reason="Ringte selv")
    case.refresh_from_db()
    assert case.status == "meeting_booked" and case.is_open and case.invite_again_on is None


def test_a_note_is_kept_in_the_history(alice):
    case = services.case_open(actor=alice, household=household_with_main_person())
    services.case_note_add(actor=alice, case=case, text="Ønsker å kjøpe boligen de leier.")
    assert case.events.filter(kind="note", text__startswith="Ønsker").exists()
    with pytest.raises(DomainError):
        services.case_note_add(actor=alice, case=case, text="   ")
