"""The JSON layer of the assessment: `from_json` reads and validates a request, `to_json` writes a result.

The interface is documented in docs/finance.md and other systems depend on its names. Reading
collects every bad field before it gives up, so a caller can correct them all at once. Writing
is the display step: amounts are rounded to whole kroner here and nowhere earlier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .living_costs import CARS, SEXES, Member
from .loans import KINDS, TERM_CHECKLIST_KEYS, LoanTermsError, check_term_limits, term_checklist
from .model import (
    Assessment,
    AssessmentRequest,
    DEBT_TYPES,
    CurrentDwelling,
    Debts,
    Dwelling,
    FieldError,
    InvalidRequest,
    LoanRequest,
)
from .money import ZERO, NotAnAmountError, to_decimal, whole_kroner
from .texts import BINDING_RULE_TEXTS, format_date
from .params import UnknownYearError, available_years, load_husbanken, load_parameters, supported_years
from .tax import INCOME_TYPES, Income

MAX_RATE_PERCENT = Decimal(30)
MAX_AGE = 130
APPLICATION_CHANNELS = ("electronic", "paper")


class _Reader:
    """Reads a JSON request field by field, collecting every error with its path."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def obj(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> Mapping[str, Any] | None:
        if key not in data or data[key] is None:
            if required:
                self.error(path, "mangler")
            return None
        value = data[key]
        if not isinstance(value, Mapping):
            self.error(path, "må være et objekt")
            return None
        return value

    def amount(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False,
               default: Decimal | None = None, maximum: Decimal | None = None) -> Decimal | None:
        if key not in data or data[key] is None:
            if required:
                self.error(path, "mangler")
            return default
        try:
            value = to_decimal(data[key])
        except NotAnAmountError:
            self.error(path, "må være et tall")
            return default
        if value < 0:
            self.error(path, "kan ikke være negativ")
            return default
        if maximum is not None and value > maximum:
            self.error(path, f"må være mellom 0 og {maximum}")
            return default
        return value

    def integer(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False,
                default: int | None = None, minimum: int = 0, maximum: int | None = None) -> int | None:
        if key not in data or data[key] is None:
            if required:
                self.error(path, "mangler")
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            self.error(path, "må være et heltall")
            return default
        value = int(value)
        if value < minimum or (maximum is not None and value > maximum):
            self.error(path, f"må være mellom {minimum} og {maximum}" if maximum is not None
                       else f"må være minst {minimum}")
            return default
        return value

    def choice(self, data: Mapping[str, Any], key: str, path: str, options: Sequence[str],
               default: str | None = None, required: bool = False) -> str | None:
        if key not in data or data[key] is None:
            if required:
                self.error(path, "mangler")
            return default
        if data[key] not in options:
            self.error(path, f"må være en av: {', '.join(options)}")
            return default
        return data[key]

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool = False) -> bool:
        if key not in data or data[key] is None:
            return default
        if not isinstance(data[key], bool):
            self.error(path, "må være true eller false")
            return default
        return data[key]

    def income(self, data: Mapping[str, Any], path: str) -> Income | None:
        before = len(self.errors)
        for key in data:
            if key not in INCOME_TYPES:
                self.error(f"{path}.{key}", f"ukjent inntektstype; gyldige: {', '.join(INCOME_TYPES)}")
        amounts = {key: self.amount(data, key, f"{path}.{key}", default=ZERO) for key in INCOME_TYPES}
        return Income(**amounts) if len(self.errors) == before else None


def validate(data: object) -> list[FieldError]:
    """Every bad field of a JSON assessment request; an empty list when it is valid."""
    try:
        from_json(data)
    except InvalidRequest as invalid:
        return list(invalid.errors)
    return []


