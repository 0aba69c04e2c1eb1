from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext_lazy as _

from boligvei.cases.selectors import open_case_for
from boligvei.core.access import staff_required
from boligvei.core.exports import EXPORT_PARAM, export_format
from boligvei.core.views import form_page, pdf_response, run_action, run_service
from boligvei.meetings import exports, ical, notices, selectors, services
from boligvei.meetings.access import get_meeting_for_user, get_slot_for_user
from boligvei.meetings.forms import (
    BookForm, MeetingCancelForm, MeetingMoveForm, MeetingRecordForm, SlotSeriesForm, UnbookedMeetingForm,
)
from boligvei.meetings.models import MeetingStatus
from boligvei.people.access import get_household_for_user


def _overview_page(request, publish_form=None):
    everyone = request.GET.get("scope") == "all"
    caseworker = None if everyone else request.user
    upcoming = list(selectors.upcoming_meetings(caseworker=caseworker, viewer=request.user))
    to_record = list(selectors.meetings_to_record(caseworker=caseworker, viewer=request.user))
    if fmt := export_format(request):
        return exports.MEETINGS.response(request, to_record + upcoming, fmt)
    services.meetings_record_list(actor=request.user, meetings=upcoming + to_record)
    return render(request, "meetings/overview.html", {
        "everyone": everyone, "upcoming": upcoming, "to_record": to_record,
        "export": exports.MEETINGS, "export_param": EXPORT_PARAM, "query_without_page": request.GET.urlencode(),
        "free_slots": list(selectors.free_slots(caseworker=request.user)),
        "publish_form": publish_form or (SlotSeriesForm(initial={"caseworker": request.user})
                                         if request.user.can_write_register else None),
    })


@staff_required()
def overview(request):
    """Møter: the user's meetings to record and coming up, free slots, and publishing new ones."""
    return _overview_page(request)


@require_POST
@staff_required(write=True)
def slot_publish(request):
    form = SlotSeriesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        slots = run_service(form, request, lambda: services.slot_series_publish(
            actor=request.user, caseworker=data["caseworker"], day=data["day"], first_start=data["first_start"],
            last_end=data["last_end"], minutes=data["minutes"], pause=data["pause"], location=data["location"]),
            _("Møtetidene er publisert."))
        if slots:
            return redirect("meetings:overview")
    return _overview_page(request, publish_form=form)


@require_POST
@staff_required(write=True)
def slot_delete(request, pk: int):
    slot = get_slot_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.slot_delete(actor=request.user, slot=slot), _("Møtetiden er fjernet."))
    return redirect("meetings:overview")


@staff_required(write=True)
def meeting_book(request, household_pk: int):
    """Book the household into a free slot in the coming weeks, the case's caseworker's first."""
    household = get_household_for_user(request.user, household_pk, write=True)
    case = open_case_for(household_id=household.pk)
    caseworkers = list(selectors.slot_caseworkers())
    chosen = next((c for c in caseworkers if str(c.pk) == request.GET.get("saksbehandler")), None)
    if chosen is None and "saksbehandler" not in request.GET and case is not None:
        chosen = next((c for c in caseworkers if c.pk == case.caseworker_id), None)
    slots = selectors.bookable_slots(caseworker=chosen)
    form = BookForm(request.POST or None, slots=selectors.bookable_slots())
    if request.method == "POST" and form.is_valid():
        meeting = run_service(form, request, lambda: services.meeting_book(
            actor=request.user, slot=form.cleaned_data["slot"], household=household), _("Møtet er avtalt."))
        if meeting:
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    services.slots_record_view(actor=request.user, household=household)
    return render(request, "meetings/book.html", {
        "household": household, "case": case, "slots": list(slots), "form": form,
        "caseworkers": caseworkers, "chosen": chosen,
        "next_meeting": selectors.next_meeting_for(household_id=household.pk),
    })


