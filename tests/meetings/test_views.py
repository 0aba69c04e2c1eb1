import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from boligvei.cases.services import case_open
from boligvei.core.models import AuditEvent
from boligvei.meetings import services
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.core.models import Team
from boligvei.core.roles import Role
from tests.conftest import _client_for, log_in, make_user
from tests.meetings.factories import at
from tests.people.factories import household_with_main_person

THURSDAY = dt.date(2026, 12, 3)


def publish(actor, hour=10, day=THURSDAY):
    return services.slot_publish(actor=actor, starts_at=at(day, hour), ends_at=at(day, hour, 45),
                                 location="Rådhusgata 1")


@pytest.fixture
def household(alice):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann")
    case_open(actor=alice, household=household)
    return household


@pytest.fixture
def meeting(alice, household):
    return services.meeting_book(actor=alice, slot=publish(alice), household=household)


# The overview


def test_the_overview_shows_my_meetings_and_free_slots(alice_client, alice, meeting):
    publish(alice, hour=13)
    response = alice_client.get(reverse("meetings:overview"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nordmann, Kari" in content and "torsdag 3. desember 2026 kl. 13.00–13.45" in content
    assert "Publiser møtetider" in content
    audit = AuditEvent.objects.get(action="meeting.list")
    assert audit.changes == {"households": [meeting.household_id]}


def test_a_programme_leader_sees_the_overview_but_cannot_publish(bob_client, meeting):
    response = bob_client.get(reverse("meetings:overview") + "?scope=all")
    assert response.status_code == 200
    assert "Nordmann, Kari" in response.content.decode()
    assert "Publiser møtetider" not in response.content.decode()
    assert bob_client.post(reverse("meetings:slot_publish")).status_code == 403


def test_the_statistics_role_sees_no_meetings(charlie_client, meeting):
    for url in (reverse("meetings:overview"), reverse("meetings:meeting_detail", args=[meeting.pk]),
                reverse("meetings:meeting_ics", args=[meeting.pk]), reverse("meetings:my_calendar"),
                reverse("meetings:meeting_letter", args=[meeting.pk])):
        assert charlie_client.get(url).status_code == 403, url


def test_a_caseworker_publishes_a_series(alice_client, alice):
    response = alice_client.post(reverse("meetings:slot_publish"), {
        "caseworker": alice.pk, "day": "2026-12-03", "first_start": "09:00", "last_end": "15:00", "minutes": 45,
        "pause": 15, "location": "Rådhusgata 1"})
    assert response.status_code == 302
    assert MeetingSlot.objects.filter(caseworker=alice).count() == 6


def test_a_refused_series_shows_why_and_saves_nothing(alice_client, alice):
    response = alice_client.post(reverse("meetings:slot_publish"), {
        "caseworker": alice.pk, "day": "2026-12-25", "first_start": "09:00", "last_end": "15:00", "minutes": 45,
        "pause": 0, "location": "Rådhusgata 1"})
    assert response.status_code == 200
    assert "Første juledag" in response.content.decode()
    assert not MeetingSlot.objects.exists()



def test_a_caseworker_takes_back_a_free_slot_of_her_own_team(alice_client, alice, team):
    colleague = make_user("dina", Role.CASEWORKER, team)
    slot = publish(colleague)
    response = alice_client.post(reverse("meetings:slot_delete", args=[slot.pk]))
    assert response.status_code == 302
    assert not MeetingSlot.objects.filter(pk=slot.pk).exists()
    assert AuditEvent.objects.filter(action="meeting.slot.delete", object_id=str(slot.pk)).exists()


def test_a_free_slot_of_another_team_cannot_be_deleted_and_the_refusal_writes_nothing(alice_client):
    other = make_user("erik", Role.CASEWORKER, Team.objects.create(name="Bydel Nord"))
    slot = publish(other)
    rows_before = AuditEvent.objects.count()
    response = alice_client.post(reverse("meetings:slot_delete", args=[slot.pk]))
    assert response.status_code == 403
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()
    assert AuditEvent.objects.count() == rows_before


def test_an_administrator_may_delete_a_free_slot_of_any_team(db):
    administrator = make_user("frida", Role.ADMINISTRATOR, Team.objects.create(name="Stab"))
    slot = publish(make_user("erik", Role.CASEWORKER, Team.objects.create(name="Bydel Nord")))
    response = _client_for(administrator).post(reverse("meetings:slot_delete", args=[slot.pk]))
    assert response.status_code == 302
    assert not MeetingSlot.objects.filter(pk=slot.pk).exists()

# Booking


def test_the_case_page_offers_to_book_a_meeting(alice_client, household):
    case = household.cases.get()
    content = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("meetings:meeting_book", args=[household.pk]) in content


def test_the_case_page_shows_the_next_meeting(alice_client, meeting):
    content = alice_client.get(reverse("cases:case_detail", args=[meeting.case_id])).content.decode()
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in content
    assert "Neste møte: " in content


def test_booking_from_the_list_of_free_slots(alice_client, alice, household):
    slot = publish(alice)
    url = reverse("meetings:meeting_book", args=[household.pk])
    page = alice_client.get(url)
    assert page.status_code == 200 and "torsdag 3. desember 2026 kl. 10.00–10.45" in page.content.decode()
    assert AuditEvent.objects.filter(action="meeting.slots.view", household_id=household.pk).exists()
    response = alice_client.post(url, {"slot": slot.pk})
    meeting = Meeting.objects.get()
    assert response.url == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert household.cases.get().status == "meeting_booked"


def test_booking_a_taken_slot_says_so(alice_client, alice, meeting):
    other = household_with_main_person()
    response = alice_client.post(reverse("meetings:meeting_book", args=[other.pk]), {"slot": meeting.slot_id})
    assert response.status_code == 200
    assert "ikke ledig lenger" in response.content.decode()


def test_a_programme_leader_cannot_book(bob_client, alice, household):
    slot = publish(alice)
    url = reverse("meetings:meeting_book", args=[household.pk])
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, {"slot": slot.pk}).status_code == 403
    assert not Meeting.objects.exists()


# The meeting page


def test_the_meeting_page_is_audited_and_offers_the_actions(alice_client, alice, meeting):
    publish(alice, hour=13)  # somewhere to move it to
    content = alice_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Flytt møtet" in content and "Avlys møtet" in content
    assert "Hei! Du har et møte med Boligkontoret" in content  # the booking's SMS text
    assert AuditEvent.objects.filter(action="meeting.view", household_id=meeting.household_id).exists()


def test_without_free_slots_the_page_says_where_to_publish_them(alice_client, meeting):
    content = alice_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Ingen ledige tider å flytte møtet til" in content


def test_a_programme_leader_sees_the_meeting_without_forms(bob_client, meeting):
    response = bob_client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Avlys møtet" not in response.content.decode()
    for name in ("meeting_cancel", "meeting_move", "meeting_hold", "meeting_no_show"):
        assert bob_client.post(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "booked"


def test_moving_shows_the_text_for_the_household(alice_client, alice, meeting):
    slot = publish(alice, hour=13, day=dt.date(2026, 12, 8))
    response = alice_client.post(reverse("meetings:meeting_move", args=[meeting.pk]),
                                 {"slot": slot.pk, "reason": ""}, follow=True)
    new = Meeting.objects.get(status="booked")
    assert response.redirect_chain[-1][0] == reverse("meetings:meeting_detail", args=[new.pk])
    content = response.content.decode()
    assert "Vi har flyttet møtet ditt med Boligkontoret til tirsdag 8. desember 2026 kl. 13.00" in content
    assert reverse("meetings:meeting_letter", args=[new.pk]) in content


def test_cancelling_shows_the_text_for_the_household(alice_client, meeting):
    response = alice_client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), {"reason": "Syk"},
                                 follow=True)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert "er dessverre avlyst" in response.content.decode()


