"""Parameter sets: the dated, sourced numbers the rules run on.

Every number the engine uses — tax rates, SIFO's reference budget, the state guideline rates
for social assistance, the policy rate behind the stress test, Husbanken's fees and term limits —
lives in a JSON file under `data/` with its source, the date it applies from and a `verify`
flag. Here those files are read into frozen dataclasses. Reading (`load_*`) is kept apart from
parsing (`*_from_dict`) so that an administrator's edited copy, later kept in the database, can
be passed in instead of the files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .money import percent, to_decimal
from .texts import format_date

DATA_DIR = Path(__file__).with_name("data")

KIND_LABELS = {
    "tax": "skattesatser",
    "sifo": "SIFOs referansebudsjett",
    "guideline_rates": "statens veiledende satser for økonomisk stønad",
    "stress_test": "styringsrente for stresstest",
}


class ParameterError(ValueError):
    """A parameter file or dict that does not have the expected shape."""


class UnknownYearError(LookupError):
    """No parameter set of a kind exists for the year asked for."""

    def __init__(self, kind: str, year: object, available: Sequence[int]):
        self.kind = kind
        self.year = year
        self.available = tuple(available)
        listed = ", ".join(str(y) for y in self.available) or "ingen"
        super().__init__(
            f"Ingen {KIND_LABELS.get(kind, kind)} for {year}. Tilgjengelige år: {listed}."
        )


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    publisher: str = ""


@dataclass(frozen=True)
class Provenance:
    """Where a parameter set comes from, and whether someone still has to check it."""

    kind: str
    year: int | None
    valid_from: date
    source: Source
    verify: bool
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "year": self.year,
            "valid_from": self.valid_from.isoformat(),
            "source": self.source.title,
            "source_url": self.source.url,
            "verify": self.verify,
        }


# --- tax ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinimumDeduction:
    rate: Decimal
    maximum: Decimal
    minimum: Decimal


@dataclass(frozen=True)
class Bracket:
    threshold: Decimal
    rate: Decimal


@dataclass(frozen=True)
class IncomeClass:
    """Which minimum deduction and which contribution rate an income type gets."""

    minimum_deduction: str  # "wage" | "pension"
    contribution: str  # "wage" | "pension"


@dataclass(frozen=True)
class IncomeClasses:
    provenance: Provenance
    taxable: Mapping[str, IncomeClass]
    tax_free: tuple[str, ...]

    @property
    def income_types(self) -> tuple[str, ...]:
        return (*self.taxable, *self.tax_free)


@dataclass(frozen=True)
class PensionTaxDeduction:
    """Skattefradrag for pensjonsinntekt: a maximum, reduced step by step (Skatte-ABC S-13)."""

    maximum: Decimal
    steps: tuple[Bracket, ...]  # threshold and reduction rate, sorted
    source: Source
    verify: bool


@dataclass(frozen=True)
class TaxParameters:
    provenance: Provenance
    ordinary_income_rate: Decimal
    personal_allowance: Decimal
    minimum_deductions: Mapping[str, MinimumDeduction]  # "wage", "pension"
    contribution_rates: Mapping[str, Decimal]  # "wage", "pension"
    contribution_lower_limit: Decimal
    contribution_phase_in_rate: Decimal
    brackets: tuple[Bracket, ...]
    income_classes: IncomeClasses
    pension_tax_deduction: PensionTaxDeduction | None = None


# --- living costs --------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeGroup:
    """An age band (in months, upper bound inclusive, None = no limit), optionally one sex."""

    from_months: int
    to_months: int | None
    sex: str | None
    amount: Decimal
    counted_by_default: bool = True

    def covers(self, age_months: int, sex: str) -> bool:
        if age_months < self.from_months:
            return False
        if self.to_months is not None and age_months > self.to_months:
            return False
        return self.sex is None or self.sex == sex


@dataclass(frozen=True)
class FoodEconomiesOfScale:
    adults: int
    min_children: int
    reduction: Decimal


@dataclass(frozen=True)
class SifoBudget:
    provenance: Provenance
    individual: Mapping[str, tuple[AgeGroup, ...]]
    household_by_size: Mapping[str, tuple[Decimal, ...]]  # index 0 = one person
    car_size_limits: tuple[int, ...]
    car: Mapping[str, tuple[Decimal, ...]]  # "petrol"/"electric", one amount per size band
    kindergarten_monthly: Decimal
    kindergarten_months_per_year: int
    food_economies_of_scale: FoodEconomiesOfScale


@dataclass(frozen=True)
class GuidelineRates:
    """State guideline rates for social assistance: the floor under living costs."""

    provenance: Provenance
    single: Decimal
    couple: Decimal
    shared_housing: Decimal
    children: tuple[AgeGroup, ...]


# --- loans and the stress test -------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRate:
    valid_from: date
    rate: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class StressTestPolicy:
    """Husbanken's stress test: the policy rate in force plus a fixed add-on."""

    addon: Decimal
    policy_rates: tuple[PolicyRate, ...]  # sorted by valid_from
    rule_source: Source

    def policy_rate_on(self, day: date) -> PolicyRate:
        in_force = [p for p in self.policy_rates if p.valid_from <= day]
        if not in_force:
            raise UnknownYearError(
                "stress_test", format_date(day), sorted({p.valid_from.year for p in self.policy_rates})
            )
        return in_force[-1]

    def stress_rate_on(self, day: date) -> Decimal:
        return self.policy_rate_on(day).rate + self.addon


