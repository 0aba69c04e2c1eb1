"""The report filter: period, the date the figures are as of, and which cases to include."""

import datetime as dt
from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.cases.models import Channel
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.reports.selectors import ReportFilter, programme_start

EARLIEST = dt.date(2000, 1, 1)


class ReportFilterForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("Fra"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Til"), required=False, widget=DateInput())
    as_of = forms.DateField(label=_("Tall per"), required=False, widget=DateInput(),
                            help_text=_("Tallene slik de var registrert ved slutten av denne dagen."))
    area = forms.ChoiceField(label=_("Område"), required=False)
    channel = forms.ChoiceField(label=_("Kom inn via"), required=False,
                                choices=[("", "Alle"), *Channel.choices])
    caseworker = forms.TypedChoiceField(label=_("Saksbehandler"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, choices: dict, with_caseworkers: bool):
        super().__init__(data)
        self.programme_start = choices.get("programme_start")
        self.fields["area"].choices = [("", "Alle"), *[(area, area) for area in choices["areas"]]]
        if with_caseworkers:
            self.fields["caseworker"].choices = [("", "Alle"), *[(user.pk, str(user)) for user in choices["caseworkers"]]]
        else:
            del self.fields["caseworker"]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("start", "end", "as_of"):
            day = data.get(name)
            if day and day > today:
                self.add_error(name, _("Datoen kan ikke være fram i tid."))
            elif day and day < EARLIEST:
                self.add_error(name, f"Datoen kan ikke være før {EARLIEST:%d.%m.%Y}.")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("«Til» kan ikke være før «Fra»."))
        return data

    @cached_property
    def first_year(self) -> int:
        """The year the programme started: where the default period and the yearly reports begin."""
        return (self.programme_start or programme_start()).year

    def report_filter(self) -> ReportFilter:
        """The filter asked for; where a field is empty or wrong, the default (the whole
        programme, as of today)."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        as_of = data.get("as_of") or today
        end = data.get("end") or as_of
        start = data.get("start") or dt.date(self.first_year, 1, 1)
        return ReportFilter(start=start, end=end, as_of=as_of, area=data.get("area") or "",
                            channel=data.get("channel") or "", caseworker_id=data.get("caseworker"))
