"""Living costs: SIFO's reference budget, the state guideline floor, and the caseworker's figure.

Husbanken asks for the household's actual consumption where it is known, SIFO's reference
budget as the reference otherwise, and never less than the state guideline rates for social
assistance. SIFO's budget has individual items by age and sex and household items by household
size; it leaves out housing and electricity, which belong to the dwelling's running costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .money import ZERO, monthly
from .params import GuidelineRates, SifoBudget

ADULT_AGE = 18
# Age in months assumed for an infant whose months are not given: the second half-year,
# whose budget is the higher where SIFO splits the first year.
DEFAULT_INFANT_MONTHS = 6

CARS = ("none", "petrol", "electric")
SEXES = ("female", "male")

ITEM_LABELS = {
    "food": "Mat og drikke",
    "clothes_and_shoes": "Klær og sko",
    "personal_care": "Personlig pleie",
    "play_and_media": "Lek og mediebruk",
    "travel": "Reisekostnader",
    "infant_equipment": "Spedbarnsutstyr",
    "other_groceries": "Andre dagligvarer",
    "household_articles": "Husholdningsartikler",
    "furniture": "Møbler",
    "media_and_leisure": "Mediebruk og fritid",
    "car": "Bil",
}


@dataclass(frozen=True)
class Member:
    """A person in the household. `age_months` (0–11) refines the age of an infant."""

    age: int
    sex: str
    age_months: int | None = None
    kindergarten: bool = False

    def __post_init__(self) -> None:
        if self.age < 0:
            raise ValueError("age must not be negative")
        if self.sex not in SEXES:
            raise ValueError(f"sex must be one of {', '.join(SEXES)}")
        if self.age_months is not None and not 0 <= self.age_months <= 11:
            raise ValueError("age_months must be between 0 and 11")

    @property
    def months_old(self) -> int:
        extra = self.age_months if self.age_months is not None else (
            DEFAULT_INFANT_MONTHS if self.age == 0 else 0)
        return self.age * 12 + extra

    @property
    def is_adult(self) -> bool:
        return self.age >= ADULT_AGE


@dataclass(frozen=True)
class BudgetItem:
    key: str
    label: str
    monthly: Decimal


@dataclass(frozen=True)
class ReferenceBudget:
    """SIFO's reference budget for one household and year.

    `monthly` excludes kindergarten, as SIFO publishes it; kindergarten is paid 11 months a
    year, so it is carried as a yearly amount and spread over twelve months in `monthly_average`.
    """

    items: tuple[BudgetItem, ...]
    kindergarten_yearly: Decimal
    notes: tuple[str, ...]

    @property
    def monthly(self) -> Decimal:
        return sum((item.monthly for item in self.items), ZERO)

    @property
    def yearly(self) -> Decimal:
        return self.monthly * 12 + self.kindergarten_yearly

    @property
    def monthly_average(self) -> Decimal:
        return monthly(self.yearly)


@dataclass(frozen=True)
class LivingCosts:
    """The monthly living cost used in the assessment, and how it was chosen."""

    monthly: Decimal
    basis: str  # "actual" | "sifo" | "floor"
    floor: Decimal
    reference: ReferenceBudget | None
    actual: Decimal | None


def _amount_for(groups, member: Member, include_optional: bool) -> Decimal | None:
    for group in groups:
        if group.covers(member.months_old, member.sex):
            if group.counted_by_default or include_optional:
                return group.amount
            return ZERO
    return None


def _household_amount(amounts: Sequence[Decimal], size: int) -> Decimal:
    # SIFO's tables stop at seven persons; larger households use the last column.
    return amounts[min(size, len(amounts)) - 1]


def reference_budget(
    members: Sequence[Member],
    sifo: SifoBudget,
    *,
    car: str = "none",
    include_child_travel: bool = False,
) -> ReferenceBudget:
    """SIFO's reference budget for the household, per month.

    Children's school travel (6–17) is left out unless asked for, as in SIFO's published
    example family; most pupils who need it get free school transport.
    """
    if not members:
        raise ValueError("a household needs at least one member")
    if car not in CARS:
        raise ValueError(f"car must be one of {', '.join(CARS)}")
    year = sifo.provenance.year
    notes: list[str] = []
    items: list[BudgetItem] = []

    for key, groups in sifo.individual.items():
        total = ZERO
        for member in members:
            amount = _amount_for(groups, member, include_child_travel)
            if amount is None:
                if key in ("food", "infant_equipment") and member.age == 0:
                    notes.append(f"SIFO {year} har ingen sats for {ITEM_LABELS[key].lower()} "
                                 f"for barn på {member.months_old} måneder; ikke tatt med.")
                continue
            total += amount
        if key == "food":
            total = _with_food_economies_of_scale(total, members, sifo)
        if total:
            items.append(BudgetItem(key, ITEM_LABELS.get(key, key), total))

    size = len(members)
    if size > 7:
        notes.append("SIFOs tabeller for husholdningsvarer går til 7 personer; 7 er brukt.")
    for key, amounts in sifo.household_by_size.items():
        items.append(BudgetItem(key, ITEM_LABELS.get(key, key), _household_amount(amounts, size)))

    if car != "none":
        band = next((i for i, limit in enumerate(sifo.car_size_limits) if size <= limit),
                    len(sifo.car_size_limits) - 1)
        items.append(BudgetItem("car", f"{ITEM_LABELS['car']} ({'elbil' if car == 'electric' else 'bensinbil'})",
                                sifo.car[car][band]))

    children_in_kindergarten = sum(1 for m in members if m.kindergarten)
    # Each child at the first-child price: sibling discounts are not in the reference data.
    kindergarten_yearly = (sifo.kindergarten_monthly * sifo.kindergarten_months_per_year
                           * children_in_kindergarten)
    return ReferenceBudget(tuple(items), kindergarten_yearly, tuple(notes))


def _with_food_economies_of_scale(food: Decimal, members: Sequence[Member], sifo: SifoBudget) -> Decimal:
    rule = sifo.food_economies_of_scale
    adults = sum(1 for m in members if m.is_adult)
    children = len(members) - adults
    if adults == rule.adults and children >= rule.min_children:
        return food * (1 - rule.reduction)
    return food


def guideline_floor(members: Sequence[Member], rates: GuidelineRates) -> Decimal:
    """The state guideline rate for the household: the least it can be expected to live on.

    One adult gets the single rate, two the couple rate; each further adult the rate for a
    person in shared housing. Children get the rate for their age.
    """
    adults = [m for m in members if m.is_adult]
    if len(adults) == 1:
        total = rates.single
    elif len(adults) >= 2:
        total = rates.couple + rates.shared_housing * (len(adults) - 2)
    else:
        total = ZERO
    for child in (m for m in members if not m.is_adult):
        total += next((g.amount for g in rates.children if g.covers(child.months_old, child.sex)), ZERO)
    return total


def living_costs(
    members: Sequence[Member],
    *,
    floor_rates: GuidelineRates,
    sifo: SifoBudget | None = None,
    actual_monthly: Decimal | None = None,
    car: str = "none",
    include_child_travel: bool = False,
) -> LivingCosts:
    """The household's monthly living costs for the assessment.

    A caseworker's actual figure replaces SIFO's reference; neither may fall below the state
    guideline floor. Without an actual figure the SIFO budget is required.
    """
    floor = guideline_floor(members, floor_rates)
    reference = (reference_budget(members, sifo, car=car, include_child_travel=include_child_travel)
                 if sifo is not None else None)
    if actual_monthly is not None:
        chosen, basis = actual_monthly, "actual"
    elif reference is not None:
        chosen, basis = reference.monthly_average, "sifo"
    else:
        raise ValueError("living costs need either the caseworker's actual figure or a SIFO budget")
    if chosen < floor:
        chosen, basis = floor, "floor"
    return LivingCosts(chosen, basis, floor, reference, actual_monthly)
