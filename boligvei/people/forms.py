"""Forms for households and persons, with identity numbers checked by both check-digit rules."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.forms import DateInput, ServiceFormMixin, StyledFormMixin, VersionedFormMixin
from boligvei.core.models import Team, User
from boligvei.core.roles import ALL_TEAMS
from boligvei.lib import identity
from boligvei.people.access import household_scope_reason
from boligvei.people.grants import MAX_DAYS, grantable_users
from boligvei.people.models import ConsentMethod, ConsentPurpose, Household, Language, Person
from boligvei.people.selectors import WITHOUT_TEAM, person_by_identity_number


class IdentityNumberField(forms.CharField):
    """Fødselsnummer or D-nummer; cleans to an IdentityNumber (or None when left empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Fødselsnummer eller D-nummer"))
        kwargs.setdefault("help_text", _("11 siffer. Mellomrom er lov."))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return identity.parse(value, allow_synthetic=settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS)
        except identity.InvalidIdentityNumber as exc:
            raise forms.ValidationError(str(exc), code="invalid_identity_number") from exc


class PersonForm(StyledFormMixin, ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    identity_number = IdentityNumberField(required=False)

    class Meta:
        model = Person
        fields = [
            "first_name", "last_name", "relation", "birth_date", "sex", "phone", "email",
            "preferred_language", "other_language", "needs_interpreter", "interpreter_language",
            *Person.INCOME_FIELDS,
        ]
        widgets = {"birth_date": DateInput()}
        help_texts = {field: "Brutto per år (kr)." for field in Person.INCOME_FIELDS}

    def __init__(self, *args, user: User, with_relation: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not with_relation:
            del self.fields["relation"]
        if self.instance.pk and self.instance.identity_number_encrypted:
            self.fields["identity_number"].help_text = (
                _("Registrert: %(number)s. La feltet stå tomt for å beholde det.") % {"number": self.instance.identity_number_masked})

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."))
        if born.year < 1900:
            raise forms.ValidationError(_("Sjekk fødselsdatoen: året er før 1900."))
        return born

    def clean_identity_number(self):
        """A duplicate the user may see is named here; one in a household outside the user's
        scope is not (it does not exist for them): the service routes it (people.services)."""
        number = self.cleaned_data["identity_number"]
        if number is not None:
            existing = person_by_identity_number(number.value)
            if (existing is not None and existing.pk != self.instance.pk
                    and household_scope_reason(self.user, existing.household) is not None):
                raise forms.ValidationError(_("En person med dette fødselsnummeret er allerede registrert."))
        return number

    def clean(self):
        data = super().clean()
        number = data.get("identity_number")
        birth_date = data.get("birth_date")
        if number is not None and birth_date and not number.matches_birth_date(birth_date):
            self.add_error("birth_date", _("Fødselsdatoen stemmer ikke med fødselsnummeret."))
        if data.get("preferred_language") == Language.OTHER and not data.get("other_language"):
            self.add_error("other_language", _("Skriv hvilket språk husstanden foretrekker."))
        if data.get("needs_interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Skriv hvilket språk tolken skal ha."))
        return data


class HouseholdForm(StyledFormMixin, ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    """A household's address and economy. Registering one, a user who works across teams
    (programme leader, administrator) chooses its team; anyone else's goes to their own."""

    class Meta:
        model = Household
        fields = ["address_line", "postal_code", "postal_place", "savings", "debt_consumer",
                  "debt_student_loan", "debt_other", "debt_payments_monthly"]

    def __init__(self, *args, choose_team_for: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_team_for is not None and choose_team_for.role in ALL_TEAMS and Team.objects.exists():
            self.fields["team"] = TeamChoiceField(initial=choose_team_for.team_id)

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise forms.ValidationError(_("Postnummer har fire siffer."))
        return code


class TeamChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Team")
        kwargs.setdefault("help_text", _("Teamet som følger husstanden. Bare teamets saksbehandlere ser den."))
        super().__init__(queryset=Team.objects.order_by("name"), empty_label=_("Velg team"), **kwargs)


class HouseholdPlaceForm(StyledFormMixin, forms.Form):
    team = TeamChoiceField()
    reason = forms.CharField(label=_("Begrunnelse"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For eksempel hvorfor husstanden hører til dette teamet. Lagres i revisjonsloggen."))


class HouseholdFilterForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Skriftspråk"), required=False,
                                 choices=[("", _("Alle"))] + list(Language.choices))
    tenancy = forms.ChoiceField(label=_("Leieforhold"), required=False, choices=[
        ("", _("Alle")), ("active", _("Bor i kommunal bolig")), ("none", _("Uten aktivt leieforhold"))])
    interpreter = forms.BooleanField(label=_("Trenger tolk"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Alle")), (WITHOUT_TEAM, _("Uten team (må plasseres)")),
                                       *((str(team.pk), team.name) for team in Team.objects.order_by("name"))]


class _ConsentDateMixin:
    """The day something was agreed or withdrawn: not in the future; today means now."""

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."))
        return day

    def moment(self) -> dt.datetime:
        day = self.cleaned_data["on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ConsentForm(_ConsentDateMixin, StyledFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Hva samtykker husstanden til?"), choices=ConsentPurpose.choices)
    recipient = forms.CharField(
        label=_("Deles med"), required=False, max_length=200,
        help_text=_("Bare for deling: hvilken bank eller hvilket NAV-kontor. Husbanken og NAV fylles ut av seg selv."))
    person = forms.ModelChoiceField(label=_("Hvem ga samtykket?"), queryset=Person.objects.none(), required=False,
                                    empty_label=_("Husstanden (ikke registrert hvem)"))
    method = forms.ChoiceField(label=_("Hvordan ble samtykket gitt?"), choices=ConsentMethod.choices)
    on = forms.DateField(label=_("Dato"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Merknad"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For eksempel hvor det signerte skjemaet er arkivert."))

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.members.order_by("birth_date")


class ConsentWithdrawForm(_ConsentDateMixin, StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Dato trukket tilbake"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Merknad"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For eksempel hvordan husstanden trakk samtykket tilbake."))


class AccessGrantForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Bruker"), queryset=User.objects.none(),
                                  help_text=_("Saksbehandlere og fullmaktshavere utenfor husstandens team."))
    reason = forms.CharField(label=_("Begrunnelse"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Hvorfor brukeren trenger tilgang. Begrunnelsen logges hver gang husstanden åpnes."))
    days = forms.IntegerField(label=_("Antall dager"), min_value=1, max_value=MAX_DAYS, initial=14)

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = grantable_users(household)
