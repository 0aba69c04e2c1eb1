"""The calculator's what-if fields, laid over the request built from the register."""

import copy
from decimal import Decimal

from django import forms

from boligvei.assessments.models import ParameterKind
from boligvei.core.forms import StyledFormMixin
from boligvei.finance.loans import TERM_CHECKLIST_KEYS
from boligvei.finance.params import supported_years


CALCULATOR_DEBTS = ("student_loan", "car_loan", "credit_card_limits", "consumer_loans")


class CalculatorForm(StyledFormMixin, forms.Form):
    price = forms.IntegerField(label="Kjøpesum (kr)", min_value=0, max_value=50_000_000,
                               help_text="Uten andel fellesgjeld.")
    common_debt = forms.IntegerField(label="Andel fellesgjeld (kr)", min_value=0, max_value=20_000_000)
    equity = forms.IntegerField(label="Egenkapital (kr)", min_value=0, max_value=50_000_000)
    rate_percent = forms.DecimalField(label="Rente (%)", min_value=Decimal("0"), max_value=Decimal("30"),
                                      decimal_places=2, help_text="Husbankens rente med kommunens påslag.")
    years = forms.IntegerField(label="Nedbetalingstid (år)", min_value=1, max_value=50,
                               help_text="Mer enn 30 år bare når vilkårene under er oppfylt.")
    interest_only_years = forms.IntegerField(label="År uten avdrag", min_value=0, max_value=8, required=False)
    kind = forms.ChoiceField(label="Lånetype", choices=[("annuity", "Annuitetslån"), ("serial", "Serielån")])
    interest_tax_deduction = forms.BooleanField(label="Regn med skattefradrag for renter (22 %)", required=False)
    running_costs_monthly = forms.IntegerField(
        label="Bokostnader per måned (kr)", min_value=0, max_value=100_000,
        help_text="Felleskostnader, kommunale avgifter, forsikring, strøm og vedlikehold.")
    other_fixed_costs_monthly = forms.IntegerField(
        label="Andre faste utgifter per måned (kr)", min_value=0, max_value=200_000,
        help_text="Betaling på forbruksgjeld og studielån, barnehage/SFO, bidrag.")
    living_costs_monthly = forms.IntegerField(
        label="Faktiske levekostnader per måned (kr)", min_value=0, max_value=200_000, required=False,
        help_text="Tomt: SIFOs referansebudsjett. Aldri lavere enn statens veiledende satser.")
    net_income_monthly = forms.IntegerField(
        label="Kjent inntekt etter skatt per måned (kr)", min_value=0, max_value=1_000_000, required=False,
        help_text="Tomt: beregnet fra bruttoinntektene i registeret.")
    car = forms.ChoiceField(label="Bil", choices=[("none", "Ingen bil"), ("petrol", "Bensin/diesel"),
                                                 ("electric", "Elbil")])
    year = forms.TypedChoiceField(label="Parameterår", coerce=int)
    rent_monthly = forms.IntegerField(
        label="Husleie i dag (kr per måned)", min_value=0, max_value=200_000, required=False,
        help_text="Fra registeret, eller det husstanden faktisk betaler. Vises ved siden av terminbeløpet i stresstesten.")
    term_reason = forms.CharField(label="Begrunnelse for mer enn 30 år", required=False, max_length=500)
    term_permanently_low_income = forms.BooleanField(label="(a) Dokumentert varig lav inntekt", required=False)
    term_dwelling_fits_long_term = forms.BooleanField(label="(b) Boligen dekker behovet i lang tid", required=False)
    term_renting_unsuitable_or_dearer = forms.BooleanField(
        label="(c) Å leie privat er uegnet eller klart dyrere over tid", required=False)
    term_shorter_term_not_responsible = forms.BooleanField(
        label="(d) Kommunen har dokumentert at kortere løpetid ikke er forsvarlig", required=False)
    term_risk_of_losing_home = forms.BooleanField(label="Husstanden står i fare for å miste boligen", required=False)
    term_low_predictable_income = forms.BooleanField(label="Lav og forutsigbar inntekt", required=False)
    grant = forms.IntegerField(label="Tilskudd til etablering (kr)", min_value=0, max_value=10_000_000, required=False)
    income_expected_to_grow = forms.ChoiceField(label="Ventes inntekten å øke?", required=False, choices=[
        ("", "Ikke vurdert"), ("yes", "Ja"), ("no", "Nei")])
    # Other debt a bank counts in its limit of five times gross income (utlånsforskriften).
    debt_student_loan = forms.IntegerField(label="Studielån (kr)", min_value=0, max_value=50_000_000, required=False)
    debt_car_loan = forms.IntegerField(label="Billån (kr)", min_value=0, max_value=50_000_000, required=False)
    debt_credit_card_limits = forms.IntegerField(
        label="Kredittkortgrenser (kr)", min_value=0, max_value=50_000_000, required=False,
        help_text="Hele kredittgrensen teller, også det som ikke er brukt.")
    debt_consumer_loans = forms.IntegerField(label="Forbrukslån og annen gjeld (kr)", min_value=0,
                                             max_value=50_000_000, required=False)

    def __init__(self, *args, base: dict, **kwargs):
        kwargs.setdefault("initial", self.initial_from(base))
        super().__init__(*args, **kwargs)
        self.base = base
        self.fields["year"].choices = [(year, str(year)) for year in reversed(supported_years())]
        # What-if sliders beside the number fields: (min, max, step).
        price = max(int(base["dwelling"]["price"]), 1_000_000)
        self.sliders = {
            "price": (0, 3 * price, 10_000),
            "equity": (0, max(int(base["equity"]) * 3, 500_000), 5_000),
            "rate_percent": (0, 12, 0.05),
            "years": (5, 50, 1),
        }

    @staticmethod
    def initial_from(base: dict) -> dict:
        dwelling, loan = base["dwelling"], base["loan"]
        return {
            "price": dwelling["price"], "common_debt": dwelling["common_debt"], "equity": base["equity"],
            "rate_percent": loan["rate_percent"], "years": loan["years"], "kind": loan["kind"],
            "interest_tax_deduction": loan["interest_tax_deduction"],
            "running_costs_monthly": dwelling["running_costs_monthly"],
            "other_fixed_costs_monthly": base["other_fixed_costs_monthly"], "car": base["car"],
            "year": base["year"], "interest_only_years": loan.get("interest_only_years", 0),
            "rent_monthly": base.get("rent_monthly"),
            **{f"debt_{key}": base.get("debts", {}).get(key, 0) for key in CALCULATOR_DEBTS},
            "living_costs_monthly": base.get("living_costs_monthly"),
            "net_income_monthly": base.get("net_income_monthly"),
        }

    def engine_request(self) -> dict:
        """The register's request with the caseworker's what-if values laid over it."""
        data = self.cleaned_data
        request = copy.deepcopy(self.base)
        request["year"] = data["year"]
        request["car"] = data["car"]
        request["equity"] = data["equity"]
        request["other_fixed_costs_monthly"] = data["other_fixed_costs_monthly"]
        request["dwelling"].update(price=data["price"], common_debt=data["common_debt"],
                                   running_costs_monthly=data["running_costs_monthly"])
        request["loan"].update(rate_percent=float(data["rate_percent"]), years=data["years"], kind=data["kind"],
                               interest_tax_deduction=data["interest_tax_deduction"])
        request["debts"] = {key: data[f"debt_{key}"] or 0 for key in CALCULATOR_DEBTS}
        request["loan"]["interest_only_years"] = data.get("interest_only_years") or 0
        if data["years"] > 30:  # the checklist is stored with the request (and so the assessment)
            request["loan"]["term_reason"] = data.get("term_reason") or ""
            request["loan"]["term_conditions"] = {key: bool(data.get(f"term_{key}")) for key in TERM_CHECKLIST_KEYS}
        if data.get("grant"):
            request["grant"] = data["grant"]
        if data.get("income_expected_to_grow"):
            request["income_expected_to_grow"] = data["income_expected_to_grow"] == "yes"
        if data.get("rent_monthly") is not None:
            request["rent_monthly"] = data["rent_monthly"]
        else:
            request.pop("rent_monthly", None)
        for optional in ("living_costs_monthly", "net_income_monthly"):
            if data.get(optional) is not None:
                request[optional] = data[optional]
            else:  # emptied on the page: the engine estimates it again
                request.pop(optional, None)
        return request