@dataclass(frozen=True)
class MunicipalTerms:
    """What the municipality adds to Husbanken's rate and charges a startlån borrower.

    The margin is at most 0.25 percentage points; fees only for documented costs beyond what
    the margin covers (forskrift om lån fra Husbanken § 8-2; veileder «Gebyr»). Default 0.
    """

    margin: Decimal = Decimal(0)  # fraction
    establishment_fee: Decimal = Decimal(0)
    instalment_fee: Decimal = Decimal(0)


@dataclass(frozen=True)
class HusbankenTerms:
    provenance: Provenance
    # Husbanken's own fees: for its direct borrowers, not a startlån borrower (rules 1 used them).
    establishment_fee: Mapping[str, Decimal]  # "electronic" / "paper"
    instalment_fee: Mapping[str, Decimal]
    municipal_margin_max: Decimal
    normal_max_years: int
    special_max_years: int
    max_interest_only_years: int
    municipality: MunicipalTerms = MunicipalTerms()


@dataclass(frozen=True)
class BankLendingRules:
    """An ordinary bank's rules (utlånsforskriften) — not Husbanken's; shown beside them."""

    provenance: Provenance
    stress_addon: Decimal
    minimum_stress_rate: Decimal
    max_debt_to_gross_income: Decimal
    max_loan_to_value: Decimal

    def stress_rate(self, rate: Decimal) -> Decimal:
        return max(rate + self.stress_addon, self.minimum_stress_rate)


@dataclass(frozen=True)
class ParameterSet:
    """Everything one assessment year needs. `sifo` is None for years without a budget."""

    year: int
    tax: TaxParameters
    guideline_rates: GuidelineRates
    stress_test: StressTestPolicy
    husbanken: HusbankenTerms
    bank: BankLendingRules
    sifo: SifoBudget | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


# --- parsing -------------------------------------------------------------------------------


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ParameterError(f"{where}: missing '{key}'")
    return data[key]


def _date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ParameterError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def source_from_dict(data: Mapping[str, Any]) -> Source:
    return Source(title=str(data.get("title", "")), url=str(data.get("url", "")),
                  publisher=str(data.get("publisher", "")))


def provenance_from_dict(kind: str, data: Mapping[str, Any], where: str) -> Provenance:
    year = data.get("year")
    return Provenance(
        kind=kind,
        year=int(year) if year is not None else None,
        valid_from=_date(_require(data, "valid_from", where), where),
        source=source_from_dict(_require(data, "source", where)),
        verify=bool(data.get("verify", False)),
        notes=tuple(data.get("notes", ())),
    )


