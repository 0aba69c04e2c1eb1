import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _

from boligvei.cases.forms import caseworkers
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.meetings.models import MeetingForm, MeetingSlot
from boligvei.meetings.workdays import when_text


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot: MeetingSlot) -> str:
        return f"{when_text(slot.starts_at, get_language(), end=slot.ends_at)} · {slot.caseworker} · {slot.location}"


class SlotSeriesForm(StyledFormMixin, forms.Form):
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=caseworkers())
    day = forms.DateField(label=_("Dato"), widget=DateInput)
    first_start = forms.TimeField(label=_("Første møte starter"), widget=TimeInput, initial="09:00")
    last_end = forms.TimeField(label=_("Siste møte slutter senest"), widget=TimeInput, initial="15:00")
    minutes = forms.TypedChoiceField(label=_("Hvert møte varer"), coerce=int, initial=45,
                                     choices=[(30, _("30 minutter")), (45, _("45 minutter")), (60, _("1 time")),
                                              (90, _("1,5 timer"))])
    pause = forms.TypedChoiceField(label=_("Pause mellom møtene"), coerce=int, initial=15,
                                   choices=[(0, _("Ingen pause")), (15, _("15 minutter")), (30, _("30 minutter"))])
    location = forms.CharField(label=_("Sted"), max_length=200, initial=settings.HOUSING_OFFICE_ADDRESS,
                               help_text=_("Adressen og gjerne rommet, slik husstanden finner fram."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()


class BookForm(forms.Form):
    slot = forms.ModelChoiceField(queryset=MeetingSlot.objects.none(),
                                  error_messages={"invalid_choice": "Tidspunktet er ikke ledig lenger. Velg et annet."})

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class MeetingRecordForm(StyledFormMixin, forms.Form):
    attendees = forms.CharField(label=_("Hvem kom"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("For eksempel: begge voksne i husstanden og en tolk."))
    interpreter_used = forms.BooleanField(label=_("Tolk var med"), required=False)
    notes = forms.CharField(label=_("Notater fra samtalen"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}))
    next_step = forms.CharField(label=_("Neste steg"), required=False, max_length=1000,
                                widget=forms.Textarea(attrs={"rows": 2}))


EARLIEST_RECORD = dt.date(2000, 1, 1)  # before any rent-to-own programme; guards against typing slips


class UnbookedMeetingForm(MeetingRecordForm):
    """A meeting that happened without a booking: how and when, then the same record as a
    booked meeting."""

    form = forms.ChoiceField(label=_("Hvordan møttes dere?"), widget=forms.RadioSelect,
                             choices=[c for c in MeetingForm.choices if c[0] != MeetingForm.BOOKED])
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=caseworkers())
    day = forms.DateField(label=_("Dato"), widget=DateInput)
    start = forms.TimeField(label=_("Klokkeslett"), widget=TimeInput)
    minutes = forms.IntegerField(label=_("Varighet (minutter)"), min_value=1, max_value=240, initial=30)
    location = forms.CharField(label=_("Sted"), max_length=200, required=False,
                               help_text=_("Tomt: kontoret, «Telefon» eller «Video», eller husstandens adresse "
                                         "ved hjemmebesøk."))
    field_order = ["form", "caseworker", "day", "start", "minutes", "location"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < EARLIEST_RECORD:
            raise forms.ValidationError(_("Datoen er for langt tilbake. Skriv en dato etter %(date)s.") % {
                "date": f"{EARLIEST_RECORD:%d.%m.%Y}"})
        return day

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"]))

    def record(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("attendees", "interpreter_used", "notes", "next_step")}


class MeetingMoveForm(StyledFormMixin, forms.Form):
    slot = SlotChoiceField(label=_("Nytt tidspunkt"), queryset=MeetingSlot.objects.none(),
                           error_messages={"invalid_choice": "Tidspunktet er ikke ledig lenger. Velg et annet."})
    reason = forms.CharField(label=_("Hvorfor flyttes møtet?"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Står i saken. Husstanden får ikke se begrunnelsen."))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class MeetingCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Hvorfor avlyses møtet?"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Står i saken. Husstanden får ikke se begrunnelsen."))