class CandidateFilterForm(StyledFormMixin, forms.Form):
    readiness = forms.ChoiceField(label="Hvor nær et kjøp", required=False, choices=[
        ("", "Alle"), ("ready", "Kan kjøpe boligen nå"), ("close", "Nær – mangler lite"), ("far", "Lengre vei")])
    area = forms.ChoiceField(label="Område", required=False)
    potential = forms.ChoiceField(label="Leie til eie", required=False,
                                  choices=[("", "Alle"), ("yes", "Boligen kan selges til leietaker")])
    target_group = forms.ChoiceField(label="Målgruppen i retningslinjene", required=False, choices=[
        ("", "Alle"), ("in", "I målgruppen"), ("out", "Ikke i målgruppen")])

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Alle"), *[(a, a) for a in areas]]


class ParameterVersionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Parametere")
    year = forms.TypedChoiceField(label="År (for skattesatser og SIFO)", coerce=int, required=False, empty_value=None)
    note = forms.CharField(label="Hva er endret, og kilde", max_length=300,
                           help_text="For eksempel: Norges Bank satte styringsrenten til 3,75 % 18.12.2025.")
    text = forms.CharField(label="Innhold (JSON)", widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
                           max_length=200_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ParameterKind.choices
        self.fields["year"].choices = [("", "Ikke årsavhengig"), *[(y, str(y)) for y in reversed(supported_years())]]
