from django import forms

from boligvei.cases import pipeline
from boligvei.cases.pipeline import Status
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.core.models import User
from boligvei.core.roles import WRITE


class CaseOpenForm(StyledFormMixin, forms.Form):
    caseworker = forms.ModelChoiceField(label="Saksbehandler", queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = User.objects.filter(is_active=True, role__in=WRITE).order_by(
            "first_name", "last_name")


class CaseMoveForm(StyledFormMixin, forms.Form):
    to_status = forms.ChoiceField(label="Ny status")
    reason = forms.CharField(label="Begrunnelse", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Må fylles ut når saken avsluttes eller går et steg tilbake.")
    invite_again_on = forms.DateField(label="Inviter igjen", required=False, widget=DateInput(),
                                      help_text="Når saken avsluttes uten kjøp: når husstanden kan inviteres på nytt.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, s.label) for s in pipeline.allowed_moves(case.status)]
        self.fields["version"].initial = case.version


class CaseNoteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="Notat", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CaseReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Hvorfor gjenåpnes saken?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseFilterForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(label="Saker", required=False,
                              choices=[("mine", "Mine saker"), ("all", "Alle saker")])
    state = forms.ChoiceField(label="Åpne eller avsluttede", required=False,
                              choices=[("open", "Åpne"), ("closed", "Avsluttede"), ("all", "Alle")])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle"), *Status.choices])