def test_the_record_is_written_once_the_meeting_has_begun(alice_client, alice, meeting, later):
    url = reverse("meetings:meeting_hold", args=[meeting.pk])
    data = {"attendees": "Kari", "interpreter_used": "on", "notes": "", "next_step": "Kartlegging"}
    response = alice_client.post(url, data)
    assert response.status_code == 200 and "ikke begynt" in response.content.decode()
    later(dt.timedelta(days=2, hours=2))
    log_in(alice_client, alice)  # the session from two days ago has expired
    assert alice_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    meeting.case.refresh_from_db()
    assert (meeting.status, meeting.interpreter_used, meeting.case.status) == ("held", True, "conversation_held")


def test_a_no_show_is_recorded(alice_client, alice, meeting, later):
    later(dt.timedelta(days=3))
    log_in(alice_client, alice)  # the session from three days ago has expired
    alice_client.post(reverse("meetings:meeting_no_show", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "no_show"


# Letter and calendar


def test_the_letter_downloads_as_a_pdf_and_is_audited_as_a_print(alice_client, meeting):
    services.meeting_cancel(actor=meeting.booked_by, meeting=meeting)
    response = alice_client.get(reverse("meetings:meeting_letter", args=[meeting.pk]) + "?sprak=en")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    audit = AuditEvent.objects.get(action="meeting.print")
    assert (audit.household_id, audit.changes) == (meeting.household_id, {"letter": "cancelled", "language": "en"})


def test_a_programme_leader_may_print_the_letter(bob_client, meeting):
    assert bob_client.get(reverse("meetings:meeting_letter", args=[meeting.pk])).status_code == 200


def test_one_meeting_as_ics(alice_client, meeting):
    response = alice_client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]) == f"http://testserver/moter/{meeting.pk}/"
    assert b"Nordmann" not in response.content
    assert AuditEvent.objects.filter(action="meeting.calendar").exists()


