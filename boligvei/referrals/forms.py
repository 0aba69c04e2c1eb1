from django import forms
from django.utils.translation import gettext_lazy as _

from boligvei.cases.forms import caseworkers
from boligvei.cases.models import Channel
from boligvei.core.forms import StyledFormMixin
from boligvei.core.models import User
from boligvei.people.models import Household
from boligvei.referrals.models import PARTNER_CHANNELS, CloseReason, SubmissionStatus
from boligvei.referrals.services import MESSAGE_MAX, phone_key

# How the person heard about the programme, in their words, and the channel it is recorded as.
HEARD_ABOUT = [
    (Channel.LETTER.value, _("Brev fra kommunen")),
    (Channel.FLYER.value, _("Flygeblad eller plakat")),
    (Channel.NAV.value, _("NAV")),
    (Channel.SERVICE_CENTRE.value, _("Servicetorget")),
    (Channel.USER_ORGANISATION.value, _("En brukerorganisasjon")),
    (Channel.SELF_REFERRAL.value, _("Annet (venner, familie, nettsiden ...)")),
]


class HoneypotMixin(forms.Form):
    """A field people never see (the template hides it) and simple robots fill in."""

    website = forms.CharField(label=_("La dette feltet stå tomt"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())


def _phone_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=30,
                           widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))


def _clean_phone(value: str) -> str:
    if len(phone_key(value)) < 8:
        raise forms.ValidationError(_("Skriv et telefonnummer med åtte sifre, for eksempel 912 34 567."))
    return value


class InterestForm(StyledFormMixin, HoneypotMixin, forms.Form):
    """The public interest form: as little as we need to call the person back."""

    name = forms.CharField(label=_("Navn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = _phone_field(_("Telefon"))
    email = forms.EmailField(label=_("E-post"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             error_messages={"invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.")})
    address = forms.CharField(label=_("Adressen til boligen du leier"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                              help_text=_("Hvis du leier av kommunen. Da finner vi deg raskere."))
    channel = forms.ChoiceField(label=_("Hvordan hørte du om dette?"), choices=[("", _("Velg")), *HEARD_ABOUT])
    message = forms.CharField(label=_("Vil du si noe mer? (valgfritt)"), required=False, max_length=MESSAGE_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("For eksempel når det passer å ringe. Ikke skriv helseopplysninger eller fødselsnummer her."))
    consent = forms.BooleanField(
        label=_("Jeg samtykker til at kommunen lagrer opplysningene over og kontakter meg om leie til eie."),
        error_messages={"required": _("Vi kan bare ta imot skjemaet hvis du samtykker. Les teksten over.")})

    field_order = ["name", "phone", "email", "address", "channel", "message", "consent", "website"]

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class PartnerReferralForm(StyledFormMixin, HoneypotMixin, forms.Form):
    """A partner's referral: who refers, and whom we should call."""

    referrer_name = forms.CharField(label=_("Ditt navn"), max_length=200,
                                    widget=forms.TextInput(attrs={"autocomplete": "name"}))
    referrer_contact = forms.CharField(label=_("Din telefon eller e-post"), max_length=200,
                                       help_text=_("Så vi kan ta kontakt hvis vi lurer på noe."))
    name = forms.CharField(label=_("Kontaktperson i husstanden"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = _phone_field(_("Kontaktpersonens telefon"))
    email = forms.EmailField(label=_("Kontaktpersonens e-post"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}),
                             error_messages={"invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.")})
    address = forms.CharField(label=_("Adressen til boligen husstanden leier"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    message = forms.CharField(label=_("Kort om henvisningen"), required=False, max_length=MESSAGE_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("For eksempel tolkebehov eller når det passer å ringe. Ikke skriv helseopplysninger eller fødselsnummer."))
    tenant_agreed = forms.BooleanField(
        label=_("Leietakeren har sagt ja til at kommunen tar kontakt om leie til eie."),
        error_messages={"required": _("Vi kan bare ta imot henvisningen når leietakeren har sagt ja til å bli kontaktet.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class SubmissionFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=[*SubmissionStatus.choices, ("all", _("Alle"))])
    channel = forms.ChoiceField(label=_("Kom inn via"), required=False, choices=[("", _("Alle")), *Channel.choices])


class HouseholdSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk etter husstand"), max_length=100,
                        help_text=_("Navn, adresse eller fødselsnummer."))


class OpenCaseForm(StyledFormMixin, forms.Form):
    household = forms.ModelChoiceField(label=_("Husstand"), queryset=Household.objects.all(),
                                       empty_label=_("Velg husstand"),
                                       error_messages={"required": "Velg husstanden henvendelsen gjelder.",
                                                       "invalid_choice": "Husstanden finnes ikke lenger. Søk på nytt."})
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=User.objects.none())

    def __init__(self, *args, households: list[Household] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()
        # Only the households found are offered; any household the user may see is accepted.
        self.fields["household"].widget.choices = [("", _("Velg husstand"))] + [
            (household.pk, household_label(household)) for household in households]


def household_label(household: Household) -> str:
    tenancies = getattr(household, "current_tenancies", [])
    where = f" – {tenancies[0].dwelling.street_address}" if tenancies else (
        f" – {household.address_line}" if household.address_line else "")
    return f"{household.name}{where}"


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Hvorfor avsluttes henvendelsen?"), choices=[("", _("Velg")), *CloseReason.choices])
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Må fylles ut ved «Annet». Skriv gjerne hva personen fikk vite om andre muligheter."))


class PartnerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, help_text=_("For eksempel «NAV Fjordvik»."))
    channel = forms.ChoiceField(label=_("Kanal"), choices=[(c.value, c.label) for c in PARTNER_CHANNELS])


FLYER_LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "Engelsk")]


class FlyerForm(StyledFormMixin, forms.Form):
    contact = forms.ModelChoiceField(label=_("Kontaktperson på flygebladet"), queryset=User.objects.none(),
                                     help_text=_("Navn og telefonnummer står på flygebladet."))
    lang = forms.ChoiceField(label=_("Språk"), choices=FLYER_LANGUAGES, initial="nb")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = caseworkers()
