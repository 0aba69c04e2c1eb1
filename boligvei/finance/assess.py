"""One assessment of a household's capacity to buy: `assess(request) -> Assessment`.

This is the engine's single entry point for the web app, the CLI and other systems. It takes
an `AssessmentRequest` (usually from `from_json`), runs income after tax, living costs and the
capacity test for one year's parameters, and returns an `Assessment` with the figures, labelled
line items in Norwegian, and the parameter sets (year and source) it used. `from_json`,
`validate` and `to_json` (the JSON layer, in `json_io`) are available from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .capacity import (
    MonthlyBudget,
    RepaymentPlan,
    check_purchase,
    financing_split,
    headline,
    loan_cost,
    max_loan,
    max_price,
    own_versus_rent,
)
from .json_io import from_json, to_json, validate
from .living_costs import living_costs
from .loans import check_term_limits, term_checklist
from .model import (
    Assessment,
    AssessmentRequest,
    CurrentDwelling,
    Dwelling,
    FieldError,
    InvalidRequest,
    Line,
    LoanRequest,
    RULES_VERSION,
)
from .money import ZERO, whole_kroner
from .params import ParameterSet, Provenance, UnknownYearError, available_years, load_parameters
from .tax import default_interest_shares, household_income


def _fmt_kr(amount: Decimal) -> str:
    return f"{whole_kroner(amount):,}".replace(",", "\u00a0") + " kr"


def _persons(count: int) -> str:
    """«1 person», «3 personer» (the first rules wrote «person(er)», kept for their answers)."""
    return f"{count} person" if count == 1 else f"{count} personer"


def _fmt_pct(fraction: Decimal) -> str:
    value = (fraction * 100).quantize(Decimal("0.01")).normalize()
    return f"{value:f}".replace(".", ",") + " %"


def default_stress_rate(request: AssessmentRequest, params: ParameterSet) -> tuple[Decimal, Provenance]:
    """The policy rate in force on the assessment date (else at the end of the year) + the add-on."""
    day = request.assessment_date or date(request.year, 12, 31)
    policy = params.stress_test.policy_rate_on(day)
    return policy.rate + params.stress_test.addon, policy.provenance


def assess(request: AssessmentRequest, params: ParameterSet | None = None,
           rules: int = RULES_VERSION) -> Assessment:
    """Assess whether the household can carry the loan for the dwelling, and what it can carry.

    `params` defaults to the parameter files for `request.year`; pass a `ParameterSet` to use
    an administrator's own numbers. `rules` is the version of the rules (model.RULES_VERSION):
    a saved assessment is repeated with the version it was made with.
    """
    legacy = rules < 2
    params = params or load_parameters(request.year)
    notes: list[str] = []
    used: list[Provenance] = [params.tax.provenance, params.tax.income_classes.provenance,
                              params.guideline_rates.provenance, params.husbanken.provenance]
    loan = request.loan
    check_term_limits(years=loan.years, interest_only_years=loan.interest_only_years,
                      term_reason=loan.term_reason, rules=params.husbanken)

    # Income after tax: the household's actual figure, when known, overrides the estimate.
    income = household_income(request.incomes, params.tax) if request.incomes else None
    if request.net_income_monthly is not None:
        net_income = request.net_income_monthly
        income_text = "Oppgitt faktisk netto månedsinntekt (erstatter beregnet skatt)."
    elif income is None:
        raise ValueError("an assessment needs the household's income or its net monthly income")
    else:
        net_income = income.net_monthly
        income_text = (f"Beregnet fra brutto årsinntekt {_fmt_kr(income.gross_yearly)} med skattesatser "
                       f"for {request.year}: skatt {_fmt_kr(income.total_tax)} per år.")
        if not request.income_per_member and sum(1 for m in request.members if m.is_adult) > 1:
            notes.append("Inntekten er oppgitt samlet for husstanden og beregnet som én skattyters; "
                         "med flere inntektstakere blir skatten da for høy. Oppgi inntekt per person "
                         "for et mer presist anslag.")

    if params.sifo is None and request.living_costs_monthly is None:
        raise UnknownYearError("sifo", request.year, available_years("sifo"))
    living = living_costs(request.members, floor_rates=params.guideline_rates, sifo=params.sifo,
                          actual_monthly=request.living_costs_monthly, car=request.car,
                          include_child_travel=request.include_child_travel)
    if living.reference is not None:
        used.append(params.sifo.provenance)  # type: ignore[union-attr]
        notes.extend(living.reference.notes)

    dwelling = request.dwelling
    budget = MonthlyBudget(net_income, living.monthly, request.other_fixed_costs_monthly,
                           dwelling.running_costs_monthly)

    if loan.stress_rate is not None:
        stress_rate = loan.stress_rate
        stress_text = f"Oppgitt stressrente {_fmt_pct(stress_rate)}."
    else:
        stress_rate, policy = default_stress_rate(request, params)
        used.append(policy)
        stress_text = (f"Styringsrenten {_fmt_pct(stress_rate - params.stress_test.addon)} "
                       f"(fra {policy.valid_from.isoformat()}) + {_fmt_pct(params.stress_test.addon)}"
                       "-poeng, Husbankens stresstest for startlån.")
    if stress_rate < loan.rate:
        notes.append("Stressrenten er lavere enn lånerenten; stresstesten sier da lite.")
    deduction_rate = params.tax.ordinary_income_rate if loan.interest_tax_deduction else None
    caps = None
    if not legacy and loan.interest_tax_deduction:
        if income is not None:
            shares = loan.interest_shares or default_interest_shares(income.persons)
            caps = tuple(zip(shares, (p.interest_deduction_cap for p in income.persons), strict=True))
        else:
            notes.append("Rentefradraget er regnet uten grensen for skatten som faktisk skal betales, "
                         "fordi brutto inntekt mangler; oppgi inntekten for et sikrere tall.")
    municipality = params.husbanken.municipality
    if legacy:  # Husbanken's own fees, as the first rules had it
        instalment_fee = params.husbanken.instalment_fee[loan.application]
        establishment_fee = params.husbanken.establishment_fee[loan.application]
        rate = loan.rate
    else:  # the municipality's: a startlån borrower pays it, not Husbanken (§ 8-2)
        instalment_fee, establishment_fee = municipality.instalment_fee, municipality.establishment_fee
        rate = loan.rate + municipality.margin
    plan = RepaymentPlan(loan.years, loan.kind, loan.interest_only_years, instalment_fee, deduction_rate, caps)

    loan_amount = max(dwelling.price + dwelling.purchase_costs - request.equity, ZERO)
    debt_for_stress = loan_amount + dwelling.common_debt
    actual = loan_cost(loan_amount, rate, plan)
    stressed = loan_cost(debt_for_stress, stress_rate, plan)
    surplus = budget.available_for_loan - stressed.net

    max_debt = max_loan(budget.available_for_loan, stress_rate, plan)
    max_total_price = max_price(max_debt, request.equity, dwelling.purchase_costs)
    max_own_loan = max(max_debt - dwelling.common_debt, ZERO)

    gross_yearly = income.gross_yearly if income else ZERO
    if not legacy and income is not None:  # a bank's gross income: the taxable income, not benefits free of tax
        gross_yearly = sum((p.personal_income for p in income.persons), ZERO)
    split = financing_split(loan_needed=loan_amount, total_price=dwelling.total_price,
                            common_debt=dwelling.common_debt, gross_income_yearly=gross_yearly,
                            bank=params.bank, other_debt=ZERO if legacy else request.debts.total)
    used.append(params.bank.provenance)
    current = (check_purchase(request.current_dwelling.market_value, request.current_dwelling.common_debt,
                              max_total_price) if request.current_dwelling else None)
    versus_rent = (own_versus_rent(rent=request.rent_monthly, debt=debt_for_stress, rate=rate,
                                   stressed_rate=stress_rate, running_costs=dwelling.running_costs_monthly,
                                   plan=plan) if request.rent_monthly is not None else None)

    establishment_fee = establishment_fee if loan_amount > 0 else ZERO
    top = None
    checklist = None
    if not legacy:
        checklist = _term_checklist(request, params, notes)
        notes.extend(_interest_only_warnings(request))
        top = headline(
            capacity_price=max_total_price, available_for_loan=budget.available_for_loan, equity=request.equity,
            purchase_costs=dwelling.purchase_costs, common_debt=dwelling.common_debt,
            other_debt=request.debts.total,
            gross_income_yearly=gross_yearly if income else None,
            bank=params.bank, startlan_stress_rate=stress_rate, bank_stress_rate=params.bank.stress_rate(rate),
            plan=plan)
        notes.extend(_bank_notes(top, split, request, params))
    to_check: tuple[str, ...] = ()
    if legacy:
        if any(p.verify for p in used):
            notes.append("Noen parametere er merket «verify» og bør kontrolleres mot kilden: "
                         + ", ".join(sorted({p.kind for p in used if p.verify})) + ".")
    else:
        to_check = parameters_to_check(used, params)
        notes.extend(_pension_notes(income, params, request.year))

    fees = _FeeTexts(instalment_fee, rate, legacy, municipality.margin)
    lines = _lines(request, params, budget, living, income_text, loan_amount, actual.payment,
                   stressed.payment, stressed.interest_tax_effect, surplus, stress_rate, stress_text,
                   max_own_loan, max_total_price, establishment_fee, fees)
    return Assessment(
        year=request.year,
        net_income_monthly=net_income,
        living_costs_monthly=living.monthly,
        other_fixed_costs_monthly=request.other_fixed_costs_monthly,
        available_for_housing_monthly=budget.available_for_housing,
        running_costs_monthly=dwelling.running_costs_monthly,
        available_for_loan_monthly=budget.available_for_loan,
        loan_amount=loan_amount,
        rate=rate,
        stress_rate=stress_rate,
        payment_monthly=actual.payment,
        stressed_payment_monthly=stressed.payment,
        interest_tax_effect_monthly=stressed.interest_tax_effect,
        surplus_monthly=surplus,
        affordable=surplus >= 0,
        max_loan=max_own_loan,
        max_debt=max_debt,
        max_price=max_total_price,
        establishment_fee=establishment_fee,
        financing=split,
        bank_stress_rate=params.bank.stress_rate(loan.rate),
        lines=lines,
        parameters=tuple(dict.fromkeys(used)),
        notes=tuple(notes),
        income=income,
        living=living,
        current_dwelling=current,
        own_versus_rent=versus_rent,
        rules=rules,
        parameters_to_check=to_check,
        instalment_fee=instalment_fee,
        municipal_margin=ZERO if legacy else municipality.margin,
        headline=top,
        other_debt=request.debts.total,
        term_checklist=checklist,
    )




def _term_checklist(request: AssessmentRequest, params: ParameterSet, notes: list[str]):
    """The conditions for a term over the normal maximum, when the loan has one."""
    loan = request.loan
    if loan.years <= params.husbanken.normal_max_years:
        return None
    if loan.term_conditions is None:
        notes.append(f"Vilkårene for mer enn {params.husbanken.normal_max_years} års nedbetalingstid er ikke "
                     "krysset av; en begrunnelse i fritekst alene er ikke nok (Husbankens veileder, "
                     "«Nedbetalingsvilkår»).")
        return None
    return term_checklist(dict(loan.term_conditions), has_children=any(not m.is_adult for m in request.members))


def _interest_only_warnings(request: AssessmentRequest) -> list[str]:
    """Years without instalments are, as a rule, not given with a grant or to weak finances
    without expected income growth (husbanken.no, «Lånevilkår for startlån»)."""
    if not request.loan.interest_only_years:
        return []
    warnings = []
    if request.grant > 0:
        warnings.append("Avdragsfrihet gis som hovedregel ikke sammen med tilskudd.")
    if request.income_expected_to_grow is False:
        warnings.append("Avdragsfrihet gis som hovedregel ikke når økonomien er svak og inntekten ikke "
                        "ventes å øke.")
    elif request.income_expected_to_grow is None:
        warnings.append("Avdragsfrihet forutsetter som regel at inntekten ventes å øke; det er ikke oppgitt.")
    return warnings


def _bank_notes(top, split, request: AssessmentRequest, params: ParameterSet) -> list[str]:
    """What the bank's rules mean for this household, in plain words."""
    notes = []
    if top.debt_limit is None:
        notes.append("Bankens gjeldsgrense (fem ganger brutto årsinntekt) er ikke vurdert fordi brutto "
                     "inntekt mangler.")
    if split.bank_base_loan > 0 and split.startlan > 0:
        notes.append("Et grunnlån i bank med startlån på toppen krever som regel at banken bruker "
                     "fleksibilitetskvoten sin, fordi samlet lån med pant i boligen blir over 90 prosent "
                     "av verdien eller gjelden over fem ganger inntekten.")
    if split.startlan + request.dwelling.common_debt > request.dwelling.total_price + request.dwelling.purchase_costs:
        notes.append("Startlån og fellesgjeld er til sammen mer enn totalprisen med omkostninger; det er "
                     "ikke tillatt for borettslagsboliger (forskrift om lån fra Husbanken § 5-3).")
    return notes