def _age_group(data: Mapping[str, Any], where: str) -> AgeGroup:
    if "months" in data:
        low, high = data["months"]
        from_months, to_months = int(low), int(high)
    elif "ages" in data:
        low, high = data["ages"]
        from_months = int(low) * 12
        to_months = None if high is None else int(high) * 12 + 11
    else:
        raise ParameterError(f"{where}: an age group needs 'ages' or 'months'")
    sex = data.get("sex")
    if sex not in (None, "female", "male"):
        raise ParameterError(f"{where}: sex must be 'female' or 'male', not {sex!r}")
    return AgeGroup(from_months, to_months, sex, to_decimal(_require(data, "amount", where)),
                    bool(data.get("counted_by_default", True)))


def income_classes_from_dict(data: Mapping[str, Any]) -> IncomeClasses:
    where = "tax income classes"
    taxable = {}
    for income_type, spec in _require(data, "taxable", where).items():
        deduction, contribution = spec.get("minimum_deduction"), spec.get("contribution")
        if deduction not in ("wage", "pension") or contribution not in ("wage", "pension"):
            raise ParameterError(f"{where}: {income_type} needs minimum_deduction and contribution "
                                 "of 'wage' or 'pension'")
        taxable[income_type] = IncomeClass(deduction, contribution)
    return IncomeClasses(
        provenance=provenance_from_dict("tax_income_classes", data, where),
        taxable=taxable,
        tax_free=tuple(_require(data, "tax_free", where)),
    )


def tax_from_dict(data: Mapping[str, Any], income_classes: IncomeClasses | None = None) -> TaxParameters:
    """Parse one year's tax parameters (the shape of `data/tax-<year>.json`)."""
    where = f"tax {data.get('year', '?')}"
    deductions = {
        kind: MinimumDeduction(
            rate=percent(_require(spec, "rate_percent", where)),
            maximum=to_decimal(_require(spec, "maximum", where)),
            minimum=to_decimal(spec.get("minimum", 0)),
        )
        for kind, spec in _require(data, "minimum_deduction", where).items()
    }
    if set(deductions) != {"wage", "pension"}:
        raise ParameterError(f"{where}: minimum_deduction needs 'wage' and 'pension'")
    contribution = _require(data, "social_security_contribution", where)
    brackets = tuple(
        sorted(
            (Bracket(to_decimal(b["threshold"]), percent(b["rate_percent"]))
             for b in _require(data, "bracket_tax", where)),
            key=lambda b: b.threshold,
        )
    )
    pension = data.get("pension_tax_deduction")
    pension_deduction = None
    if pension is not None:
        pension_deduction = PensionTaxDeduction(
            maximum=to_decimal(_require(pension, "maximum", where)),
            steps=tuple(sorted((Bracket(to_decimal(s["threshold"]), percent(s["rate_percent"]))
                                for s in _require(pension, "reduction_steps", where)), key=lambda b: b.threshold)),
            source=source_from_dict(pension.get("source", {})),
            verify=bool(pension.get("verify", False)),
        )
    return TaxParameters(
        pension_tax_deduction=pension_deduction,
        provenance=provenance_from_dict("tax", data, where),
        ordinary_income_rate=percent(_require(data, "ordinary_income_rate_percent", where)),
        personal_allowance=to_decimal(_require(data, "personal_allowance", where)),
        minimum_deductions=deductions,
        contribution_rates={
            "wage": percent(_require(contribution, "wage_rate_percent", where)),
            "pension": percent(_require(contribution, "pension_rate_percent", where)),
        },
        contribution_lower_limit=to_decimal(_require(contribution, "lower_limit", where)),
        contribution_phase_in_rate=percent(_require(contribution, "phase_in_rate_percent", where)),
        brackets=brackets,
        income_classes=income_classes or load_income_classes(),
    )


