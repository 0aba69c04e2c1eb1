"""The administrator's form for a new API key."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.api.scopes import SCOPES
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.core.models import Team

ALL_TEAMS = "all"


class ApiTokenForm(StyledFormMixin, forms.Form):
    system = forms.CharField(label=_("System"), max_length=100,
                             help_text=_("Navnet på systemet som skal bruke nøkkelen, f.eks. «Boligforvaltning» "
                                         "eller «Rapportering». Det står i revisjonsloggen ved alt systemet gjør."))
    scopes = forms.MultipleChoiceField(label=_("Tilganger"), choices=list(SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Gi bare det systemet trenger."))
    team_scope = forms.ChoiceField(label=_("Husstander"),
                                   help_text=_("Hvilke husstander systemet ser: alle team, eller ett teams husstander "
                                               "slik en saksbehandler i teamet ser dem."))
    expires_on = forms.DateField(label=_("Gjelder til og med"), widget=DateInput(),
                                 help_text=_("Høyst to år fram i tid."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_scope"].choices = [(ALL_TEAMS, _("Alle team")),
                                             *[(str(team.pk), team.name) for team in Team.objects.order_by("name")]]
        self.fields["scopes"].widget.attrs.pop("class", None)
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=365))

    def clean_system(self):
        system = self.cleaned_data["system"].strip()
        if "\x00" in system:
            raise forms.ValidationError(_("Navnet kan ikke inneholde kontrolltegn."))
        return system

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day > timezone.localdate() + dt.timedelta(days=2 * 365 - 1):
            raise forms.ValidationError(_("En API-nøkkel kan gjelde i høyst to år. Lag en ny når den går ut."))
        return day

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        team = None if data["team_scope"] == ALL_TEAMS else Team.objects.get(pk=int(data["team_scope"]))
        end = dt.datetime.combine(data["expires_on"] + dt.timedelta(days=1), dt.time.min)
        return {"system": data["system"], "scopes": data["scopes"], "all_teams": team is None, "team": team,
                "expires_at": timezone.make_aware(end)}