PARAMETER_NAMES = {
    "tax": "skattesatser",
    "tax_income_classes": "hvordan inntektstypene skattlegges",
    "guideline_rates": "statens veiledende satser for økonomisk stønad",
    "sifo": "SIFOs referansebudsjett",
    "stress_test": "styringsrenten i stresstesten",
    "husbanken_startlan": "vilkår for startlån",
    "bank_lending_rules": "bankenes utlånsregler (utlånsforskriften)",
}


def parameters_to_check(used, params: ParameterSet) -> tuple[str, ...]:
    """The parameter sets used that a source has not confirmed yet, named in Norwegian.

    For the administrator (the parameters page and the calculator's notice to them), never
    for the tenant's summary.
    """
    names = [f"{PARAMETER_NAMES.get(p.kind, p.kind)} ({p.year or p.valid_from.year})" for p in used if p.verify]
    pension = params.tax.pension_tax_deduction
    if pension is not None and pension.verify:
        names.append(f"skattefradrag for pensjonsinntekt ({params.year})")
    return tuple(dict.fromkeys(names))


def _pension_notes(income, params: ParameterSet, year: int) -> list[str]:
    if income is None or not any(p.pension_income > 0 for p in income.persons):
        return []
    rule = params.tax.pension_tax_deduction
    if rule is None:
        return [f"Skattefradrag for pensjonsinntekt er ikke regnet med for {year}; skatten for "
                "alderspensjon og AFP er derfor trolig satt for høyt."]
    if rule.verify:
        return [f"Beløpene for skattefradrag for pensjonsinntekt i {year} er ikke bekreftet av "
                "Skatteetaten ennå; tallene fra året før er brukt."]
    return []


