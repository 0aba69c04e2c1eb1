"""Changing meetings: publishing slots, booking a household into one, holding, moving, cancelling.

Caseworkers publish the times they can meet (one slot or a series over a day); the office is
closed at weekends and on public holidays, and a caseworker cannot be in two meetings at once.
Booking a household into a free slot puts the meeting on its case and moves the case forward to
"meeting booked" (opening a case if the household has none); holding it moves the case on to
"conversation held". A meeting that was not booked (a walk-in, a call, a home visit) is recorded
afterwards with the same record, and moves the case the same way. Every change writes an audit row in the same transaction, and every change
to a meeting a case event on the case's timeline.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _

from boligvei.cases import services as case_services
from boligvei.cases.models import Channel, EventKind
from boligvei.cases.pipeline import Status
from boligvei.cases.selectors import open_case_for
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.meetings.workdays import holiday_name, is_weekend, when_text
from boligvei.meetings.models import TAKES_SLOT, Meeting, MeetingForm, MeetingSlot, MeetingStatus
from boligvei.people.models import Household

MAX_MEETING = dt.timedelta(hours=4)


def _day_check(day: dt.date) -> None:
    name = holiday_name(day)
    if name:
        raise DomainError(_("%(day)s er en helligdag (%(name)s). Kontoret har stengt, velg en annen dag.") % {
            "day": f"{day:%d.%m.%Y}", "name": name})
    if is_weekend(day):
        raise DomainError(_("Kontoret har stengt i helgene. Velg en hverdag."))


def _slot_check(*, caseworker: User, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """The rules every new slot must keep: a working day, in the future, not overlapping."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Meeting times must be timezone-aware.")
    if ends_at <= starts_at:
        raise DomainError(_("Møtet må slutte etter at det starter."))
    if ends_at - starts_at > MAX_MEETING:
        raise DomainError(_("Et møte kan vare i høyst fire timer."))
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if local_start.date() != local_end.date():
        raise DomainError(_("Et møte må starte og slutte samme dag."))
    if starts_at <= timezone.now():
        raise DomainError(_("Tidspunktet har allerede vært. Velg et tidspunkt fram i tid."))
    _day_check(local_start.date())
    clash = (MeetingSlot.objects.filter(caseworker=caseworker, starts_at__lt=ends_at, ends_at__gt=starts_at)
             .order_by("starts_at").first())
    if clash:
        raise DomainError(_("%(caseworker)s har allerede en møtetid %(when)s som overlapper. Velg et annet "
                            "tidspunkt.") % {"caseworker": caseworker,
                                             "when": when_text(clash.starts_at, get_language(), end=clash.ends_at)})


def _lock_caseworker(caseworker: User) -> None:
    # Two publishes for the same caseworker at once wait for each other (PostgreSQL), so the
    # overlap check sees the other's slots.
    User.objects.select_for_update().filter(pk=caseworker.pk).first()


def _check_caseworker(caseworker: User) -> None:
    if not caseworker.can_write_register:
        raise DomainError(_("Møtetider kan bare publiseres for saksbehandlere som kan endre registeret."))


@transaction.atomic
def slot_publish(*, actor: User, starts_at: dt.datetime, ends_at: dt.datetime, location: str,
                 caseworker: User | None = None) -> MeetingSlot:
    """Publish one time a caseworker (default: the actor) can meet a household."""
    caseworker = caseworker or actor
    _check_caseworker(caseworker)
    _lock_caseworker(caseworker)
    _slot_check(caseworker=caseworker, starts_at=starts_at, ends_at=ends_at)
    slot = MeetingSlot(caseworker=caseworker, starts_at=starts_at, ends_at=ends_at, location=location.strip())
    slot.full_clean()
    slot.save()
    audit_record(actor=actor, action="meeting.slot.publish", obj=slot,
                 changes={"caseworker": caseworker.username, "slots": [starts_at.isoformat()]})
    return slot


def series_times(*, day: dt.date, first_start: dt.time, last_end: dt.time, minutes: int,
                 pause: int = 0) -> list[tuple[dt.datetime, dt.datetime]]:
    """The meetings that fit between the first start and the last end, one after the other
    with a pause between them, in local time."""
    if minutes <= 0 or pause < 0:
        raise DomainError(_("Møtelengden må være minst ett minutt."))
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, first_start), tz)
    end_of_day = timezone.make_aware(dt.datetime.combine(day, last_end), tz)
    times = []
    while start + dt.timedelta(minutes=minutes) <= end_of_day:
        times.append((start, start + dt.timedelta(minutes=minutes)))
        start += dt.timedelta(minutes=minutes + pause)
    return times


