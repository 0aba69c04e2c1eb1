import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from boligvei.cases.models import Case, CaseEvent
from boligvei.cases.services import case_move, case_open
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.meetings import services
from boligvei.meetings.models import Meeting, MeetingSlot
from tests.meetings.conftest import TODAY
from tests.meetings.factories import MeetingFactory, MeetingSlotFactory, at
from tests.people.factories import household_with_main_person

THURSDAY = dt.date(2026, 12, 3)


def publish(actor, day=THURSDAY, start=(10, 0), minutes=45, **kwargs):
    starts_at = at(day, *start)
    return services.slot_publish(actor=actor, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes),
                                 location="Rådhusgata 1", **kwargs)


# Publishing slots


def test_a_caseworker_publishes_a_day_of_45_minute_meetings(alice):
    slots = services.slot_series_publish(actor=alice, day=THURSDAY, first_start=dt.time(9), last_end=dt.time(15),
                                         minutes=45, location="Rådhusgata 1")
    assert len(slots) == 8
    assert slots[0].starts_at == at(THURSDAY, 9) and slots[-1].ends_at == at(THURSDAY, 15)
    assert all(slot.caseworker == alice for slot in slots)
    assert AuditEvent.objects.filter(action="meeting.slot.publish").count() == 1


def test_a_series_keeps_a_pause_between_meetings(alice):
    slots = services.slot_series_publish(actor=alice, day=THURSDAY, first_start=dt.time(9), last_end=dt.time(15),
                                         minutes=45, pause=15, location="Rådhusgata 1")
    assert [s.starts_at.hour for s in slots] == [9, 10, 11, 12, 13, 14]


@pytest.mark.parametrize(("day", "name"), [
    (dt.date(2027, 5, 17), "Grunnlovsdag"),
    (dt.date(2026, 12, 25), "Første juledag"),
    (dt.date(2027, 3, 29), "Andre påskedag"),
    (dt.date(2027, 5, 6), "Kristi himmelfartsdag"),
])
def test_a_public_holiday_is_refused_with_its_name(alice, day, name):
    with pytest.raises(DomainError, match=name):
        publish(alice, day=day)
    with pytest.raises(DomainError, match=name):
        services.slot_series_publish(actor=alice, day=day, first_start=dt.time(9), last_end=dt.time(12),
                                     minutes=45, location="Rådhusgata 1")
    assert not MeetingSlot.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2026, 12, 5), dt.date(2026, 12, 6)])
def test_weekends_are_refused_with_their_own_message(alice, day):
    with pytest.raises(DomainError, match="Kontoret har stengt i helgene"):
        publish(alice, day=day)


def test_an_ordinary_sunday_is_not_called_a_holiday(alice):
    with pytest.raises(DomainError) as error:
        publish(alice, day=dt.date(2027, 1, 10))
    assert "helgene" in error.value.messages[0] and "helligdag" not in error.value.messages[0]


def test_a_slot_in_the_past_is_refused(alice):
    with pytest.raises(DomainError, match="allerede vært"):
        publish(alice, day=TODAY, start=(7, 0))


def test_a_slot_must_end_after_it_starts(alice):
    with pytest.raises(DomainError, match="slutte etter"):
        services.slot_publish(actor=alice, starts_at=at(THURSDAY, 10), ends_at=at(THURSDAY, 9, 30), location="Her")


def test_a_slot_may_not_overlap_the_caseworkers_other_slots(alice, bob):
    publish(alice, start=(10, 0))
    with pytest.raises(DomainError, match="overlapper"):
        publish(alice, start=(10, 30))
    publish(alice, start=(10, 45))  # right after is fine
    assert MeetingSlot.objects.count() == 2


def test_another_caseworker_may_meet_at_the_same_time(alice, team):
    from tests.conftest import make_user

    dora = make_user("dora", "caseworker", team)
    publish(alice)
    publish(dora)
    assert MeetingSlot.objects.count() == 2


def test_a_series_with_one_overlap_publishes_nothing(alice):
    publish(alice, start=(13, 0))
    with pytest.raises(DomainError, match="overlapper"):
        services.slot_series_publish(actor=alice, day=THURSDAY, first_start=dt.time(9), last_end=dt.time(15),
                                     minutes=45, location="Rådhusgata 1")
    assert MeetingSlot.objects.count() == 1


