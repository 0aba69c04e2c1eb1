from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.cases import guideline_citations, letter_defaults, mapping, pipeline
from boligvei.cases.letters import template_errors
from boligvei.cases.models import Channel, DecisionKind, DecisionOutcome, FurtherHelp, PaymentTrouble
from boligvei.cases.pipeline import Status
from boligvei.core.forms import DateInput, StyledFormMixin
from boligvei.core.models import User
from boligvei.core.roles import WRITE
from boligvei.housing.forms import dwelling_choice_label
from boligvei.housing.models import ContractType
from boligvei.housing.selectors import vacant_dwellings
from boligvei.people import consent


def caseworkers():
    return User.objects.filter(is_active=True, role__in=WRITE).order_by("first_name", "last_name")


class CaseAssignForm(StyledFormMixin, forms.Form):
    caseworker = forms.ModelChoiceField(label="Ny saksbehandler", queryset=User.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()


class CaseOpenForm(StyledFormMixin, forms.Form):
    caseworker = forms.ModelChoiceField(label="Saksbehandler", queryset=User.objects.none())
    channel = forms.ChoiceField(label="Kom inn via", choices=Channel.choices, initial=Channel.LETTER)
    referred_by = forms.CharField(label="Henvist av", required=False, max_length=200,
                                  help_text="Navn og instans, når noen andre henviste husstanden.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()


class CaseMoveForm(StyledFormMixin, forms.Form):
    to_status = forms.ChoiceField(label="Ny status")
    reason = forms.CharField(label="Begrunnelse", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Skriv hvorfor du endrer statusen for hånd."},
                             help_text="Saken flyttes av seg selv når arbeidet registreres (møtereferat, "
                                       "kartlegging, vurdering, innstilling, vedtak, kjøp). Skriv hvorfor du "
                                       "flytter den for hånd.")
    invite_again_on = forms.DateField(label="Inviter igjen", required=False, widget=DateInput(),
                                      help_text="Når saken avsluttes uten kjøp: når husstanden kan inviteres på nytt.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # A purchase is recorded with its outcome; a move that needs consent says so in its label.
        self.fields["to_status"].choices = [
            (s.value, " – ".join(filter(None, [s.label, consent.requirement_text(case.household_id,
                                                                                 f"case.status.{s}")])))
            for s in pipeline.allowed_moves(case.status) if s != Status.PURCHASED]
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


class PurchaseForm(StyledFormMixin, forms.Form):
    bought_rented_dwelling = forms.TypedChoiceField(
        label="Hvilken bolig kjøpte husstanden?", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "Boligen den leide av kommunen"), ("no", "En annen bolig")])
    address = forms.CharField(label="Adressen til den nye boligen", required=False, max_length=200,
                              help_text="Når husstanden kjøpte en annen bolig.")
    postal_code = forms.RegexField(label="Postnummer", required=False, regex=r"^\d{4}$", max_length=4,
                                   error_messages={"invalid": "Postnummeret har fire siffer."})
    postal_place = forms.CharField(label="Poststed", required=False, max_length=100)
    completed_on = forms.DateField(label="Overtakelsesdato", widget=DateInput())
    price = forms.IntegerField(label="Kjøpesum (kr)", min_value=1, max_value=50_000_000)
    common_debt = forms.IntegerField(label="Andel fellesgjeld (kr)", min_value=0, max_value=20_000_000, initial=0)
    startlan = forms.IntegerField(label="Startlån (kr)", min_value=0, max_value=50_000_000, initial=0)
    bank_loan = forms.IntegerField(label="Banklån (kr)", min_value=0, max_value=50_000_000, initial=0)
    grant = forms.IntegerField(label="Tilskudd (kr)", min_value=0, max_value=5_000_000, initial=0)
    equity = forms.IntegerField(label="Egenkapital (kr)", min_value=0, max_value=50_000_000, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Oppgave", max_length=200,
                            help_text="For eksempel: Betale ned forbrukslånet, spare 2 000 kr i måneden, nytt møte.")
    due_on = forms.DateField(label="Frist", widget=DateInput())
    assignee = forms.ModelChoiceField(label="Ansvarlig", queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = caseworkers()


class ChecklistItemForm(StyledFormMixin, forms.Form):
    """One step of the purchase-process checklist template; a row without a title is left out."""

    position = forms.IntegerField(label=_("Rekkefølge"), min_value=1, max_value=99, required=False,
                                  help_text=_("Punktene vises i denne rekkefølgen."))
    title = forms.CharField(label=_("Punkt"), max_length=200, required=False)
    guidance = forms.CharField(label=_("Veiledning til saksbehandleren"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Kort: hva saksbehandleren går gjennom med husstanden."))
    due_days = forms.IntegerField(label=_("Frist (dager)"), min_value=0, max_value=365, required=False,
                                  help_text=_("Dager fra finansieringen er godkjent til fristen."))
    remove = forms.BooleanField(label=_("Fjern punktet"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("remove") and data.get("due_days") is None:
            self.add_error("due_days", _("Skriv fristen i dager (0 til 365)."))
        return data


ChecklistFormSet = forms.formset_factory(ChecklistItemForm, extra=2, max_num=40, absolute_max=60)


def checklist_formset_items(formset) -> list[dict]:
    """The steps a valid formset describes, in the order given (then in the order shown)."""
    rows = [(form.cleaned_data.get("position") or 100 + index, index, form.cleaned_data)
            for index, form in enumerate(formset.forms)
            if form.cleaned_data.get("title") and not form.cleaned_data.get("remove")]
    return [{"title": data["title"], "guidance": data.get("guidance") or "", "due_days": data["due_days"]}
            for _position, _index, data in sorted(rows, key=lambda row: row[:2])]


class FollowUpRecordForm(StyledFormMixin, forms.Form):
    """What a follow-up after the purchase found."""

    done_on = forms.DateField(label=_("Dato for oppfølgingen"), widget=DateInput())
    wellbeing = forms.CharField(label=_("Hvordan går det med husstanden?"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Boligen, økonomien, arbeid og helse, barna: det dere snakket om."))
    payment_trouble = forms.ChoiceField(label=_("Betalingsproblemer"), choices=PaymentTrouble.choices,
                                        widget=forms.RadioSelect)
    payment_notes = forms.CharField(label=_("Om betalingene"), required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Må fylles ut ved betalingsproblemer: hva, hvor mye og hvor lenge."))
    help_arranged = forms.MultipleChoiceField(label=_("Hjelp som er avtalt"), choices=FurtherHelp.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    help_notes = forms.CharField(label=_("Om hjelpen"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("For eksempel hvem husstanden skal møte, og når."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        trouble = data.get("payment_trouble")
        if trouble and trouble != PaymentTrouble.NONE and not (data.get("payment_notes") or "").strip():
            self.add_error("payment_notes", _("Skriv hva betalingsproblemene gjelder."))
        if FurtherHelp.OTHER in (data.get("help_arranged") or []) and not (data.get("help_notes") or "").strip():
            self.add_error("help_notes", _("Skriv hvilken annen hjelp som er avtalt."))
        return data


class ContactForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="Svar til husstanden", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Brev, telefon eller foreløpig svar: hva fikk husstanden vite?")


class RecommendForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Hva skal avgjøres")
    amount = forms.IntegerField(label="Beløp (kr)", required=False, min_value=0, max_value=50_000_000)
    recommendation = forms.CharField(label="Innstilling", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text="Hva anbefales, og hvorfor. En annen person med fullmakt fatter vedtaket.")
    override_reason = forms.CharField(
        label="Begrunnelse for å sende likevel", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bare når kartlegging eller vurdering mangler eller er for gammel. Fullmaktshaveren ser den.")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DecisionKind.choices
        if case is not None:  # the guidelines' paragraphs, prefilled for a startlån
            guideline_citations.add_paragraph_field(self, case=case, kind=self.data.get("kind"),
                                                    day=timezone.localdate())


class DecideForm(StyledFormMixin, forms.Form):
    """The approver's decision and its grounds: for startlån and grants they go into the letter
    to the household, so they are written to be read by it."""

    outcome = forms.ChoiceField(label="Vedtak", widget=forms.RadioSelect)
    approved_amount = forms.IntegerField(label="Innvilget beløp (kr)", required=False, min_value=1,
                                         max_value=50_000_000, help_text="Bare ved delvis innvilgelse.")
    rules = forms.CharField(label="Regler vedtaket bygger på", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label="Faktiske forhold", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Opplysningene vedtaket bygger på: inntekt, gjeld, husstand, bolig. "
                                      "Må fylles ut ved avslag og delvis innvilgelse.")
    grounds = forms.CharField(label="Vurdering (hovedhensyn)", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Hvorfor vedtaket blir som det blir. Må fylles ut ved avslag og delvis "
                                        "innvilgelse. Klageadgang og innsynsrett står i brevet.")
    children_interests = forms.CharField(label="Barnets beste", required=False, max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 2}),
                                         help_text="Har husstanden barn, skriv hvordan barnas beste er vurdert. "
                                                   "Må fylles ut ved avslag og delvis innvilgelse.")
    price_frame = forms.IntegerField(label="Finansieringsbevis: kjøpesum inntil (kr)", required=False, min_value=1,
                                     max_value=50_000_000,
                                     help_text="Startlån: høyeste kjøpesum medregnet omkostninger og fellesgjeld.")
    conditions = forms.CharField(label="Finansieringsbevis: vilkår", required=False, max_length=3000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    valid_months = forms.IntegerField(label="Finansieringsbevis: gyldig i antall måneder", required=False,
                                      min_value=1, max_value=12)
    CERTIFICATE_FIELDS = ("price_frame", "conditions", "valid_months")

    def __init__(self, *args, kind: str, decision=None, **kwargs):
        """The form for a decision of `kind`: starts from the rules the kind builds on, and asks
        for the financing certificate only where an approval issues one (startlån)."""
        kwargs.setdefault("initial", {
            "rules": letter_defaults.RULES.get(kind, ""), "conditions": letter_defaults.CONDITIONS_DEFAULT,
            "valid_months": settings.FINANCING_CERTIFICATE_MONTHS})
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = DecisionOutcome.choices
        if kind != DecisionKind.STARTLAN:
            for name in self.CERTIFICATE_FIELDS:
                del self.fields[name]
        if decision is not None:  # the guidelines' paragraphs, as recommended or prefilled
            guideline_citations.add_paragraph_field(self, case=decision.case, kind=kind, day=timezone.localdate(),
                                                    decision=decision)


class CertificateExtendForm(StyledFormMixin, forms.Form):
    valid_until = forms.DateField(label="Ny dato beviset gjelder til", widget=DateInput())
    reason = forms.CharField(label="Begrunnelse", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Hvorfor beviset forlenges eller fornyes. Lagres i saken og i loggen.")


class MappingForm(StyledFormMixin, forms.Form):
    """The mapping conversation's questions for one form version (boligvei.cases.mapping)."""

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.sections = []
        for section in mapping.FORMS[version]:
            names = []
            for q in section.questions:
                self.fields[q.key] = _mapping_field(q)
                names.append(q.key)
            self.sections.append((section.title, names))
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "ds-input")

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def answers(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", [])}


def _mapping_field(q) -> forms.Field:
    common = {"label": q.label, "required": False, "help_text": q.help}
    if q.kind == "longtext":
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if q.kind == "money":
        return forms.IntegerField(min_value=0, max_value=100_000_000, **common)
    if q.kind == "yesno":
        return forms.BooleanField(**common)
    if q.kind == "choice":
        return forms.ChoiceField(choices=[("", "–"), *q.choices], **common)
    if q.kind == "multichoice":
        return forms.MultipleChoiceField(choices=q.choices, widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(max_length=500, **common)


class DecisionTemplateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Overskrift", max_length=200)
    body = forms.CharField(label="Tekst", max_length=20000, widget=forms.Textarea(attrs={"rows": 24}),
                           help_text="Tom linje gir nytt avsnitt. Linjer som starter med «- » blir punktliste, "
                                     "«## » gir en mellomtittel. Flettefelt skrives {{ navn }}. Et vedtak må si "
                                     "hva som er bestemt, begrunnelsen, klageadgangen med frist og adresse, "
                                     "retten til innsyn og hvem husstanden kan kontakte.")

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "body"):
            errors = template_errors(cleaned.get(name, ""))
            if errors:
                self.add_error(name, errors)
        return cleaned


class LettingForm(StyledFormMixin, forms.Form):
    """The letting of a vacant dwelling to a waiting household, and its grounds: the decision's
    letter gives them to the household, so they are written to be read by it."""

    dwelling = forms.ModelChoiceField(label="Ledig bolig", queryset=None)
    start_date = forms.DateField(label="Innflytting", widget=DateInput())
    end_date = forms.DateField(label="Siste dag i leieforholdet", required=False, widget=DateInput(),
                               help_text="Bare for tidsbestemte leieavtaler.")
    contract_type = forms.ChoiceField(label="Kontraktstype", choices=ContractType.choices)
    rules = forms.CharField(label="Regler vedtaket bygger på", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "Skriv hvilke regler tildelingen bygger på."})
    facts = forms.CharField(label="Faktiske forhold", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Skriv hvilke faktiske forhold tildelingen bygger på."},
                            help_text="Husstanden, behovet, prioriteten og ventetiden, og boligen.")
    grounds = forms.CharField(label="Vurdering (hovedhensyn)", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Skriv hovedhensynene i vurderingen."},
                              help_text="Hvorfor denne husstanden får denne boligen. Klageadgang og innsynsrett står "
                                        "i brevet.")
    children_interests = forms.CharField(label="Barnets beste", required=False, max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 2}),
                                         help_text="Har husstanden barn, skriv hvordan barnas beste er vurdert "
                                                   "(skole, nærmiljø, plass).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A dwelling already proposed to someone else waits for that proposal's approval.
        self.fields["dwelling"].queryset = vacant_dwellings().exclude(lettings__status="proposed")
        self.fields["dwelling"].label_from_instance = dwelling_choice_label


class LettingRejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Hvorfor godkjennes ikke tildelingen?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Skriv hvorfor tildelingen ikke godkjennes."})

