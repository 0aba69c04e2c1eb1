"""Form plumbing: Designsystemet markup for every field, and the login and two-factor forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from boligvei.core.mfa import RECOVERY_CODE, TOTP_CODE, normalized_code
from boligvei.core.models import User


class FormRenderer(TemplatesSetting):
    """Every `{{ field.as_field_group }}` renders as a Designsystemet field (label, help, error)."""

    field_template_name = "core/forms/field.html"
    form_template_name = "core/forms/form.html"


class StyledFormMixin:
    """Adds Designsystemet's classes to widgets so templates stay free of per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class ServiceFormMixin:
    """A ModelForm whose cleaned fields go to a service rather than to `save()`."""

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class VersionedFormMixin:
    """An edit form that carries the version of the row it showed (a hidden field), so that the
    service can refuse a save made from a stale page (`core.services.version_claim`). A form for
    a new row has no version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                                        initial=self.instance.version)

    def clean(self):
        data = super().clean()
        if "version" in self.fields and data.get("version") is None:
            self.add_error(None, _("Skjemaet mangler versjonsnummer, så vi kan ikke se om noen andre har endret "
                                   "det samme. Åpne siden på nytt og lagre igjen."))
        return data

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Feil brukernavn eller passord. Husk at passordet skiller mellom store og små bokstaver."),
        "inactive": _("Denne brukeren er deaktivert. Kontakt en administrator."),
    }

    def clean_username(self):
        # Django sets the field's max_length for the browser only; a longer name would reach the
        # login-failure log (django-axes), whose column is 255 characters on PostgreSQL.
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TwoFactorCodeForm(StyledFormMixin, forms.Form):
    """A code from the authenticator app, or (after the password) one of the recovery codes."""

    code = forms.CharField(label=_("Kode"), max_length=20, error_messages={
        "required": _("Skriv inn koden fra autentiseringsappen.")})

    def __init__(self, *args, recovery_codes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_codes = recovery_codes
        attrs = self.fields["code"].widget.attrs
        attrs.update({"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"})
        if recovery_codes:
            self.fields["code"].help_text = _("Seks sifre fra autentiseringsappen. Har du ikke telefonen, "
                                              "skriv en av reservekodene dine (åtte tegn).")
        else:
            self.fields["code"].help_text = _("De seks sifrene appen viser nå.")
            attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = normalized_code(self.cleaned_data["code"])
        if TOTP_CODE.fullmatch(code) or (self.recovery_codes and RECOVERY_CODE.fullmatch(code)):
            return code
        if self.recovery_codes:
            raise forms.ValidationError(_("Skriv de seks sifrene fra appen, eller en reservekode på åtte tegn."))
        raise forms.ValidationError(_("Koden har seks sifre, slik appen viser den."))


class TwoFactorResetForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Bruker"), queryset=None, empty_label=_("Velg bruker"))
    reason = forms.CharField(label=_("Begrunnelse"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For eksempel: mistet telefonen, ny telefon. "
                                         "Begrunnelsen lagres i revisjonsloggen."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True)
        self.fields["user"].queryset = users.order_by("first_name", "last_name", "username")


class StaffUserForm(StyledFormMixin, forms.ModelForm):
    """Name, e-mail, role and team of a staff user (the username only when the user is new)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "team"]
        labels = {"username": _("Brukernavn"), "first_name": _("Fornavn"), "last_name": _("Etternavn"),
                  "email": _("E-post"), "role": _("Rolle"), "team": _("Team")}
        help_texts = {"username": _("Det brukeren logger inn med. Kan ikke endres senere."),
                      "email": _("Hit sendes lenken der brukeren velger passord, når kommunen har satt opp e-post."),
                      "team": _("Saksbehandlere og fullmaktshavere ser husstandene i sitt eget team.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        if self.instance.pk:
            del self.fields["username"]

    def validate_unique(self):
        # The service says it in Norwegian, case-insensitively; Django's unique check would not.
        pass


class DeactivateUserForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Hvorfor deaktiveres brukeren?"), max_length=500,
                             help_text=_("For eksempel «Sluttet 30.11.» Vises i revisjonsloggen."))


class FirstLoginPasswordForm(StyledFormMixin, SetPasswordForm):
    """The password a new user chooses through the first-login link (Django's validators)."""


class UserTwoFactorResetForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Hvorfor nullstilles tofaktorinnloggingen?"), max_length=500,
                             help_text=_("For eksempel: mistet telefonen, ny telefon. Lagres i revisjonsloggen."))


class LanguagePreferenceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("Språk på sidene")}
