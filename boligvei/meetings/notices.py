"""What the household is told when a meeting is booked, moved or cancelled: a short SMS-ready
text to copy into the municipality's SMS service, and a letter (PDF/A) to post.

Both are in the household's written language (the main person's: bokmål, nynorsk or English;
anything else gets bokmål). They say when, where and whom to call, and never carry an identity
number or the reason a caseworker wrote for a move or cancellation (that may be internal).
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from boligvei.core.letters import Letter, letters_pdf
from boligvei.housing.selectors import postal_address
from boligvei.meetings.models import Meeting, MeetingStatus
from boligvei.meetings.workdays import when_text

LANGUAGES = ("nb", "nn", "en")
BOOKED, MOVED, CANCELLED = "booked", "moved", "cancelled"

SMS = {
    "nb": {
        BOOKED: "Hei! Du har et møte med {office} {when}, {location}. Passer det ikke? Ring oss på {phone}. "
                "Vennlig hilsen {first_name}, {municipality}",
        MOVED: "Hei! Vi har flyttet møtet ditt med {office} til {when}, {location}. Passer ikke det nye "
               "tidspunktet? Ring oss på {phone}. Vennlig hilsen {first_name}, {municipality}",
        CANCELLED: "Hei! Møtet ditt med {office} {when} er dessverre avlyst. Vi tar kontakt for å finne en ny "
                   "tid, eller du kan ringe oss på {phone}. Vennlig hilsen {first_name}, {municipality}",
    },
    "nn": {
        BOOKED: "Hei! Du har eit møte med {office} {when}, {location}. Passar det ikkje? Ring oss på {phone}. "
                "Vennleg helsing {first_name}, {municipality}",
        MOVED: "Hei! Vi har flytta møtet ditt med {office} til {when}, {location}. Passar ikkje det nye "
               "tidspunktet? Ring oss på {phone}. Vennleg helsing {first_name}, {municipality}",
        CANCELLED: "Hei! Møtet ditt med {office} {when} er dessverre avlyst. Vi tek kontakt for å finne ei ny "
                   "tid, eller du kan ringje oss på {phone}. Vennleg helsing {first_name}, {municipality}",
    },
    "en": {
        BOOKED: "Hello! You have a meeting with {office} on {when}, {location}. If the time does not suit you, "
                "call us on {phone}. Kind regards, {first_name}, {municipality}",
        MOVED: "Hello! We have moved your meeting with {office} to {when}, {location}. If the new time does not "
               "suit you, call us on {phone}. Kind regards, {first_name}, {municipality}",
        CANCELLED: "Hello! Unfortunately, your meeting with {office} on {when} is cancelled. We will contact you "
                   "to find a new time, or you can call us on {phone}. Kind regards, {first_name}, {municipality}",
    },
}

TITLES = {
    "nb": {BOOKED: "Invitasjon til samtale om leie til eie", MOVED: "Nytt tidspunkt for møtet ditt",
           CANCELLED: "Møtet ditt er avlyst"},
    "nn": {BOOKED: "Invitasjon til samtale om leige til eige", MOVED: "Nytt tidspunkt for møtet ditt",
           CANCELLED: "Møtet ditt er avlyst"},
    "en": {BOOKED: "Invitation to a conversation about rent to own", MOVED: "A new time for your meeting",
           CANCELLED: "Your meeting is cancelled"},
}

MEETING_FACTS = {
    "nb": "- Når: {when}\n- Hvor: {location}\n- Du møter: {caseworker}",
    "nn": "- Når: {when}\n- Kvar: {location}\n- Du møter: {caseworker}",
    "en": "- When: {when}\n- Where: {location}\n- You will meet: {caseworker}",
}

BODIES = {
    "nb": {
        BOOKED: "Vi vil gjerne snakke med deg om muligheten til å kjøpe en egen bolig, og har satt av tid "
                "til et møte.\n\n{facts}\n\nTa gjerne med lønnsslipper og den siste skattemeldingen. Passer ikke "
                "tidspunktet, eller trenger du tolk? Ring oss på {phone}, så finner vi en tid som passer.",
        MOVED: "Vi har dessverre måttet flytte møtet ditt med oss. Det gamle tidspunktet, {old_when}, gjelder "
               "ikke lenger.\n\n## Nytt tidspunkt\n{facts}\n\nPasser ikke det nye tidspunktet, eller trenger du "
               "tolk? Ring oss på {phone}, så finner vi en tid som passer.",
        CANCELLED: "Møtet ditt med oss {when} er dessverre avlyst.\n\nVi tar kontakt med deg for å avtale en "
                   "ny tid. Du kan også ringe oss på {phone}.",
    },
    "nn": {
        BOOKED: "Vi vil gjerne snakke med deg om moglegheita til å kjøpe ein eigen bustad, og har sett av tid "
                "til eit møte.\n\n{facts}\n\nTa gjerne med lønnsslippar og den siste skattemeldinga. Passar ikkje "
                "tidspunktet, eller treng du tolk? Ring oss på {phone}, så finn vi ei tid som passar.",
        MOVED: "Vi har dessverre måtta flytte møtet ditt med oss. Det gamle tidspunktet, {old_when}, gjeld "
               "ikkje lenger.\n\n## Nytt tidspunkt\n{facts}\n\nPassar ikkje det nye tidspunktet, eller treng du "
               "tolk? Ring oss på {phone}, så finn vi ei tid som passar.",
        CANCELLED: "Møtet ditt med oss {when} er dessverre avlyst.\n\nVi tek kontakt med deg for å avtale ei "
                   "ny tid. Du kan også ringje oss på {phone}.",
    },
    "en": {
        BOOKED: "We would like to talk with you about the possibility of buying a home of your own, and have set "
                "aside time for a meeting.\n\n{facts}\n\nPlease bring your payslips and your latest tax return. "
                "If the time does not suit you, or you need an interpreter, call us on {phone} and we will find "
                "a time that suits you.",
        MOVED: "Unfortunately, we have had to move your meeting with us. The old time, {old_when}, no longer "
               "applies.\n\n## New time\n{facts}\n\nIf the new time does not suit you, or you need an interpreter, "
               "call us on {phone} and we will find a time that suits you.",
        CANCELLED: "Unfortunately, your meeting with us on {when} is cancelled.\n\nWe will contact you to agree "
                   "on a new time. You can also call us on {phone}.",
    },
}

CASEWORKER_TITLE = {"nb": "Saksbehandler", "nn": "Sakshandsamar", "en": "Caseworker"}


def notice_kind(meeting: Meeting) -> str:
    """What the household must be told about this meeting now: that it was booked, moved (this
    meeting replaces another) or cancelled; "" for meetings held, missed or moved away."""
    if meeting.status == MeetingStatus.CANCELLED:
        return CANCELLED
    if meeting.status == MeetingStatus.BOOKED:
        return MOVED if meeting.replaces_id else BOOKED
    return ""


def household_language(meeting: Meeting) -> str:
    main = meeting.household.main_person
    return main.preferred_language if main and main.preferred_language in LANGUAGES else "nb"


def _values(meeting: Meeting, lang: str) -> dict:
    slot = meeting.slot
    caseworker = slot.caseworker
    return {
        "office": settings.HOUSING_OFFICE_NAME,
        "municipality": settings.MUNICIPALITY_NAME,
        "phone": caseworker.phone or settings.HOUSING_OFFICE_PHONE,
        "first_name": caseworker.first_name or str(caseworker),
        "caseworker": str(caseworker),
        "when": when_text(slot.starts_at, lang),
        "location": slot.location,
        "old_when": when_text(meeting.replaces.slot.starts_at, lang) if meeting.replaces_id else "",
    }


def sms_text(meeting: Meeting, *, lang: str | None = None, kind: str | None = None) -> str:
    """The text to send by SMS about the meeting ("" if there is nothing to tell)."""
    kind = kind or notice_kind(meeting)
    if not kind:
        return ""
    lang = lang if lang in LANGUAGES else household_language(meeting)
    return SMS[lang][kind].format(**_values(meeting, lang))


def recipient_lines(meeting: Meeting) -> list[str]:
    """The address block, as on every letter (`housing.selectors.postal_address`); the
    household's name alone where the register has no address a letter can reach."""
    household = meeting.household
    main = household.main_person
    return (postal_address(household, household.active_tenancy, main) if main else None) or [household.name]


def meeting_letter(meeting: Meeting, *, lang: str | None = None, kind: str | None = None,
                   today: dt.date | None = None) -> Letter:
    kind = kind or notice_kind(meeting)
    if not kind:
        raise ValueError("This meeting has nothing to tell the household by letter.")
    lang = lang if lang in LANGUAGES else household_language(meeting)
    values = _values(meeting, lang)
    values["when"] = when_text(meeting.slot.starts_at, lang, end=meeting.slot.ends_at)
    facts = MEETING_FACTS[lang].format(**values)
    return Letter(
        lang=lang, recipient=recipient_lines(meeting), title=TITLES[lang][kind],
        body=BODIES[lang][kind].format(facts=facts, **values),
        reference=f"Sak {meeting.case_id}" if meeting.case_id else f"Møte {meeting.pk}",
        date=today or timezone.localdate(),
        signature=[values["caseworker"], CASEWORKER_TITLE[lang], settings.HOUSING_OFFICE_NAME],
    )


def meeting_letter_pdf(meeting: Meeting, *, lang: str | None = None) -> bytes:
    letter = meeting_letter(meeting, lang=lang)
    return letters_pdf([letter])
