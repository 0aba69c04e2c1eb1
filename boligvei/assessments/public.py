"""The public self-check: what a tenant can work out alone, before the first conversation.

No login and nothing stored or logged: the form is posted, answered and forgotten. It asks for
what a tenant knows (net pay, debts, savings, the price they have in mind) and builds the same
engine request a caseworker's calculator would, with the defaults written out on the page.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from boligvei.core.forms import StyledFormMixin

ADULT_AGE = 35  # SIFO's rates vary little with adult age; the page says the figures are an estimate


class SelfCheckForm(StyledFormMixin, forms.Form):
    adults = forms.TypedChoiceField(label=_("Voksne i husstanden"), coerce=int, choices=[(1, "1"), (2, "2")])
    children_ages = forms.CharField(
        label=_("Alder på barna"), required=False, max_length=40,
        help_text=_("Skriv alderen til hvert barn, skilt med komma, for eksempel 4, 9. Tomt hvis ingen barn."))
    net_income_monthly = forms.IntegerField(
        label=_("Inntekt etter skatt per måned, hele husstanden (kr)"), min_value=0, max_value=500_000,
        help_text=_("Det som kommer inn på kontoen: lønn, trygd, pensjon, barnetrygd og bostøtte."))
    debt_payments_monthly = forms.IntegerField(
        label=_("Betaling på gjeld per måned (kr)"), min_value=0, max_value=200_000, initial=0,
        help_text=_("Forbrukslån, kredittkort, billån og studielån."))
    equity = forms.IntegerField(label=_("Sparepenger du kan bruke (kr)"), min_value=0, max_value=20_000_000, initial=0)
    price = forms.IntegerField(label=_("Pris på boligen du tenker på (kr)"), min_value=0, max_value=50_000_000)
    common_costs_monthly = forms.IntegerField(
        label=_("Felleskostnader og kommunale avgifter per måned (kr)"), min_value=0, max_value=50_000, initial=0,
        help_text=_("Står i salgsoppgaven. Vi legger til strøm, forsikring og vedlikehold."))

    def clean_children_ages(self) -> list[int]:
        text = self.cleaned_data["children_ages"].replace(";", ",")
        ages = []
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            if not part.isdecimal() or int(part) > 17:  # isdigit() would let "²" through to int()
                raise forms.ValidationError(_("Skriv alder i hele år fra 0 til 17, skilt med komma."))
            ages.append(int(part))
        if len(ages) > 8:
            raise forms.ValidationError(_("Skriv inn høyst åtte barn."))
        return ages

    def engine_request(self, *, year: int) -> dict:
        data = self.cleaned_data
        adults = [{"age": ADULT_AGE, "sex": sex} for sex in ("female", "male")[: data["adults"]]]
        children = [{"age": age, "sex": ("female", "male")[i % 2]} for i, age in enumerate(data["children_ages"])]
        return {
            "year": year,
            "members": adults + children,
            "net_income_monthly": data["net_income_monthly"],
            "other_fixed_costs_monthly": data["debt_payments_monthly"],
            "equity": data["equity"],
            "dwelling": {"price": data["price"], "common_debt": 0,
                         "running_costs_monthly": data["common_costs_monthly"] + settings.OTHER_RUNNING_COSTS_MONTHLY},
            "loan": {"rate_percent": float(Decimal(settings.STARTLAN_RATE_PERCENT)), "years": 30, "kind": "annuity",
                     "interest_tax_deduction": True},
        }