def from_json(data: object) -> AssessmentRequest:
    """Read and validate a JSON assessment request (docs/finance.md).

    Raises `InvalidRequest` naming each bad field: negative amounts, a rate outside 0–30 %, an
    unknown year, a missing field, a term the rules do not allow.
    """
    r = _Reader()
    if not isinstance(data, Mapping):
        raise InvalidRequest([FieldError("", "forespørselen må være et JSON-objekt")])

    year = r.integer(data, "year", "year", required=True, minimum=1900, maximum=2200)
    if year is not None and year not in supported_years():
        r.error("year", f"ukjent år {year}; tilgjengelige år: "
                        + ", ".join(str(y) for y in supported_years()))
        year = None

    members: list[Member] = []
    member_incomes: list[Income] = []
    raw_members = data.get("members")
    if raw_members is None:
        r.error("members", "mangler")
    elif not isinstance(raw_members, list) or not raw_members:
        r.error("members", "må være en liste med minst én person")
    else:
        for i, raw in enumerate(raw_members):
            path = f"members[{i}]"
            if not isinstance(raw, Mapping):
                r.error(path, "må være et objekt med age og sex")
                continue
            age = r.integer(raw, "age", f"{path}.age", required=True, maximum=MAX_AGE)
            sex = r.choice(raw, "sex", f"{path}.sex", SEXES, required=True)
            months = r.integer(raw, "age_months", f"{path}.age_months", maximum=11)
            kindergarten = r.boolean(raw, "kindergarten", f"{path}.kindergarten")
            raw_income = r.obj(raw, "income", f"{path}.income", required=False)
            if raw_income is not None:
                person_income = r.income(raw_income, f"{path}.income")
                if person_income is not None:
                    member_incomes.append(person_income)
            if age is not None and sex is not None:
                members.append(Member(age, sex, months, kindergarten))

    car = r.choice(data, "car", "car", CARS, default="none")
    net_income = r.amount(data, "net_income_monthly", "net_income_monthly")
    living = r.amount(data, "living_costs_monthly", "living_costs_monthly")
    other_fixed = r.amount(data, "other_fixed_costs_monthly", "other_fixed_costs_monthly", default=ZERO)
    equity = r.amount(data, "equity", "equity", default=ZERO)
    rent = r.amount(data, "rent_monthly", "rent_monthly")
    include_child_travel = r.boolean(data, "include_child_travel", "include_child_travel")

    incomes: tuple[Income, ...] = ()
    raw_income = r.obj(data, "income", "income", required=False)
    has_member_income = isinstance(raw_members, list) and any(
        isinstance(m, Mapping) and m.get("income") is not None for m in raw_members)
    if raw_income is not None and has_member_income:
        r.error("income", "oppgi inntekt enten for husstanden (income) eller per person "
                          "(members[].income), ikke begge")
    elif raw_income is not None:
        household = r.income(raw_income, "income")
        incomes = (household,) if household is not None else ()
    elif has_member_income:
        incomes = tuple(member_incomes)
    elif net_income is None and "net_income_monthly" not in data:
        r.error("income", "mangler (eller oppgi net_income_monthly)")

    dwelling = None
    raw_dwelling = r.obj(data, "dwelling", "dwelling", required=True)
    if raw_dwelling is not None:
        price = r.amount(raw_dwelling, "price", "dwelling.price", required=True)
        common_debt = r.amount(raw_dwelling, "common_debt", "dwelling.common_debt", default=ZERO)
        running = r.amount(raw_dwelling, "running_costs_monthly", "dwelling.running_costs_monthly",
                           required=True)
        costs = r.amount(raw_dwelling, "purchase_costs", "dwelling.purchase_costs", default=ZERO)
        if price is not None and running is not None:
            dwelling = Dwelling(price, running, common_debt, costs)

    grant = r.amount(data, "grant", "grant", default=ZERO)
    grows = None
    if data.get("income_expected_to_grow") is not None:
        grows = r.boolean(data, "income_expected_to_grow", "income_expected_to_grow")
    debts = Debts()
    raw_debts = r.obj(data, "debts", "debts", required=False)
    if raw_debts is not None:
        for key in raw_debts:
            if key not in DEBT_TYPES:
                r.error(f"debts.{key}", f"ukjent gjeldstype; gyldige: {', '.join(DEBT_TYPES)}")
        debts = Debts(**{key: r.amount(raw_debts, key, f"debts.{key}", default=ZERO) for key in DEBT_TYPES})

    current = None
    raw_current = r.obj(data, "current_dwelling", "current_dwelling", required=False)
    if raw_current is not None:
        value = r.amount(raw_current, "market_value", "current_dwelling.market_value", required=True)
        current_debt = r.amount(raw_current, "common_debt", "current_dwelling.common_debt", default=ZERO)
        if value is not None:
            current = CurrentDwelling(value, current_debt)

    assessment_date = None
    if data.get("assessment_date") is not None:
        try:
            assessment_date = date.fromisoformat(str(data["assessment_date"]))
        except ValueError:
            r.error("assessment_date", "må være en dato på formen ÅÅÅÅ-MM-DD")

    loan = None
    raw_loan = r.obj(data, "loan", "loan", required=True)
    params = None
    if year is not None:
        try:
            params = load_parameters(year)
        except UnknownYearError as missing:
            r.error("year", str(missing))
    if raw_loan is not None:
        rate = r.amount(raw_loan, "rate_percent", "loan.rate_percent", required=True, maximum=MAX_RATE_PERCENT)
        stress = r.amount(raw_loan, "stress_rate_percent", "loan.stress_rate_percent", maximum=MAX_RATE_PERCENT)
        # Husbanken's term limits do not depend on the year, so they are checked even when
        # the year is bad.
        husbanken = params.husbanken if params else load_husbanken()
        default_years = husbanken.normal_max_years
        years = r.integer(raw_loan, "years", "loan.years", default=default_years, minimum=1)
        kind = r.choice(raw_loan, "kind", "loan.kind", KINDS, default="annuity")
        deduction = r.boolean(raw_loan, "interest_tax_deduction", "loan.interest_tax_deduction")
        interest_only = r.integer(raw_loan, "interest_only_years", "loan.interest_only_years", default=0)
        application = r.choice(raw_loan, "application", "loan.application", APPLICATION_CHANNELS,
                               default="electronic")
        shares = None
        raw_shares = raw_loan.get("interest_shares_percent")
        if raw_shares is not None:
            shares = _interest_shares(r, raw_shares, len(incomes))
        conditions = None
        raw_conditions = r.obj(raw_loan, "term_conditions", "loan.term_conditions", required=False)
        if raw_conditions is not None:
            for key in raw_conditions:
                if key not in TERM_CHECKLIST_KEYS:
                    r.error(f"loan.term_conditions.{key}", "ukjent vilkår; gyldige: " + ", ".join(TERM_CHECKLIST_KEYS))
            conditions = tuple((key, r.boolean(raw_conditions, key, f"loan.term_conditions.{key}"))
                               for key in TERM_CHECKLIST_KEYS)
        reason = raw_loan.get("term_reason")
        if reason is not None and not isinstance(reason, str):
            r.error("loan.term_reason", "må være tekst")
            reason = None
        if years is not None and interest_only is not None:
            try:
                check_term_limits(years=years, interest_only_years=interest_only, term_reason=reason,
                                  rules=husbanken)
            except LoanTermsError as bad:
                r.error(f"loan.{bad.field}", str(bad))
            if interest_only >= years:
                r.error("loan.interest_only_years", "må være færre enn years")
        if params and stress is None:
            day = assessment_date or date(year, 12, 31)
            try:
                params.stress_test.policy_rate_on(day)
            except UnknownYearError:
                r.error("loan.stress_rate_percent",
                        f"mangler: ingen styringsrente registrert for {format_date(day)}; oppgi stressrenten")
        if rate is not None and years is not None and kind is not None:
            loan = LoanRequest(
                rate=rate / 100, years=years, stress_rate=None if stress is None else stress / 100,
                kind=kind, interest_tax_deduction=deduction, interest_only_years=interest_only or 0,
                term_reason=reason, application=application or "electronic", interest_shares=shares,
                term_conditions=conditions,
            )
            if conditions is not None and years > husbanken.normal_max_years:
                checklist = term_checklist(dict(conditions), has_children=any(not m.is_adult for m in members))
                if not checklist.satisfied:
                    r.error("loan.term_conditions", f"mer enn {husbanken.normal_max_years} år krever at alle "
                            "vilkårene er oppfylt eller unntatt; mangler: " + "; ".join(checklist.missing()))

    if params is not None and params.sifo is None and living is None:
        r.error("living_costs_monthly",
                f"mangler: SIFOs referansebudsjett finnes ikke for {year} (tilgjengelige år: "
                + ", ".join(str(y) for y in available_years("sifo")) + "); oppgi levekostnadene")

    if r.errors:
        raise InvalidRequest(r.errors)
    assert year is not None and dwelling is not None and loan is not None
    return AssessmentRequest(
        year=year,
        members=tuple(members),
        incomes=incomes,
        dwelling=dwelling,
        loan=loan,
        car=car or "none",
        income_per_member=has_member_income,
        net_income_monthly=net_income,
        living_costs_monthly=living,
        other_fixed_costs_monthly=other_fixed or ZERO,
        equity=equity or ZERO,
        rent_monthly=rent,
        current_dwelling=current,
        assessment_date=assessment_date,
        include_child_travel=include_child_travel,
        debts=debts,
        grant=grant or ZERO,
        income_expected_to_grow=grows,
    )