@transaction.atomic
def slot_series_publish(*, actor: User, day: dt.date, first_start: dt.time, last_end: dt.time, minutes: int,
                        location: str, pause: int = 0, caseworker: User | None = None) -> list[MeetingSlot]:
    """Publish a day of meetings (say 09:00 to 15:00, 45 minutes each). All or nothing: if one
    of them breaks a rule, none is published and the message says which."""
    caseworker = caseworker or actor
    _check_caseworker(caseworker)
    _day_check(day)
    if last_end <= first_start:
        raise DomainError(_("Siste møte må slutte etter at første møte starter."))
    times = series_times(day=day, first_start=first_start, last_end=last_end, minutes=minutes, pause=pause)
    if not times:
        raise DomainError(_("Det er ikke plass til et møte på %(minutes)s minutter mellom %(start)s og %(end)s.") % {
            "minutes": minutes, "start": f"{first_start:%H.%M}", "end": f"{last_end:%H.%M}"})
    _lock_caseworker(caseworker)
    slots = []
    for starts_at, ends_at in times:
        _slot_check(caseworker=caseworker, starts_at=starts_at, ends_at=ends_at)
        slot = MeetingSlot(caseworker=caseworker, starts_at=starts_at, ends_at=ends_at, location=location.strip())
        slot.full_clean()
        slot.save()
        slots.append(slot)
    audit_record(actor=actor, action="meeting.slot.publish", obj=slots[0],
                 changes={"caseworker": caseworker.username, "slots": [s.starts_at.isoformat() for s in slots]})
    return slots


@transaction.atomic
def slot_delete(*, actor: User, slot: MeetingSlot) -> None:
    """Take back a slot no household has been booked into."""
    if slot.meetings.exists():
        raise DomainError(_("Tidspunktet har vært brukt til et møte og blir stående i historikken. "
                          "Avlys eller flytt møtet i stedet."))
    audit_record(actor=actor, action="meeting.slot.delete", obj=slot,
                 changes={"caseworker": slot.caseworker.username, "starts_at": slot.starts_at.isoformat()})
    slot.delete()


def _lock_free_slot(slot: MeetingSlot) -> MeetingSlot:
    slot = MeetingSlot.objects.select_for_update().select_related("caseworker").get(pk=slot.pk)
    if slot.starts_at <= timezone.now():
        raise DomainError(_("Tidspunktet har allerede vært. Velg et tidspunkt fram i tid."))
    if Meeting.objects.filter(slot=slot, status__in=TAKES_SLOT).exists():
        raise DomainError(_("Tidspunktet er allerede tatt. Velg et annet."))
    return slot


def _save_meeting(meeting: Meeting) -> None:
    meeting.full_clean(validate_constraints=False)  # the database has the last word on double booking
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:  # booked by someone else at the same moment
        raise DomainError(_("Tidspunktet ble tatt av noen andre akkurat nå. Velg et annet.")) from exc


def _slot_text(slot: MeetingSlot) -> str:
    return f"{when_text(slot.starts_at, end=slot.ends_at)}, {slot.location} ({slot.caseworker})"


@transaction.atomic
def meeting_book(*, actor: User, slot: MeetingSlot, household: Household) -> Meeting:
    """Book the household into a free slot. The meeting goes on the household's open case,
    which moves forward to "meeting booked"; a household without an open case gets one."""
    slot = _lock_free_slot(slot)
    other = (Meeting.objects.filter(household=household, status=MeetingStatus.BOOKED,
                                    slot__starts_at__gt=timezone.now()).select_related("slot").first())
    if other:
        raise DomainError(_("Husstanden har allerede et møte %(when)s. Flytt det møtet i stedet for å avtale "
                            "et nytt.") % {"when": when_text(other.slot.starts_at, get_language())})
    case = open_case_for(household_id=household.pk)
    if case is None:
        case = case_services.case_open(actor=actor, household=household, caseworker=slot.caseworker,
                                       status=Status.MEETING_BOOKED)
    else:
        case_services.case_progress(actor=actor, case=case, event="meeting_booked",
                                    cause=f"Møte avtalt {when_text(slot.starts_at)}.")
    meeting = Meeting(slot=slot, household=household, case=case, booked_by=actor, status=MeetingStatus.BOOKED,
                      status_changed_at=timezone.now())
    _save_meeting(meeting)
    case_services.case_log(actor=actor, case=case, kind=EventKind.MEETING, text=f"Møte avtalt {_slot_text(slot)}.")
    audit_record(actor=actor, action="meeting.book", obj=meeting, household_id=household.pk,
                 changes={"starts_at": slot.starts_at.isoformat(), "caseworker": slot.caseworker.username,
                          "case": case.pk})
    return meeting


