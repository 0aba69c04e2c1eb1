import datetime as dt
import io

import pytest
from pypdf import PdfReader

from boligvei.cases.services import case_open
from boligvei.meetings import notices, services
from tests.housing.factories import TenancyFactory
from tests.meetings.factories import at
from tests.people.factories import household_with_main_person


def slot(actor, day=dt.date(2026, 12, 3), hour=10):
    return services.slot_publish(actor=actor, starts_at=at(day, hour), ends_at=at(day, hour, 45),
                                 location="Rådhusgata 1")


@pytest.fixture
def booked(alice):
    def make(lang="nb"):
        household = household_with_main_person(first_name="Kari", last_name="Nordmann", preferred_language=lang)
        TenancyFactory(household=household, dwelling__street_address="Granliveien 4", dwelling__postal_code="3715",
                       dwelling__postal_place="Fjordvik")
        case_open(actor=alice, household=household)
        return services.meeting_book(actor=alice, slot=slot(alice), household=household)
    return make


def moved(alice, meeting):
    return services.meeting_move(actor=alice, meeting=meeting, to_slot=slot(alice, dt.date(2026, 12, 8), 13))


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", "Hei! Vi har flyttet møtet ditt med Boligkontoret til tirsdag 8. desember 2026 kl. 13.00, Rådhusgata 1."),
    ("nn", "Hei! Vi har flytta møtet ditt med Boligkontoret til tysdag 8. desember 2026 kl. 13.00, Rådhusgata 1."),
    ("en", "Hello! We have moved your meeting with Boligkontoret to Tuesday 8 December 2026 at 13:00, Rådhusgata 1."),
])
def test_the_sms_about_a_move_is_in_the_households_language(alice, booked, lang, expected):
    new = moved(alice, booked(lang))
    text = notices.sms_text(new)
    assert text.startswith(expected)
    assert len(text) < 300
    assert "Nordmann" not in text  # nothing that identifies the household, should the phone be shared


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", "Møtet ditt med Boligkontoret torsdag 3. desember 2026 kl. 10.00 er dessverre avlyst."),
    ("nn", "Møtet ditt med Boligkontoret torsdag 3. desember 2026 kl. 10.00 er dessverre avlyst. Vi tek kontakt"),
    ("en", "your meeting with Boligkontoret on Thursday 3 December 2026 at 10:00 is cancelled."),
])
def test_the_sms_about_a_cancellation_is_in_the_households_language(alice, booked, lang, expected):
    meeting = services.meeting_cancel(actor=alice, meeting=booked(lang), reason="Saksbehandler syk")
    text = notices.sms_text(meeting)
    assert expected in text and len(text) < 300
    assert "syk" not in text  # the internal reason stays internal


def test_another_language_falls_back_to_bokmal(alice, booked):
    meeting = booked("other")
    assert notices.household_language(meeting) == "nb"
    assert notices.sms_text(meeting).startswith("Hei! Du har et møte med Boligkontoret torsdag")


def test_held_and_moved_away_meetings_have_nothing_to_tell(alice, booked):
    meeting = booked()
    moved(alice, meeting)
    meeting.refresh_from_db()
    assert notices.notice_kind(meeting) == "" and notices.sms_text(meeting) == ""


def _pdf_text(document: bytes) -> str:
    """The letter's text with line breaks as spaces (Typst wraps lines where it likes)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages).split())


def test_the_letter_about_a_move_is_a_pdf_to_the_households_address(alice, booked):
    new = moved(alice, booked("nb"))
    document = notices.meeting_letter_pdf(new)
    assert document.startswith(b"%PDF")
    text = _pdf_text(document)
    for expected in ("Kari Nordmann", "Granliveien 4", "3715 Fjordvik", "Nytt tidspunkt for møtet ditt",
                     "tirsdag 8. desember 2026 kl. 13.00–13.45", "torsdag 3. desember 2026", f"Sak {new.case_id}",
                     "Alice Testesen"):
        assert expected in text, expected


def test_the_letter_about_a_cancellation_in_nynorsk(alice, booked):
    meeting = services.meeting_cancel(actor=alice, meeting=booked("nn"))
    text = _pdf_text(notices.meeting_letter_pdf(meeting))
    assert "Møtet ditt er avlyst" in text and "Vi tek kontakt" in text and "Vennleg helsing" in text


def test_a_household_without_a_municipal_dwelling_gets_the_letter_at_its_postal_address(alice):
    household = household_with_main_person(first_name="Ali", last_name="Omar")
    household.address_line, household.postal_code, household.postal_place = "Storgata 9", "3716", "Fjordvik"
    household.save()
    meeting = services.meeting_book(actor=alice, slot=slot(alice), household=household)
    assert notices.recipient_lines(meeting) == ["Ali Omar", "Storgata 9", "3716 Fjordvik"]
