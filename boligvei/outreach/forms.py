from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.cases.forms import caseworkers
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.core.models import User
from boligvei.housing.models import Dwelling
from boligvei.outreach.merge import FIELDS, template_errors
from boligvei.outreach.models import LetterStatus
from boligvei.outreach.selection import HOUSEHOLD_TYPES, READINESS, TARGET_GROUP, Criteria


class CampaignForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn på utsendelsen"), max_length=200,
                           help_text=_("For eksempel «Invitasjon våren 2027». Vises bare internt."))
    contact = forms.ModelChoiceField(label=_("Kontaktperson i brevet"), queryset=User.objects.none(),
                                     help_text=_("Navn og telefon står i brevet; husstandene får sak hos denne personen."))
    letter_date = forms.DateField(label=_("Brevdato"), widget=DateInput())
    areas = forms.MultipleChoiceField(label=_("Områder"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Ingen valgt: alle områder."))
    rent_to_own_only = forms.BooleanField(label=_("Bare boliger med potensial for leie til eie"), required=False)
    household_types = forms.MultipleChoiceField(label=_("Husstandstype"), required=False, choices=HOUSEHOLD_TYPES.items(),
                                                widget=forms.CheckboxSelectMultiple, help_text=_("Ingen valgt: alle."))
    min_years = forms.IntegerField(label=_("Har leid i minst (år)"), required=False, min_value=0, max_value=50)
    readiness = forms.MultipleChoiceField(label=_("Betjeningsevne (beregnet fra registeret)"), required=False,
                                          choices=READINESS.items(), widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Ingen valgt: alle, også de som ikke kan beregnes."))
    target_group = forms.ChoiceField(label=_("Målgruppen i retningslinjene"), required=False,
                                     choices=[("", _("Alle, i og utenfor målgruppen")), *TARGET_GROUP.items()],
                                     help_text=_("Etter retningslinjene som gjelder i dag og det registeret viser."))
    quarantine_days = forms.IntegerField(label=_("Karantene etter nei (dager)"), min_value=0, max_value=3650,
                                         help_text=_("Husstander som takket nei eller ble avsluttet som «ikke aktuelt nå»"
                                                   " så nylig, får ikke brev."))
    reminder_after_days = forms.IntegerField(label=_("Foreslå påminnelse etter (dager)"), min_value=1, max_value=365)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = caseworkers()
        areas = Dwelling.objects.exclude(area="").order_by("area").values_list("area", flat=True).distinct()
        self.fields["areas"].choices = [(area, area) for area in areas]
        for name in ("areas", "household_types", "readiness"):
            self.fields[name].widget.attrs["class"] = "ds-input"
        self.fields["letter_date"].initial = timezone.localdate()
        self.fields["quarantine_days"].initial = settings.DECLINE_QUARANTINE_DAYS
        self.fields["reminder_after_days"].initial = settings.REMINDER_AFTER_DAYS

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(areas=tuple(data["areas"]), rent_to_own_only=data["rent_to_own_only"],
                        household_types=tuple(data["household_types"]), min_years=data["min_years"] or None,
                        readiness=tuple(data["readiness"]), quarantine_days=data["quarantine_days"],
                        target_group=data.get("target_group") or "")


class SentForm(StyledFormMixin, forms.Form):
    sent_on = forms.DateField(label=_("Sendt dato"), widget=DateInput())


class LetterStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s.label) for s in (LetterStatus.SENT, LetterStatus.ANSWERED,
                                                               LetterStatus.NO_ANSWER)])


class TemplateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    body = forms.CharField(label=_("Tekst"), max_length=20000, widget=forms.Textarea(attrs={"rows": 24}),
                           help_text=_("Tom linje gir nytt avsnitt. Linjer som starter med «- » blir punktliste, "
                                     "«## » gir en mellomtittel. Flettefelt skrives {{ navn }}."))
    show_qr = forms.BooleanField(label=_("Skriv ut QR-kode til kalkulatoren"), required=False)
    household = forms.IntegerField(label=_("Forhåndsvis med husstand nr."), required=False, min_value=1,
                                   help_text=_("Nummeret står på husstandens side (i adressen til siden)."))

    def clean_title(self):
        return self._merge_fields_ok(self.cleaned_data["title"])

    def clean_body(self):
        return self._merge_fields_ok(self.cleaned_data["body"])

    @staticmethod
    def _merge_fields_ok(text: str) -> str:
        errors = template_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text


MERGE_FIELDS = FIELDS