def test_my_meetings_as_ics_has_only_my_meetings(alice_client, alice, team, meeting):
    from tests.conftest import make_user

    dora = make_user("dora", "caseworker", team)
    services.meeting_book(actor=alice, slot=publish(dora), household=household_with_main_person())
    response = alice_client.get(reverse("meetings:my_calendar"))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"meeting-{meeting.pk}@boligvei-3999"]


def test_the_overview_and_booking_page_cost_the_same_queries_however_many_meetings(alice_client, alice, meeting):
    from tests.conftest import count_queries

    overview, booking = reverse("meetings:overview"), reverse("meetings:meeting_book", args=[meeting.household_id])
    before = count_queries(alice_client, overview), count_queries(alice_client, booking)
    for hour in (12, 13, 14):
        services.meeting_book(actor=alice, slot=publish(alice, hour=hour), household=household_with_main_person())
        publish(alice, hour=hour, day=dt.date(2026, 12, 4))
    assert (count_queries(alice_client, overview), count_queries(alice_client, booking)) == before


# Meetings that were not booked, and booked ones the case has passed


def test_a_phone_call_is_recorded_afterwards_from_the_case_page(alice_client, alice, household):
    case = household.cases.get()
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    url = reverse("meetings:meeting_record", args=[household.pk])
    assert url in page
    assert "Hvordan møttes dere?" in alice_client.get(url).content.decode()
    response = alice_client.post(url, {"form": "phone", "caseworker": alice.pk, "day": "01.12.2026", "start": "07:30",
                                       "minutes": "20", "attendees": "Kari", "notes": "Ringte om startlån."})
    meeting = Meeting.objects.get(household=household)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:meeting_detail", args=[meeting.pk])
    case.refresh_from_db()
    assert (meeting.form, meeting.notes, case.status) == ("phone", "Ringte om startlån.", "conversation_held")
    detail = alice_client.get(response["Location"]).content.decode()
    assert "<dt>Møteform</dt><dd>Telefon</dd>" in detail and "Registrert av" in detail


def test_a_meeting_recorded_in_the_future_is_refused_and_the_notes_are_kept(alice_client, alice, household):
    response = alice_client.post(reverse("meetings:meeting_record", args=[household.pk]), {
        "form": "video", "caseworker": alice.pk, "day": "02.12.2026", "start": "10:00", "minutes": "30",
        "attendees": "Kari", "notes": "Viktige notater"})
    page = response.content.decode()
    assert response.status_code == 200 and "ikke vært ennå" in page and "Viktige notater" in page
    assert not Meeting.objects.exists()


def test_a_programme_leader_cannot_record_a_meeting(bob_client, household):
    assert bob_client.get(reverse("meetings:meeting_record", args=[household.pk])).status_code == 403


def test_the_case_page_offers_to_cancel_a_meeting_the_case_has_passed(alice_client, alice, meeting):
    services.meeting_record(actor=alice, household=meeting.household, form="walk_in", starts_at=at(THURSDAY, 7) -
                            dt.timedelta(days=2), minutes=30, attendees="Kari", interpreter_used=False)
    page = alice_client.get(reverse("cases:case_detail", args=[meeting.case_id])).content.decode()
    assert "Saken har gått videre siden dette møtet ble avtalt" in page
    cancel = reverse("meetings:meeting_cancel", args=[meeting.pk])
    assert cancel in page
    alice_client.post(cancel, {"reason": "Saken har gått videre til «Samtale holdt»."})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    page = alice_client.get(reverse("cases:case_detail", args=[meeting.case_id])).content.decode()
    assert "Saken har gått videre siden" not in page


def test_a_meeting_dated_in_year_one_is_refused_with_a_message(alice_client, alice, household):
    response = alice_client.post(reverse("meetings:meeting_record", args=[household.pk]), {
        "form": "phone", "caseworker": alice.pk, "day": "01.01.0001", "start": "00:00", "minutes": "30",
        "attendees": "Kari"})
    assert response.status_code == 200 and "for langt tilbake" in response.content.decode()
    assert not Meeting.objects.exists()