@staff_required(write=True)
def meeting_record(request, household_pk: int):
    """Record a meeting that was not booked (a walk-in, a call, a home visit) after it happened."""
    household = get_household_for_user(request.user, household_pk, write=True)
    case = open_case_for(household_id=household.pk)
    now = timezone.localtime()
    form = UnbookedMeetingForm(request.POST or None, initial={
        "caseworker": case.caseworker if case else request.user, "day": now.date(), "start": now.strftime("%H:%M")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = run_service(form, request, lambda: services.meeting_record(
            actor=request.user, household=household, form=data["form"], starts_at=form.starts_at(),
            minutes=data["minutes"], location=data["location"], caseworker=data["caseworker"], **form.record()),
            _("Møtet er registrert."))
        if meeting:
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return form_page(request, form, title=_("Registrer møte med %(household)s") % {"household": household}, household=household,
                     submit_label=_("Registrer møtet"),
                     intro=_("For et møte som ikke var booket: husstanden kom innom, dere snakket i telefonen eller på "
                           "video, eller du var på hjemmebesøk. Saken går videre til «Samtale holdt»."),
                     cancel_url=reverse("cases:case_detail", args=[case.pk]) if case
                     else reverse("people:household_detail", args=[household.pk]))


def _meeting_page(request, meeting, **forms):
    services.meeting_record_view(actor=request.user, meeting=meeting)
    booked, started = meeting.is_booked, meeting.slot.starts_at <= timezone.now()
    kind = notices.notice_kind(meeting)
    free = selectors.bookable_slots()
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "slot": meeting.slot, "household": meeting.household,
        "history": selectors.meeting_history(meeting=meeting),
        "replaced_by": getattr(meeting, "replaced_by", None) if meeting.status == MeetingStatus.MOVED else None,
        "notice_kind": kind,
        "sms": notices.sms_text(meeting) if kind else "",
        "language": notices.household_language(meeting),
        "started": started,
        "record_form": forms.get("record_form") or (MeetingRecordForm() if booked and started else None),
        "move_form": forms.get("move_form") or (MeetingMoveForm(slots=free) if booked and free.exists() else None),
        "cancel_form": forms.get("cancel_form") or (MeetingCancelForm() if booked else None),
    })


def _meeting_action(request, meeting, form, form_name: str, action, success: str):
    """A form posted from the meeting page: run the service and show the (possibly new)
    meeting, or the meeting page again with the form's errors (nothing saved)."""
    if form.is_valid():
        result = run_service(form, request, lambda: action(form.cleaned_data), success)
        if result:
            return redirect("meetings:meeting_detail", pk=result.pk)
    meeting.refresh_from_db()
    return _meeting_page(request, meeting, **{form_name: form})


@staff_required()
def meeting_detail(request, pk: int):
    return _meeting_page(request, get_meeting_for_user(request.user, pk))


@require_POST
@staff_required(write=True)
def meeting_hold(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _meeting_action(request, meeting, MeetingRecordForm(request.POST), "record_form",
                           lambda data: services.meeting_hold(actor=request.user, meeting=meeting, **data),
                           _("Møtereferatet er lagret."))


@require_POST
@staff_required(write=True)
def meeting_no_show(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.meeting_no_show(actor=request.user, meeting=meeting),
               _("Registrert at husstanden ikke møtte."))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@require_POST
@staff_required(write=True)
def meeting_move(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingMoveForm(request.POST, slots=selectors.bookable_slots())
    return _meeting_action(request, meeting, form, "move_form", lambda data: services.meeting_move(
        actor=request.user, meeting=meeting, to_slot=data["slot"], reason=data["reason"]),
        _("Møtet er flyttet. Gi husstanden beskjed med teksten eller brevet under."))


@require_POST
@staff_required(write=True)
def meeting_cancel(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _meeting_action(request, meeting, MeetingCancelForm(request.POST), "cancel_form",
                           lambda data: services.meeting_cancel(actor=request.user, meeting=meeting,
                                                                reason=data["reason"]),
                           _("Møtet er avlyst. Gi husstanden beskjed med teksten eller brevet under."))


@staff_required()
def meeting_letter(request, pk: int):
    """The letter to the household about the booking, move or cancellation, as PDF/A."""
    meeting = get_meeting_for_user(request.user, pk)
    kind = notices.notice_kind(meeting)
    if not kind:
        raise Http404(_("Dette møtet har ikke noe brev."))
    lang = request.GET.get("sprak")
    lang = lang if lang in notices.LANGUAGES else notices.household_language(meeting)
    document = notices.meeting_letter_pdf(meeting, lang=lang)
    services.meeting_record_print(actor=request.user, meeting=meeting, kind=kind, lang=lang)
    return pdf_response(document, f"mote-{meeting.pk}-{kind}-{lang}.pdf")


def _ics_response(request, meetings, filename: str, name: str) -> HttpResponse:
    services.meetings_record_calendar(actor=request.user, meetings=meetings)
    body = ical.meetings_ics(meetings, name=name, url_of=lambda m: request.build_absolute_uri(
        reverse("meetings:meeting_detail", args=[m.pk])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required()
def meeting_ics(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return _ics_response(request, [meeting], f"mote-{meeting.pk}.ics", "Møte")


@staff_required()
def my_calendar(request):
    """The user's booked meetings (a month back and onwards) for their calendar program."""
    meetings = list(selectors.calendar_meetings(caseworker=request.user))
    return _ics_response(request, meetings, "mine-moter.ics", _("Mine møter i Boligvei"))
