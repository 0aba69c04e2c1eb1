"""Form plumbing: Designsystemet markup for every field, and the login form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting


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


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Feil brukernavn eller passord. Husk at passordet skiller mellom store og små bokstaver.",
        "inactive": "Denne brukeren er deaktivert. Kontakt en administrator.",
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