def _interest_shares(r: _Reader, raw: object, taxpayers: int) -> tuple[Decimal, ...] | None:
    """`loan.interest_shares_percent`: one share per taxpayer (in the order of the income given), summing to 100."""
    path = "loan.interest_shares_percent"
    if not isinstance(raw, list) or len(raw) != max(taxpayers, 1):
        r.error(path, f"må være en liste med én andel i prosent per skattyter ({max(taxpayers, 1)})")
        return None
    shares = [r.amount({"share": value}, "share", path, maximum=Decimal(100)) for value in raw]
    if any(share is None for share in shares):
        return None
    if sum(shares) != 100:
        r.error(path, "andelene må til sammen være 100")
        return None
    return tuple(share / 100 for share in shares)


def _kr(amount: Decimal) -> int:
    return whole_kroner(amount)


def _pct(fraction: Decimal) -> float:
    return float((fraction * 100).quantize(Decimal("0.001")).normalize())


def to_json(result: Assessment) -> dict[str, Any]:
    """The assessment as JSON: amounts in whole kroner, rates in percent (docs/finance.md)."""
    out: dict[str, Any] = {
        "year": result.year,
        "net_income_monthly": _kr(result.net_income_monthly),
        "living_costs_monthly": _kr(result.living_costs_monthly),
        "living_costs_basis": result.living.basis,
        "living_costs_floor_monthly": _kr(result.living.floor),
        "other_fixed_costs_monthly": _kr(result.other_fixed_costs_monthly),
        "available_for_housing_monthly": _kr(result.available_for_housing_monthly),
        "running_costs_monthly": _kr(result.running_costs_monthly),
        "available_for_loan_monthly": _kr(result.available_for_loan_monthly),
        "loan_amount": _kr(result.loan_amount),
        "rate_percent": _pct(result.rate),
        "stress_rate_percent": _pct(result.stress_rate),
        "payment_monthly": _kr(result.payment_monthly),
        "stressed_payment_monthly": _kr(result.stressed_payment_monthly),
        "interest_tax_effect_monthly": _kr(result.interest_tax_effect_monthly),
        "surplus_monthly": _kr(result.surplus_monthly),
        "affordable": result.affordable,
        "max_loan": _kr(result.max_loan),
        "max_price": _kr(result.max_price),
        "establishment_fee": _kr(result.establishment_fee),
        "financing": {
            "bank_base_loan": _kr(result.financing.bank_base_loan),
            "startlan": _kr(result.financing.startlan),
            "bank_limited_by": result.financing.bank_limited_by,
            "bank_stress_rate_percent": _pct(result.bank_stress_rate),
        },
        "lines": [
            {"key": line.key, "label": line.label, "amount": _kr(line.amount),
             "explanation": line.explanation, "kind": line.kind}
            for line in result.lines
        ],
        "parameters": [p.to_json() for p in result.parameters],
        "notes": list(result.notes),
    }
    if result.rules >= 2:
        out["rules_version"] = result.rules
        out["parameters_to_check"] = list(result.parameters_to_check)
        out["instalment_fee_monthly"] = _kr(result.instalment_fee)
        out["municipal_margin_percent"] = _pct(result.municipal_margin)
    if result.rules >= 2 and result.own_versus_rent is not None:
        # Rent carried over time is evidence of what the household can carry (Husbanken's veileder,
        # «Sammenlign med alternative leiepriser»): shown beside the stressed payment.
        out["rent_evidence"] = {
            "rent_monthly": _kr(result.own_versus_rent.rent),
            "stressed_payment_monthly": _kr(result.stressed_payment_monthly),
            "stressed_housing_cost_monthly": _kr(result.own_versus_rent.owning_stressed),
        }
    if result.term_checklist is not None:
        out["term_checklist"] = {
            "satisfied": result.term_checklist.satisfied,
            "conditions": [{"key": c.key, "letter": c.letter, "label": c.label, "met": c.met, "waived": c.waived}
                           for c in result.term_checklist.conditions],
        }
    if result.headline is not None:
        h = result.headline
        out["headline"] = {
            "price": _kr(h.price),
            "binding_rule": h.binding_rule,
            "binding_rule_text": BINDING_RULE_TEXTS[h.binding_rule],
            "capacity_price": _kr(h.capacity_price),
            "debt_to_income_price": None if h.debt_to_income_price is None else _kr(h.debt_to_income_price),
            "bank_stress_price": _kr(h.bank_stress_price),
            "debt_limit": None if h.debt_limit is None else _kr(h.debt_limit),
            "other_debt": _kr(result.other_debt),
        }
    if result.income is not None:
        out["gross_income_yearly"] = _kr(result.income.gross_yearly)
        out["tax_yearly"] = _kr(result.income.total_tax)
    if result.current_dwelling is not None:
        out["current_dwelling"] = {
            "total_price": _kr(result.current_dwelling.total_price),
            "can_buy": result.current_dwelling.can_buy,
            "shortfall": _kr(result.current_dwelling.shortfall),
        }
    if result.own_versus_rent is not None:
        o = result.own_versus_rent
        out["own_versus_rent"] = {
            "rent_monthly": _kr(o.rent),
            "owning_monthly": _kr(o.owning),
            "owning_stressed_monthly": _kr(o.owning_stressed),
            "owning_excluding_repayment_monthly": _kr(o.owning_cost_excluding_repayment),
            "difference_monthly": _kr(o.difference),
        }
    return out