@dataclass(frozen=True)
class _FeeTexts:
    """The fee and rate wording of the lines: Husbanken's fees under the first rules, the
    municipality's (with its margin) from rules 2."""

    fee: Decimal
    rate: Decimal
    legacy: bool
    margin: Decimal

    def fee_text(self) -> str:
        if self.legacy or self.fee:
            return f"inkludert termingebyr {_fmt_kr(self.fee)}"
        return "uten termingebyr (kommunen tar ikke gebyr)"

    def rate_text(self, rate: Decimal) -> str:
        if self.legacy or not self.margin:
            return f"{_fmt_pct(rate)} rente"
        return f"{_fmt_pct(rate)} rente (Husbankens rente + kommunens påslag {_fmt_pct(self.margin)})"

    def establishment_text(self) -> str:
        return ("Husbankens gebyr for å opprette lånet." if self.legacy
                else "Kommunens gebyr for å opprette lånet (bare dokumenterte kostnader).")


def _lines(request, params, budget, living, income_text, loan_amount, payment, stressed_payment,
           tax_effect, surplus, stress_rate, stress_text, max_own_loan, max_total_price,
           establishment_fee, fees: _FeeTexts) -> tuple[Line, ...]:
    loan, dwelling = request.loan, request.dwelling
    kind_text = "Annuitetslån" if loan.kind == "annuity" else "Serielån"
    io_text = f", {loan.interest_only_years} år uten avdrag (høyeste terminbeløp etter det)" \
        if loan.interest_only_years else ""
    living_text = {
        "actual": "Saksbehandlers tall for husstandens faktiske forbruk.",
        "sifo": f"SIFOs referansebudsjett {request.year} for "
                + (f"{len(request.members)} person(er)" if fees.legacy else _persons(len(request.members)))
                + (", inkludert barnehage fordelt på 12 måneder" if living.reference
                   and living.reference.kindergarten_yearly else "") + ".",
        "floor": "Statens veiledende satser for økonomisk stønad; levekostnadene settes aldri lavere.",
    }[living.basis]
    if living.basis != "floor":
        living_text += f" Laveste tillatte nivå (statens veiledende satser) er {_fmt_kr(living.floor)}."
    common_text = (f" + fellesgjeld {_fmt_kr(dwelling.common_debt)}" if dwelling.common_debt else "")
    lines = [
        Line("net_income", "Inntekt etter skatt", budget.net_income, income_text, "income"),
        Line("living_costs", "Levekostnader", -budget.living_costs, living_text, "cost"),
        Line("other_fixed_costs", "Andre faste utgifter", -budget.other_fixed_costs,
             "Forbruksgjeld, studielån, barnehage/SFO, bidrag og lignende.", "cost"),
        Line("available_for_housing", "Disponibelt til bolig", budget.available_for_housing,
             "Inntekt etter skatt minus levekostnader og andre faste utgifter.", "subtotal"),
        Line("running_costs", "Driftskostnader for boligen", -budget.running_costs,
             "Felleskostnader (uten renter og avdrag på fellesgjeld), kommunale avgifter, "
             "eiendomsskatt, forsikring, strøm og vedlikehold.", "cost"),
        Line("available_for_loan", "Disponibelt til lånekostnader", budget.available_for_loan,
             "Det husstanden har igjen til renter, avdrag og gebyrer.", "subtotal"),
        Line("stressed_payment", "Terminbeløp i stresstesten", -stressed_payment,
             f"{kind_text} over {loan.years} år på {_fmt_kr(loan_amount)}{common_text} med "
             f"{_fmt_pct(stress_rate)} rente{io_text}, {fees.fee_text()}. {stress_text}",
             "cost"),
    ]
    if loan.interest_tax_deduction:
        lines.append(Line("interest_tax_effect", "Skattefradrag for renter", tax_effect,
                          f"{_fmt_pct(params.tax.ordinary_income_rate)} av første måneds renter "
                          "i stresstesten.", "income"))
    lines += [
        Line("surplus", "Overskudd per måned" if surplus >= 0 else "Underskudd per måned", surplus,
             "Disponibelt til lånekostnader minus terminbeløpet i stresstesten"
             + (" pluss skattefradraget." if loan.interest_tax_deduction else "."), "result"),
        Line("loan_amount", "Lånebehov", loan_amount,
             f"Kjøpesum {_fmt_kr(dwelling.price)}"
             + (f" + omkostninger {_fmt_kr(dwelling.purchase_costs)}" if dwelling.purchase_costs else "")
             + f" − egenkapital {_fmt_kr(request.equity)}.", "info"),
        Line("payment", "Terminbeløp med avtalt rente", payment,
             f"{kind_text} over {loan.years} år med {fees.rate_text(fees.rate)}{io_text}, "
             f"{fees.fee_text()}; uten fellesgjeld.", "info"),
        Line("max_loan", "Største lån husstanden kan betjene", max_own_loan,
             "Lånet der terminbeløpet i stresstesten akkurat går opp"
             + (", etter at fellesgjelden er trukket fra." if dwelling.common_debt else "."), "info"),
        Line("max_price", "Høyeste totalpris", max_total_price,
             "Største lån (med fellesgjeld) pluss egenkapital, minus omkostninger. "
             "Totalprisen er kjøpesum pluss andel fellesgjeld.", "info"),
    ]
    if establishment_fee:
        lines.append(Line("establishment_fee", "Etableringsgebyr (engangsbeløp)", establishment_fee,
                          fees.establishment_text(), "info"))
    return tuple(lines)


def assess_json(data: object) -> dict[str, Any]:
    """`from_json`, `assess`, `to_json` in one call; raises `InvalidRequest` on bad input."""
    return to_json(assess(from_json(data)))


__all__ = [
    "Assessment",
    "AssessmentRequest",
    "CurrentDwelling",
    "Dwelling",
    "FieldError",
    "InvalidRequest",
    "Line",
    "LoanRequest",
    "assess",
    "assess_json",
    "from_json",
    "to_json",
    "validate",
]