def test_slots_are_only_for_caseworkers_who_may_change_the_register(alice, bob):
    with pytest.raises(DomainError, match="saksbehandlere"):
        publish(alice, caseworker=bob)


def test_a_slot_that_was_used_cannot_be_removed(alice):
    slot = publish(alice)
    MeetingFactory(slot=slot, status="cancelled", booked_by=alice)
    with pytest.raises(DomainError, match="historikken"):
        services.slot_delete(actor=alice, slot=slot)
    free = publish(alice, start=(12, 0))
    services.slot_delete(actor=alice, slot=free)
    assert not MeetingSlot.objects.filter(pk=free.pk).exists()


# Booking


def test_booking_moves_the_open_case_to_meeting_booked_and_logs_it(alice):
    household = household_with_main_person()
    case = case_open(actor=alice, household=household)
    meeting = services.meeting_book(actor=alice, slot=publish(alice), household=household)
    case.refresh_from_db()
    assert (meeting.status, meeting.case, case.status) == ("booked", case, "meeting_booked")
    event = CaseEvent.objects.get(case=case, kind="meeting")
    assert "Møte avtalt torsdag 3. desember 2026 kl. 10.00" in event.text
    audit = AuditEvent.objects.get(action="meeting.book")
    assert (audit.household_id, audit.object_id) == (household.pk, str(meeting.pk))


def test_booking_a_household_without_a_case_opens_one_with_the_slots_caseworker(alice, team):
    from tests.conftest import make_user

    dora = make_user("dora", "caseworker", team)
    household = household_with_main_person()
    meeting = services.meeting_book(actor=alice, slot=publish(dora), household=household)
    case = Case.objects.get(household=household)
    assert (meeting.case, case.caseworker, case.status) == (case, dora, "meeting_booked")


def test_booking_leaves_a_case_that_is_further_along_where_it_is(alice):
    household = household_with_main_person()
    case = case_open(actor=alice, household=household)
    for status in ("meeting_booked", "conversation_held", "mapped"):
        case_move(actor=alice, case=case, to_status=status, expected_version=case.version)
    services.meeting_book(actor=alice, slot=publish(alice), household=household)
    case.refresh_from_db()
    assert case.status == "mapped"


def test_a_slot_cannot_be_booked_twice(alice):
    slot = publish(alice)
    services.meeting_book(actor=alice, slot=slot, household=household_with_main_person())
    with pytest.raises(DomainError, match="allerede tatt"):
        services.meeting_book(actor=alice, slot=slot, household=household_with_main_person())
    assert Meeting.objects.count() == 1


def test_the_database_refuses_two_active_meetings_in_one_slot(alice):
    slot = publish(alice)
    MeetingFactory(slot=slot, booked_by=alice)
    MeetingFactory(slot=slot, booked_by=alice, status="cancelled")  # cancelled ones do not count
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(slot=slot, booked_by=alice, status="held")


def test_a_cancelled_meeting_frees_its_slot(alice):
    slot = publish(alice)
    meeting = services.meeting_book(actor=alice, slot=slot, household=household_with_main_person())
    services.meeting_cancel(actor=alice, meeting=meeting)
    again = services.meeting_book(actor=alice, slot=slot, household=household_with_main_person())
    assert again.status == "booked"


def test_a_slot_in_the_past_cannot_be_booked(alice, later):
    slot = publish(alice)
    later(dt.timedelta(days=3))
    with pytest.raises(DomainError, match="allerede vært"):
        services.meeting_book(actor=alice, slot=slot, household=household_with_main_person())


def test_a_household_with_a_coming_meeting_cannot_book_another(alice):
    household = household_with_main_person()
    services.meeting_book(actor=alice, slot=publish(alice), household=household)
    with pytest.raises(DomainError, match="allerede et møte torsdag 3. desember"):
        services.meeting_book(actor=alice, slot=publish(alice, start=(12, 0)), household=household)


# Holding, no-show, moving, cancelling


@pytest.fixture
def meeting(alice):
    household = household_with_main_person()
    case_open(actor=alice, household=household)
    return services.meeting_book(actor=alice, slot=publish(alice), household=household)