def _require_booked(meeting: Meeting, what: str) -> None:
    if meeting.status != MeetingStatus.BOOKED:
        raise DomainError(_("Møtet er %(status)s. Bare avtalte møter kan %(what)s.") % {
            "status": meeting.get_status_display().lower(), "what": what})


def _require_started(meeting: Meeting) -> None:
    if meeting.slot.starts_at > timezone.now():
        raise DomainError(_("Møtet har ikke begynt ennå. Registrer det når tidspunktet er kommet."))


def _log(actor: User, meeting: Meeting, text: str) -> None:
    if meeting.case_id:
        case_services.case_log(actor=actor, case=meeting.case, kind=EventKind.MEETING, text=text)


def _record(*, actor: User, meeting: Meeting, attendees: str, interpreter_used: bool, notes: str,
            next_step: str) -> Meeting:
    """The meeting record, the same for a booked meeting and one recorded afterwards: the case
    moves on to "conversation held" where it has not got further already."""
    if not attendees.strip():
        raise DomainError(_("Skriv hvem som kom på møtet."))
    meeting.status, meeting.status_changed_at = MeetingStatus.HELD, timezone.now()
    meeting.attendees, meeting.interpreter_used = attendees.strip(), interpreter_used
    meeting.notes, meeting.next_step = notes.strip(), next_step.strip()
    _save_meeting(meeting)
    how = "" if meeting.form == MeetingForm.BOOKED else f" ({meeting.get_form_display().lower()})"
    when = when_text(meeting.slot.starts_at)
    if meeting.case_id:
        case_services.case_progress(actor=actor, case=meeting.case, event="meeting_held",
                                    cause=f"Samtale holdt {when}{how}.")
    text = f"Møte holdt {when}{how}{', med tolk' if interpreter_used else ''}."
    _log(actor, meeting, text + (f" Neste steg: {meeting.next_step}" if meeting.next_step else ""))
    audit_record(actor=actor, action="meeting.hold", obj=meeting, household_id=meeting.household_id,
                 changes={"attendees": meeting.attendees, "interpreter_used": interpreter_used,
                          "next_step": meeting.next_step, "form": meeting.form})
    return meeting


@transaction.atomic
def meeting_hold(*, actor: User, meeting: Meeting, attendees: str, interpreter_used: bool, notes: str = "",
                 next_step: str = "") -> Meeting:
    """Write the record of a booked meeting (who came, interpreter, notes, next step)."""
    _require_booked(meeting, _("få referat"))
    _require_started(meeting)
    return _record(actor=actor, meeting=meeting, attendees=attendees, interpreter_used=interpreter_used,
                   notes=notes, next_step=next_step)


UNBOOKED_LOCATION = {MeetingForm.PHONE: "Telefon", MeetingForm.VIDEO: "Video"}


@transaction.atomic
def meeting_record(*, actor: User, household: Household, form: str, starts_at: dt.datetime, minutes: int,
                   attendees: str, interpreter_used: bool, notes: str = "", next_step: str = "",
                   location: str = "", caseworker: User | None = None) -> Meeting:
    """Record a meeting that was not booked (a walk-in, a phone call, a video call, a home
    visit) after it happened, at any past time: the same record as a booked meeting, on the
    household's open case (a household without one gets a case)."""
    caseworker = caseworker or actor
    _check_caseworker(caseworker)
    if form not in MeetingForm.values or form == MeetingForm.BOOKED:
        raise DomainError(_("Velg hvordan dere møttes: innom uten avtale, telefon, video eller hjemmebesøk."))
    if timezone.is_naive(starts_at):
        raise ValueError("Meeting times must be timezone-aware.")
    if starts_at > timezone.now():
        raise DomainError(_("Møtet har ikke vært ennå. Et møte fram i tid bookes i en ledig møtetid."))
    if not 0 < minutes <= MAX_MEETING.total_seconds() // 60:
        raise DomainError(_("Et møte kan vare fra ett minutt til fire timer."))
    location = location.strip() or UNBOOKED_LOCATION.get(form) or (
        household.address_line if form == MeetingForm.HOME_VISIT and household.address_line
        else settings.HOUSING_OFFICE_ADDRESS)
    # A slot in the past that records when and where; a record of what happened, so it is not
    # refused for overlapping a published slot.
    slot = MeetingSlot(caseworker=caseworker, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes),
                       location=location)
    slot.full_clean()
    slot.save()
    case = open_case_for(household_id=household.pk)
    if case is None:
        case = case_services.case_open(actor=actor, household=household, caseworker=caseworker,
                                       channel=Channel.SELF_REFERRAL if form == MeetingForm.WALK_IN else Channel.LETTER)
    meeting = Meeting(slot=slot, household=household, case=case, booked_by=actor, form=form,
                      status=MeetingStatus.HELD, status_changed_at=timezone.now())
    return _record(actor=actor, meeting=meeting, attendees=attendees, interpreter_used=interpreter_used,
                   notes=notes, next_step=next_step)