def sifo_from_dict(data: Mapping[str, Any]) -> SifoBudget:
    """Parse one year's SIFO reference budget (the shape of `data/sifo-<year>.json`)."""
    where = f"SIFO {data.get('year', '?')}"
    individual = {
        item: tuple(_age_group(g, f"{where} {item}") for g in groups)
        for item, groups in _require(data, "individual", where).items()
    }
    household = {
        item: tuple(to_decimal(a) for a in amounts)
        for item, amounts in _require(data, "household_by_size", where).items()
    }
    car = dict(_require(data, "car_by_size", where))
    limits = tuple(int(n) for n in car.pop("size_limits"))
    kindergarten = _require(data, "kindergarten", where)
    scale = _require(data, "food_economies_of_scale", where)
    return SifoBudget(
        provenance=provenance_from_dict("sifo", data, where),
        individual=individual,
        household_by_size=household,
        car_size_limits=limits,
        car={kind: tuple(to_decimal(a) for a in amounts) for kind, amounts in car.items()},
        kindergarten_monthly=to_decimal(kindergarten["monthly"]),
        kindergarten_months_per_year=int(kindergarten["months_per_year"]),
        food_economies_of_scale=FoodEconomiesOfScale(
            int(scale["adults"]), int(scale["min_children"]), percent(scale["reduction_percent"])
        ),
    )


def guideline_rates_from_dict(period: Mapping[str, Any], year: int | None = None) -> GuidelineRates:
    """Parse one period of the guideline rates (an entry of `data/guideline-rates.json`)."""
    where = f"guideline rates from {period.get('valid_from', '?')}"
    return GuidelineRates(
        provenance=provenance_from_dict("guideline_rates", {**period, "year": year}, where),
        single=to_decimal(_require(period, "single", where)),
        couple=to_decimal(_require(period, "couple", where)),
        shared_housing=to_decimal(_require(period, "shared_housing", where)),
        children=tuple(_age_group(g, where) for g in _require(period, "children", where)),
    )


def stress_test_from_dict(data: Mapping[str, Any]) -> StressTestPolicy:
    where = "stress test"
    rates = []
    for entry in _require(data, "policy_rates", where):
        valid_from = _date(_require(entry, "valid_from", where), where)
        rates.append(PolicyRate(
            valid_from=valid_from,
            rate=percent(_require(entry, "policy_rate_percent", where)),
            provenance=provenance_from_dict("stress_test", {**entry, "year": valid_from.year}, where),
        ))
    return StressTestPolicy(
        addon=percent(_require(data, "stress_addon_percentage_points", where)),
        policy_rates=tuple(sorted(rates, key=lambda p: p.valid_from)),
        rule_source=source_from_dict(data.get("rule_source", {})),
    )


def municipal_terms_from_dict(data: Mapping[str, Any], margin_max: Decimal) -> MunicipalTerms:
    terms = MunicipalTerms(
        margin=percent(data.get("margin_percentage_points", 0)),
        establishment_fee=to_decimal(data.get("establishment_fee", 0)),
        instalment_fee=to_decimal(data.get("instalment_fee", 0)),
    )
    if terms.margin < 0 or terms.margin > margin_max:
        raise ParameterError(f"kommunens påslag på Husbankens rente kan være høyst "
                             f"{format((margin_max * 100).normalize(), 'f').replace('.', ',')} prosentpoeng")
    if terms.establishment_fee < 0 or terms.instalment_fee < 0:
        raise ParameterError("kommunens gebyrer kan ikke være negative")
    return terms


def husbanken_from_dict(data: Mapping[str, Any]) -> HusbankenTerms:
    where = "Husbanken startlån"
    margin_max = percent(_require(data, "municipal_margin_max_percentage_points", where))
    return HusbankenTerms(
        municipality=municipal_terms_from_dict(data.get("municipality") or {}, margin_max),
        provenance=provenance_from_dict("husbanken_startlan", data, where),
        establishment_fee={k: to_decimal(v) for k, v in _require(data, "establishment_fee", where).items()},
        instalment_fee={k: to_decimal(v) for k, v in _require(data, "instalment_fee", where).items()},
        municipal_margin_max=percent(_require(data, "municipal_margin_max_percentage_points", where)),
        normal_max_years=int(_require(data, "normal_max_years", where)),
        special_max_years=int(_require(data, "special_max_years", where)),
        max_interest_only_years=int(_require(data, "max_interest_only_years", where)),
    )


def bank_rules_from_dict(data: Mapping[str, Any]) -> BankLendingRules:
    where = "bank lending rules"
    return BankLendingRules(
        provenance=provenance_from_dict("bank_lending_rules", data, where),
        stress_addon=percent(_require(data, "stress_addon_percentage_points", where)),
        minimum_stress_rate=percent(_require(data, "minimum_stress_rate_percent", where)),
        max_debt_to_gross_income=to_decimal(_require(data, "max_debt_to_gross_income", where)),
        max_loan_to_value=percent(_require(data, "max_loan_to_value_percent", where)),
    )