def test_the_record_cannot_be_written_before_the_meeting(alice, meeting):
    with pytest.raises(DomainError, match="ikke begynt"):
        services.meeting_hold(actor=alice, meeting=meeting, attendees="Kari", interpreter_used=False)


def test_holding_the_meeting_records_it_and_moves_the_case_on(alice, meeting, later):
    later(dt.timedelta(days=2, hours=2, minutes=30))
    services.meeting_hold(actor=alice, meeting=meeting, attendees="Kari og en tolk", interpreter_used=True,
                          notes="Gikk gjennom budsjettet.", next_step="Ta med lønnsslipper.")
    meeting.refresh_from_db()
    meeting.case.refresh_from_db()
    assert (meeting.status, meeting.interpreter_used, meeting.case.status) == ("held", True, "conversation_held")
    assert CaseEvent.objects.filter(case=meeting.case, kind="meeting", text__contains="med tolk").exists()
    assert AuditEvent.objects.filter(action="meeting.hold", household_id=meeting.household_id).exists()
    with pytest.raises(DomainError, match="holdt"):
        services.meeting_hold(actor=alice, meeting=meeting, attendees="Kari", interpreter_used=False)


def test_the_record_says_who_came(alice, meeting, later):
    later(dt.timedelta(days=3))
    with pytest.raises(DomainError, match="hvem som kom"):
        services.meeting_hold(actor=alice, meeting=meeting, attendees="  ", interpreter_used=False)


def test_a_no_show_is_recorded_and_the_case_stays(alice, meeting, later):
    later(dt.timedelta(days=3))
    services.meeting_no_show(actor=alice, meeting=meeting)
    meeting.case.refresh_from_db()
    assert (meeting.status, meeting.case.status) == ("no_show", "meeting_booked")
    assert AuditEvent.objects.filter(action="meeting.no_show").exists()


def test_moving_a_meeting_books_the_new_slot_and_keeps_the_old_in_the_history(alice, meeting):
    new_slot = publish(alice, day=dt.date(2026, 12, 8), start=(13, 0))
    new = services.meeting_move(actor=alice, meeting=meeting, to_slot=new_slot, reason="Saksbehandler på kurs")
    meeting.refresh_from_db()
    assert (meeting.status, new.status, new.replaces, new.case) == ("moved", "booked", meeting, meeting.case)
    event = CaseEvent.objects.filter(case=meeting.case, kind="meeting").first()
    assert "flyttet fra torsdag 3. desember 2026 kl. 10.00 til tirsdag 8. desember 2026 kl. 13.00" in event.text
    assert "på kurs" in event.text
    assert AuditEvent.objects.get(action="meeting.move").household_id == meeting.household_id
    # The old slot is free again.
    services.meeting_book(actor=alice, slot=meeting.slot, household=household_with_main_person())


def test_a_meeting_cannot_be_moved_to_a_taken_slot(alice, meeting):
    taken = publish(alice, start=(12, 0))
    services.meeting_book(actor=alice, slot=taken, household=household_with_main_person())
    with pytest.raises(DomainError, match="allerede tatt"):
        services.meeting_move(actor=alice, meeting=meeting, to_slot=taken)
    meeting.refresh_from_db()
    assert meeting.status == "booked"


def test_cancelling_a_meeting_logs_it_on_the_case(alice, meeting):
    services.meeting_cancel(actor=alice, meeting=meeting, reason="Sykdom")
    assert meeting.status == "cancelled"
    assert CaseEvent.objects.filter(case=meeting.case, kind="meeting", text__contains="avlyst").exists()
    assert AuditEvent.objects.get(action="meeting.cancel").reason == "Sykdom"
    with pytest.raises(DomainError, match="Bare avtalte møter"):
        services.meeting_cancel(actor=alice, meeting=meeting)


# The case follows the meetings


def test_conversation_held_cannot_be_set_by_hand_while_a_meeting_is_still_to_come(alice, meeting):
    case = meeting.case
    case.refresh_from_db()
    with pytest.raises(DomainError, match="avtalt møte torsdag 3. desember 2026"):
        case_move(actor=alice, case=case, to_status="conversation_held", expected_version=case.version,
                  manual=True, reason="Snakket i telefonen.")
    services.meeting_cancel(actor=alice, meeting=meeting, reason="Tok det på telefon.")
    case_move(actor=alice, case=case, to_status="conversation_held", expected_version=case.version,
              manual=True, reason="Snakket i telefonen.")