@transaction.atomic
def meeting_no_show(*, actor: User, meeting: Meeting) -> Meeting:
    """The household did not come. The case stays where it is; the caseworker follows up."""
    _require_booked(meeting, _("registreres som ikke møtt"))
    _require_started(meeting)
    meeting.status, meeting.status_changed_at = MeetingStatus.NO_SHOW, timezone.now()
    meeting.save()
    _log(actor, meeting, f"Husstanden møtte ikke til møtet {when_text(meeting.slot.starts_at)}.")
    audit_record(actor=actor, action="meeting.no_show", obj=meeting, household_id=meeting.household_id)
    return meeting


@transaction.atomic
def meeting_move(*, actor: User, meeting: Meeting, to_slot: MeetingSlot, reason: str = "") -> Meeting:
    """Move a booked meeting to another free slot. The old meeting stays in the history as
    moved and points to the new one, which is returned."""
    _require_booked(meeting, _("flyttes"))
    if to_slot.pk == meeting.slot_id:
        raise DomainError(_("Møtet er allerede på dette tidspunktet. Velg et annet."))
    to_slot = _lock_free_slot(to_slot)
    now = timezone.now()
    old_slot = meeting.slot
    meeting.status, meeting.status_changed_at, meeting.reason = MeetingStatus.MOVED, now, reason.strip()
    meeting.save()
    new = Meeting(slot=to_slot, household=meeting.household, case=meeting.case, booked_by=actor,
                  status=MeetingStatus.BOOKED, status_changed_at=now, replaces=meeting)
    _save_meeting(new)
    text = f"Møte flyttet fra {when_text(old_slot.starts_at)} til {_slot_text(to_slot)}."
    _log(actor, new, text + (f" Begrunnelse: {meeting.reason}" if meeting.reason else ""))
    audit_record(actor=actor, action="meeting.move", obj=new, household_id=new.household_id,
                 changes={"starts_at": {"old": old_slot.starts_at.isoformat(), "new": to_slot.starts_at.isoformat()},
                          "replaces": meeting.pk}, reason=meeting.reason)
    return new


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a booked meeting; its slot is free again. The case stays where it is."""
    _require_booked(meeting, _("avlyses"))
    meeting.status, meeting.status_changed_at, meeting.reason = MeetingStatus.CANCELLED, timezone.now(), reason.strip()
    meeting.save()
    text = f"Møtet {when_text(meeting.slot.starts_at)} er avlyst."
    _log(actor, meeting, text + (f" Begrunnelse: {meeting.reason}" if meeting.reason else ""))
    audit_record(actor=actor, action="meeting.cancel", obj=meeting, household_id=meeting.household_id,
                 changes={"starts_at": meeting.slot.starts_at.isoformat()}, reason=meeting.reason)
    return meeting


def meeting_record_view(*, actor: User, meeting: Meeting) -> None:
    audit_record(actor=actor, action="meeting.view", obj=meeting, household_id=meeting.household_id)


def meetings_record_list(*, actor: User, meetings) -> None:
    audit_record(actor=actor, action="meeting.list",
                 changes={"households": sorted({m.household_id for m in meetings})})


def meeting_record_print(*, actor: User, meeting: Meeting, kind: str, lang: str) -> None:
    audit_record(actor=actor, action="meeting.print", obj=meeting, household_id=meeting.household_id,
                 changes={"letter": kind, "language": lang})


def meetings_record_calendar(*, actor: User, meetings) -> None:
    audit_record(actor=actor, action="meeting.calendar",
                 changes={"meetings": [m.pk for m in meetings],
                          "households": sorted({m.household_id for m in meetings})})


def slots_record_view(*, actor: User, household: Household) -> None:
    audit_record(actor=actor, action="meeting.slots.view", obj=household, household_id=household.pk)