# --- loading from the data files -----------------------------------------------------------


@lru_cache(maxsize=64)
def _read(path: Path) -> Any:
    # Decimal for every number so that 7.7 % stays exactly 7.7 %.
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def available_years(kind: str, data_dir: Path = DATA_DIR) -> tuple[int, ...]:
    """The years for which a yearly parameter file (`tax`, `sifo`) exists."""
    years = []
    for path in data_dir.glob(f"{kind}-*.json"):
        suffix = path.stem.removeprefix(f"{kind}-")
        if suffix.isdigit():
            years.append(int(suffix))
    return tuple(sorted(years))


def _yearly(kind: str, year: int, data_dir: Path) -> Any:
    path = data_dir / f"{kind}-{year}.json"
    if not isinstance(year, int) or not path.exists():
        raise UnknownYearError(kind, year, available_years(kind, data_dir))
    return _read(path)


def load_income_classes(data_dir: Path = DATA_DIR) -> IncomeClasses:
    return income_classes_from_dict(_read(data_dir / "tax-income-classes.json"))


def load_tax(year: int, data_dir: Path = DATA_DIR) -> TaxParameters:
    return tax_from_dict(_yearly("tax", year, data_dir), load_income_classes(data_dir))


def load_sifo(year: int, data_dir: Path = DATA_DIR) -> SifoBudget:
    return sifo_from_dict(_yearly("sifo", year, data_dir))


def guideline_rates_for_year(data: Mapping[str, Any], year: int) -> GuidelineRates:
    """The guideline rates in force at the end of `year`.

    The rates are raised during some years (1 July 2022, 1 July 2023); the end-of-year rate is
    the higher and therefore the safer floor.
    """
    periods = sorted(data["periods"], key=lambda p: str(p["valid_from"]))
    first_year = int(str(periods[0]["valid_from"])[:4])
    last_year = int(str(periods[-1]["valid_from"])[:4])
    if not isinstance(year, int) or not first_year <= year <= last_year:
        raise UnknownYearError("guideline_rates", year, range(first_year, last_year + 1))
    in_force = [p for p in periods if str(p["valid_from"]) <= f"{year}-12-31"]
    return guideline_rates_from_dict(in_force[-1], year)


def load_guideline_rates(year: int, data_dir: Path = DATA_DIR) -> GuidelineRates:
    return guideline_rates_for_year(_read(data_dir / "guideline-rates.json"), year)


def load_stress_test(data_dir: Path = DATA_DIR) -> StressTestPolicy:
    return stress_test_from_dict(_read(data_dir / "stress-test.json"))


def load_husbanken(data_dir: Path = DATA_DIR) -> HusbankenTerms:
    return husbanken_from_dict(_read(data_dir / "husbanken-startlan.json"))


def load_bank_rules(data_dir: Path = DATA_DIR) -> BankLendingRules:
    return bank_rules_from_dict(_read(data_dir / "bank-lending-rules.json"))


def load_parameters(year: int, data_dir: Path = DATA_DIR) -> ParameterSet:
    """All parameter sets for one assessment year.

    Tax and guideline rates must exist for the year (else `UnknownYearError` listing the years
    that do); the SIFO budget is optional here because a caseworker's actual living costs can
    stand in for it — the assessment asks for it only when it needs it.
    """
    tax = load_tax(year, data_dir)
    guideline = load_guideline_rates(year, data_dir)
    sifo = load_sifo(year, data_dir) if year in available_years("sifo", data_dir) else None
    return ParameterSet(
        year=year,
        tax=tax,
        guideline_rates=guideline,
        stress_test=load_stress_test(data_dir),
        husbanken=load_husbanken(data_dir),
        bank=load_bank_rules(data_dir),
        sifo=sifo,
    )


def supported_years(data_dir: Path = DATA_DIR) -> tuple[int, ...]:
    """Years an assessment can be made for: those with tax parameters."""
    return available_years("tax", data_dir)