def test_a_meeting_still_booked_after_the_case_moved_on_is_offered_for_cancellation(alice, meeting):
    from boligvei.meetings.selectors import meetings_passed_by_case

    case = meeting.case
    case.refresh_from_db()
    assert meetings_passed_by_case(case=case) == []  # booking moved the case to "meeting booked": not passed
    services.meeting_record(actor=alice, household=meeting.household, form="phone", starts_at=at(TODAY, 7),
                            minutes=20, attendees="Kari", interpreter_used=False)
    case.refresh_from_db()
    assert case.status == "conversation_held"
    assert meetings_passed_by_case(case=case) == [meeting]


# Meetings that were not booked


def test_a_walk_in_earlier_today_is_recorded_with_the_same_record_and_moves_the_case(alice):
    household = household_with_main_person()
    case = case_open(actor=alice, household=household)
    meeting = services.meeting_record(actor=alice, household=household, form="walk_in", starts_at=at(TODAY, 7, 15),
                                      minutes=30, attendees="Kari", interpreter_used=True, notes="Kom innom.",
                                      next_step="Kartlegging neste uke.")
    case.refresh_from_db()
    assert (meeting.status, meeting.form, meeting.case, case.status) == ("held", "walk_in", case, "conversation_held")
    assert meeting.slot.starts_at == at(TODAY, 7, 15) and meeting.slot.caseworker == alice
    assert case.events.filter(kind="status", text__contains="kom innom uten avtale").exists()
    assert CaseEvent.objects.filter(case=case, kind="meeting", text__contains="med tolk").exists()
    assert AuditEvent.objects.get(action="meeting.hold").changes["form"] == "walk_in"


def test_a_phone_call_last_year_is_recorded_and_a_household_without_a_case_gets_one(alice):
    household = household_with_main_person()
    meeting = services.meeting_record(actor=alice, household=household, form="phone",
                                      starts_at=at(dt.date(2025, 11, 29), 14), minutes=15, attendees="Kari",
                                      interpreter_used=False)
    assert meeting.slot.location == "Telefon"  # a Saturday last year: a record of what happened, not a slot
    assert Case.objects.get(household=household).status == "conversation_held"


def test_a_home_visit_takes_place_at_the_households_address(alice):
    household = household_with_main_person()
    household.address_line = "Bjørkeveien 3"
    household.save()
    meeting = services.meeting_record(actor=alice, household=household, form="home_visit", starts_at=at(TODAY, 7),
                                      minutes=60, attendees="Kari og Ola", interpreter_used=False)
    assert meeting.slot.location == "Bjørkeveien 3"


def test_a_meeting_not_yet_held_cannot_be_recorded_afterwards(alice):
    with pytest.raises(DomainError, match="ikke vært ennå"):
        services.meeting_record(actor=alice, household=household_with_main_person(), form="video",
                                starts_at=at(TODAY, 9), minutes=30, attendees="Kari", interpreter_used=False)
    assert not Meeting.objects.exists() and not MeetingSlot.objects.exists()


def test_a_recorded_meeting_needs_to_say_how_and_who_came(alice):
    household = household_with_main_person()
    with pytest.raises(DomainError, match="Velg hvordan"):
        services.meeting_record(actor=alice, household=household, form="booked", starts_at=at(TODAY, 7),
                                minutes=30, attendees="Kari", interpreter_used=False)
    with pytest.raises(DomainError, match="hvem som kom"):
        services.meeting_record(actor=alice, household=household, form="phone", starts_at=at(TODAY, 7),
                                minutes=30, attendees=" ", interpreter_used=False)


def test_a_meeting_still_booked_when_the_case_closes_is_offered_for_cancellation(alice, meeting):
    from boligvei.meetings.selectors import meetings_passed_by_case

    case = meeting.case
    case.refresh_from_db()
    case_move(actor=alice, case=case, to_status="declined", expected_version=case.version,
              reason="Husstanden vil ikke kjøpe.")
    assert meetings_passed_by_case(case=case) == [meeting]
