"""A deterministic synthetic register for the demo municipality, Fjordvik kommune.

`generate_register` writes dwellings, households with their members, tenancies (active and
ended) and the waiting list. The same seed and reference date give the same register, name for
name and identity number for identity number, so that a demo, a screenshot and a test agree.
It scales from the demo (about 1 200 dwellings, Skien's programme size) to benchmark registers
of 100 000 households: rows are written with `bulk_create` in batches and only a few small
numbers per dwelling are kept in memory.

What the data must never do: belong to real people. Identity numbers are Skatteetaten's
synthetic test numbers (month + 80, from `boligvei.lib.identity`), e-mail addresses use the
reserved domain example.com (RFC 2606), and telephone numbers use the pattern "000 NN NNN":
a Norwegian number never starts with 0 in eight digits ("00" is the international prefix and
there is no country code 0, and the five-digit 0-numbers run from 02000 to 09999 only), so
such a number reaches nobody.

The shares below (household types, incomes, debts) are a plausible demo mix drawn from public
descriptions of who rents municipal housing in Norway (SSB, Husbanken), not statistics.
Amounts are yearly kroner at about the 2025 level.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from boligvei.demo import names
from boligvei.demo.places import AREAS, Area
from boligvei.housing.models import (
    BuildingType,
    ContractType,
    Dwelling,
    DwellingStatus,
    NeedCategory,
    OwnershipForm,
    Priority,
    Tenancy,
    Tenure,
    WaitingListEntry,
    WaitingListStatus,
)
from boligvei.lib import crypto
from boligvei.lib.identity import synthetic_identity_number
from boligvei.people.models import Household, Language, Person, Relation, Sex

SOURCE_PREFIX = "demo-"
BATCH_SIZE = 2000

# The demo's size, after Skien's programme: ~1 200 dwellings, ~1 100 let, ~150 waiting.
DEMO_DWELLINGS = 1200
DEMO_HOUSEHOLDS = 1600

# How the households divide between tenants, the waiting list and former tenants.
ACTIVE_SHARE_OF_HOUSEHOLDS = 0.6875
WAITING_SHARE_OF_HOUSEHOLDS = 0.094
OCCUPANCY = 0.945  # of dwellings in use; the rest are between tenants
SOLD_SHARE = 0.025  # sold, most of them to the tenant (leie til eie)
DISPOSED_SHARE = 0.005

# Barnetrygd 1 766 kr/month per child (NAV, from 2024-09; verify) and child support for some
# single parents. Demo values only: the affordability engine takes its rates from dated data.
CHILD_BENEFIT_YEARLY = 1766 * 12
TWO_G = 260_000  # introduksjonsstønad is 2 G a year for participants over 25 (G 2025 ≈ 130 160)


@dataclass(frozen=True)
class RegisterCounts:
    dwellings: int = 0
    households: int = 0
    persons: int = 0
    active_tenancies: int = 0
    ended_tenancies: int = 0
    waiting: int = 0
    waiting_list_history: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


# --- small helpers ------------------------------------------------------------------------------

def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _round_to(value: float, step: int) -> int:
    return int(round(value / step)) * step


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _add_years(day: dt.date, years: int) -> dt.date:
    return _years_before(day, -years)


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa").replace("ł", "l")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in ".-"))


def fictional_phone(rng: random.Random) -> str:
    """A number in the pattern 000 NN NNN, which no Norwegian subscriber can have."""
    return f"000 {rng.randint(0, 99):02d} {rng.randint(0, 999):03d}"


# --- dwellings ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _DwellingInfo:
    """What the household phase needs to know about a dwelling, kept small for big registers."""

    pk: int
    bedrooms: int
    rent: int
    status: str
    north: bool
    address: str
    postal_code: str
    postal_place: str
    shared: bool
    earliest_start: dt.date | None = None  # start of the earliest tenancy written so far


# Building kinds: (weight, building type, units per building). Scattered units in private
# housing cooperatives and owner sections are the typical municipal holding; whole blocks and
# shared housing (bofellesskap) are owned outright; some units are rented in from private owners.
_BUILDING_KINDS = {
    "block_municipal": 5,
    "block_cooperative": 18,
    "block_section": 16,
    "block_rented_in": 14,
    "terraced": 10,
    "semi_detached": 5,
    "detached": 4,
    "shared": 1.2,
    "other": 1,
}
_BEDROOMS = {
    "apartment": {0: 14, 1: 40, 2: 32, 3: 12, 4: 2},
    "terraced": {1: 10, 2: 40, 3: 40, 4: 10},
    "semi_detached": {2: 30, 3: 50, 4: 20},
    "detached": {3: 50, 4: 40, 5: 10},
    "basement": {0: 40, 1: 60},
    "shared": {0: 85, 1: 15},
    "other": {0: 50, 1: 50},
}
_FLOOR_AREA = {0: (22, 38), 1: (38, 58), 2: (55, 80), 3: (72, 100), 4: (90, 125), 5: (110, 160)}
_RENT_BASE = {0: 6200, 1: 8000, 2: 9600, 3: 11200, 4: 12800, 5: 14000}
# Rent-to-own potential by building kind: scattered units and small houses can be sold to the
# tenant; a unit in a block the municipality owns whole must first be sectioned.
_RENT_TO_OWN_CHANCE = {
    "block_municipal": 0.12, "block_cooperative": 0.45, "block_section": 0.45,
    "terraced": 0.5, "semi_detached": 0.45, "detached": 0.45, "other": 0.2,
}


class _StreetNumbers:
    """Hands out house numbers per street, so that no two buildings share an address."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next: dict[str, int] = {}

    def take(self, street: str) -> int:
        number = self.next.get(street, self.rng.randint(1, 6))
        self.next[street] = number + self.rng.randint(1, 5)
        return number


def _dwelling_for(rng, *, today, area: Area, kind: str, building_type: str,
                  bedrooms: int, ownership: str, tenure: str, floor: int | None, unit_number: str,
                  address: str, elevator: bool, serial: int) -> Dwelling:
    rooms = max(1, bedrooms + 1)
    low, high = _FLOOR_AREA[min(bedrooms, 5)]
    floor_area = round(rng.uniform(low, high) * (1.1 if building_type == BuildingType.DETACHED else 1.0), 1)
    if building_type == BuildingType.SHARED:
        floor_area = round(rng.uniform(24, 40), 1)

    # Small homes cost more per m²; the market is thin on the outskirts.
    size_factor = 1.15 if floor_area < 40 else 1.05 if floor_area < 60 else 0.92 if floor_area > 90 else 1.0
    price_per_m2 = area.price_per_m2 * size_factor * rng.uniform(0.9, 1.1)
    price_per_m2 = min(max(price_per_m2, 25_000), 41_000)
    total_price = _round_to(float(floor_area) * price_per_m2, 10_000)

    common_debt = 0
    common_costs = 0
    municipal_fees = 0
    if ownership == OwnershipForm.COOPERATIVE:
        common_debt = _round_to(total_price * rng.uniform(0.12, 0.5), 1000)
        common_costs = _round_to(1800 + floor_area * rng.uniform(25, 45) + common_debt * 0.0045, 50)
    elif ownership == OwnershipForm.SECTION:
        common_costs = _round_to(600 + floor_area * rng.uniform(15, 30), 50)
        municipal_fees = _round_to(rng.uniform(450, 800), 10)
    elif building_type == BuildingType.APARTMENT:  # a unit in a block the municipality owns whole
        common_costs = _round_to(500 + floor_area * rng.uniform(15, 28), 50)
        municipal_fees = _round_to(rng.uniform(450, 800), 10)
    else:
        municipal_fees = _round_to(rng.uniform(850, 1450), 10)

    owned = tenure == Tenure.OWNED
    if not owned:  # the owner's costs and debt are not the municipality's to sell
        common_debt = common_costs = municipal_fees = 0
    valued = owned and rng.random() < 0.92
    market_value = (total_price - common_debt) if valued else None
    valuation_date = today - dt.timedelta(days=rng.randint(0, 729)) if valued else None

    rent = _RENT_BASE[min(bedrooms, 5)] * math.sqrt(area.price_per_m2 / 31_000) * rng.uniform(0.93, 1.07)
    if building_type == BuildingType.SHARED:
        rent = rng.uniform(6000, 7500)
    if tenure == Tenure.RENTED_IN:
        rent *= 1.05  # the municipality passes on what it pays the owner

    wheelchair = False
    notes = ""
    ground = floor is not None and floor <= 1
    if building_type == BuildingType.SHARED:
        wheelchair = rng.random() < 0.6
    elif building_type == BuildingType.APARTMENT and (ground or elevator):
        wheelchair = rng.random() < (0.4 if elevator else 0.25)
    elif building_type != BuildingType.APARTMENT:
        wheelchair = rng.random() < 0.08
    if wheelchair:
        notes = rng.choice(("Trinnfri adkomst og heis", "Trinnfri adkomst, tilpasset bad",
                            "Bakkeplan med rampe", "Heis, brede dører og tilpasset bad")
                           if elevator else ("Trinnfri adkomst, tilpasset bad", "Bakkeplan med rampe"))
    elif building_type == BuildingType.APARTMENT and not elevator and floor and floor >= 3:
        notes = "Ingen heis"

    rent_to_own = (owned and building_type != BuildingType.SHARED
                   and rng.random() < _RENT_TO_OWN_CHANCE.get(kind, 0.0))

    return Dwelling(
        street_address=address,
        unit_number=unit_number,
        postal_code=area.postal_code,
        postal_place=area.postal_place,
        municipality_number=settings.MUNICIPALITY_NUMBER,
        area=area.name,
        building_type=building_type,
        ownership_form=ownership,
        rooms=rooms,
        bedrooms=bedrooms,
        floor_area=Decimal(f"{floor_area:.1f}"),
        floor=floor,
        wheelchair_accessible=wheelchair,
        accessibility_notes=notes,
        tenure=tenure,
        market_value=market_value,
        valuation_date=valuation_date,
        rent_monthly=_round_to(rent, 50),
        common_costs_monthly=common_costs,
        municipal_fees_monthly=municipal_fees,
        common_debt=common_debt,
        rent_to_own_potential=rent_to_own,
        status=DwellingStatus.IN_USE,
        kobo_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        source_id=f"{SOURCE_PREFIX}d{serial:06d}",
    )


def _buildings(rng: random.Random, today: dt.date):
    """Yield buildings, each as a list of (area, Dwelling), until the caller has enough."""
    numbers = _StreetNumbers(rng)
    area_weights = {area: area.weight for area in AREAS}
    serial = 0
    while True:
        area = _pick(rng, area_weights)
        street = rng.choice(area.streets)
        kind = _pick(rng, _BUILDING_KINDS)
        house_number = numbers.take(street)
        units: list[dict] = []
        if kind.startswith("block"):
            floors = rng.randint(3, 6) if kind == "block_municipal" else rng.randint(2, 8)
            elevator = floors >= 4 and rng.random() < 0.75
            count = rng.randint(6, 16) if kind == "block_municipal" else rng.choice((1, 1, 1, 2, 2, 3, 4))
            per_floor = 4 if floors * 4 >= count else 6
            slots = [(f, u) for f in range(1, floors + 1) for u in range(1, per_floor + 1)]
            for floor, unit in sorted(rng.sample(slots, count)):
                units.append(dict(
                    building_type=BuildingType.APARTMENT, floor=floor, elevator=elevator,
                    unit_number=f"H{floor:02d}{unit:02d}", address=f"{street} {house_number}",
                    bedrooms=_pick(rng, _BEDROOMS["apartment"]),
                    ownership={"block_municipal": OwnershipForm.FREEHOLD,
                               "block_cooperative": OwnershipForm.COOPERATIVE,
                               "block_section": OwnershipForm.SECTION}.get(
                        kind, rng.choice((OwnershipForm.SECTION, OwnershipForm.COOPERATIVE))),
                    tenure=Tenure.RENTED_IN if kind == "block_rented_in" else Tenure.OWNED,
                ))
        elif kind in ("terraced", "semi_detached"):
            count = rng.randint(1, 4) if kind == "terraced" else rng.choice((1, 1, 2))
            letters = rng.sample("ABCDEF" if kind == "terraced" else "AB", count)
            ownership = OwnershipForm.SECTION if rng.random() < 0.6 else OwnershipForm.FREEHOLD
            for letter in sorted(letters):
                units.append(dict(
                    building_type=BuildingType.TERRACED if kind == "terraced" else BuildingType.SEMI_DETACHED,
                    floor=1, elevator=False, unit_number="H0101",
                    address=f"{street} {house_number} {letter}", bedrooms=_pick(rng, _BEDROOMS[kind]),
                    ownership=ownership, tenure=Tenure.OWNED,
                ))
        elif kind == "detached":
            units.append(dict(building_type=BuildingType.DETACHED, floor=1, elevator=False,
                              unit_number="H0101", address=f"{street} {house_number}",
                              bedrooms=_pick(rng, _BEDROOMS["detached"]),
                              ownership=OwnershipForm.FREEHOLD, tenure=Tenure.OWNED))
            if rng.random() < 0.2:  # a separate flat in the basement (sokkelleilighet)
                units.append(dict(building_type=BuildingType.OTHER, floor=0, elevator=False,
                                  unit_number="U0101", address=f"{street} {house_number}",
                                  bedrooms=_pick(rng, _BEDROOMS["basement"]),
                                  ownership=OwnershipForm.FREEHOLD, tenure=Tenure.OWNED))
        elif kind == "shared":
            for unit in range(1, rng.randint(6, 10) + 1):
                units.append(dict(building_type=BuildingType.SHARED, floor=1, elevator=False,
                                  unit_number=f"H01{unit:02d}", address=f"{street} {house_number}",
                                  bedrooms=_pick(rng, _BEDROOMS["shared"]),
                                  ownership=OwnershipForm.FREEHOLD, tenure=Tenure.OWNED))
        else:
            units.append(dict(building_type=BuildingType.OTHER, floor=rng.choice((1, 2)), elevator=False,
                              unit_number=f"H0{rng.choice((1, 2))}01", address=f"{street} {house_number}",
                              bedrooms=_pick(rng, _BEDROOMS["other"]),
                              ownership=OwnershipForm.FREEHOLD,
                              tenure=rng.choice((Tenure.OWNED, Tenure.RENTED_IN))))
        building = []
        for unit in units:
            serial += 1
            building.append((area, _dwelling_for(rng, today=today, area=area, kind=kind,
                                                 serial=serial, **unit)))
        yield building


def _write_dwellings(rng: random.Random, *, count: int, today: dt.date, batch_size: int) -> list[_DwellingInfo]:
    """Write `count` dwellings; some of the stock has been sold or disposed of."""
    infos: list[_DwellingInfo] = []
    pending: list[tuple[Area, Dwelling]] = []

    def flush():
        Dwelling.objects.bulk_create([dwelling for _, dwelling in pending], batch_size=batch_size)
        for area, dwelling in pending:
            infos.append(_DwellingInfo(
                pk=dwelling.pk, bedrooms=dwelling.bedrooms, rent=dwelling.rent_monthly,
                status=dwelling.status, north=area.north,
                address=f"{dwelling.street_address}, {dwelling.unit_number}" if dwelling.building_type
                == BuildingType.APARTMENT else dwelling.street_address,
                postal_code=dwelling.postal_code, postal_place=dwelling.postal_place,
                shared=dwelling.building_type == BuildingType.SHARED,
            ))
        pending.clear()

    written = 0
    for building in _buildings(rng, today):
        for area, dwelling in building[: count - written]:
            roll = rng.random()
            if roll < SOLD_SHARE and dwelling.tenure == Tenure.OWNED:
                dwelling.status = DwellingStatus.SOLD
                dwelling.rent_to_own_potential = False
                dwelling.sold_on = today - dt.timedelta(days=rng.randint(30, 5 * 365))
                dwelling.sale_price = dwelling.market_value
            elif roll < SOLD_SHARE + DISPOSED_SHARE and dwelling.tenure == Tenure.OWNED:
                dwelling.status = DwellingStatus.DISPOSED
                dwelling.rent_to_own_potential = False
            pending.append((area, dwelling))
            written += 1
        if len(pending) >= batch_size or written >= count:
            flush()
        if written >= count:
            break
    if pending:
        flush()
    return infos


# --- households ---------------------------------------------------------------------------------

SINGLE, SINGLE_ELDERLY, SINGLE_PARENT, COUPLE, COUPLE_CHILDREN, ELDERLY_COUPLE, ADULT_PAIR = (
    "single", "single_elderly", "single_parent", "couple", "couple_children", "elderly_couple",
    "adult_pair")

_COMPOSITION = {
    "no": {SINGLE: 52, SINGLE_ELDERLY: 12, SINGLE_PARENT: 15, COUPLE: 5, COUPLE_CHILDREN: 7,
           ELDERLY_COUPLE: 3, ADULT_PAIR: 6},
    "refugee": {SINGLE: 28, SINGLE_ELDERLY: 3, SINGLE_PARENT: 24, COUPLE: 5, COUPLE_CHILDREN: 35,
                ELDERLY_COUPLE: 2, ADULT_PAIR: 3},
    "ua": {SINGLE: 20, SINGLE_ELDERLY: 10, SINGLE_PARENT: 35, COUPLE: 8, COUPLE_CHILDREN: 15,
           ELDERLY_COUPLE: 6, ADULT_PAIR: 6},
    "labour": {SINGLE: 55, SINGLE_ELDERLY: 3, SINGLE_PARENT: 12, COUPLE: 10, COUPLE_CHILDREN: 17,
               ELDERLY_COUPLE: 1, ADULT_PAIR: 2},
}
_CHILDREN = {
    "small": {1: 40, 2: 37, 3: 17, 4: 6},
    "large": {1: 15, 2: 25, 3: 25, 4: 20, 5: 10, 6: 5},
}


def _composition_group(origin: names.Origin) -> str:
    if origin.code == "no":
        return "no"
    if origin.code == "ua":
        return "ua"
    return "refugee" if origin.refugee else "labour"


def _bedrooms_needed(adults: int, children: int) -> int:
    if children == 0:
        return 0 if adults == 1 else 1
    return 1 + math.ceil(children / 2)


def _fits(bedrooms: int | None, adults: int, children: int) -> bool:
    if bedrooms is None:
        return True
    need = _bedrooms_needed(adults, children)
    return need <= bedrooms <= need + 2


def _plan_composition(rng, origin: names.Origin, bedrooms: int | None) -> tuple[str, int]:
    weights = _COMPOSITION[_composition_group(origin)]
    many = "large" if origin.refugee and origin.code != "ua" else "small"
    for _ in range(40):
        kind = _pick(rng, weights)
        children = _pick(rng, _CHILDREN[many]) if kind in (SINGLE_PARENT, COUPLE_CHILDREN) else 0
        adults = 2 if kind in (COUPLE, COUPLE_CHILDREN, ELDERLY_COUPLE, ADULT_PAIR) else 1
        if _fits(bedrooms, adults, children):
            return kind, children
    # Nothing fitted by chance: a household the dwelling suits.
    if not bedrooms:
        return SINGLE, 0
    return SINGLE_PARENT, min(6, max(1, 2 * (bedrooms - 1)))


@dataclass
class _PersonPlan:
    relation: str
    female: bool
    birth_date: dt.date
    first_name: str = ""
    last_name: str = ""


@dataclass
class _HouseholdPlan:
    origin: names.Origin
    kind: str
    recent: bool
    members: list[_PersonPlan] = field(default_factory=list)

    @property
    def main(self) -> _PersonPlan:
        return self.members[0]


def _birth_date(rng, today: dt.date, age: int) -> dt.date:
    return _years_before(today, age) - dt.timedelta(days=rng.randint(1, 364))


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _first_name(rng, origin: names.Origin, *, female: bool, birth_year: int, born_here: bool) -> str:
    if origin.code == "no" or (born_here and rng.random() < 0.15):
        return rng.choice(names.norwegian_first_names(birth_year, female=female))
    return rng.choice(origin.female_first if female else origin.male_first)


def _plan_household(rng, today: dt.date, *, bedrooms: int | None, min_main_age: int = 18) -> _HouseholdPlan:
    origin = rng.choices(names.ORIGINS, weights=[o.weight for o in names.ORIGINS])[0]
    kind, n_children = _plan_composition(rng, origin, bedrooms)
    plan = _HouseholdPlan(origin=origin, kind=kind, recent=rng.random() < origin.recent_share)

    def age_between(low, high, mode):
        return max(min_main_age, int(rng.triangular(low, high, mode)))

    children_ages: list[int] = []
    if kind == SINGLE:
        main_age, female = age_between(19, 67, 38), rng.random() < 0.4
    elif kind == SINGLE_ELDERLY:
        main_age, female = age_between(67, 95, 74), rng.random() < 0.62
    elif kind in (COUPLE, ADULT_PAIR):
        main_age, female = age_between(22 if kind == COUPLE else 40, 67 if kind == COUPLE else 80,
                                       40 if kind == COUPLE else 55), rng.random() < 0.45
    elif kind == ELDERLY_COUPLE:
        main_age, female = age_between(67, 90, 73), rng.random() < 0.4
    else:  # parents
        main_age = age_between(21, 56, 36)
        female = rng.random() < (0.85 if kind == SINGLE_PARENT else 0.45)

    main = _PersonPlan(Relation.MAIN, female, _birth_date(rng, today, main_age))
    plan.members.append(main)
    parent_ages = {female: main_age}
    if kind in (COUPLE, COUPLE_CHILDREN, ELDERLY_COUPLE):
        partner_age = max(19, main_age + (rng.randint(-7, 2) if not female else rng.randint(-2, 7)))
        parent_ages[not female] = partner_age
        plan.members.append(_PersonPlan(Relation.PARTNER, not female, _birth_date(rng, today, partner_age)))
    if kind in (SINGLE_PARENT, COUPLE_CHILDREN):
        # Children are born when the mother is 19–44 and the father 19–55.
        youngest_parent = min(parent_ages.values())
        lowest = max(0, parent_ages.get(True, 0) - 44, parent_ages.get(False, 0) - 55)
        highest = max(lowest, min(17, youngest_parent - 19))
        if youngest_parent >= 42 and rng.random() < 0.1:
            highest = max(lowest, min(23, youngest_parent - 19))  # a grown child still living at home
        age = rng.randint(lowest, highest)
        for _ in range(n_children):
            if age < lowest or age < 0:
                break
            children_ages.append(age)
            age -= rng.randint(1, 4)
    elif kind == ADULT_PAIR:
        other_age = max(19, main_age - rng.randint(20, 32)) if rng.random() < 0.7 else main_age + rng.randint(-6, 6)
        plan.members.append(_PersonPlan(Relation.OTHER_ADULT, rng.random() < 0.5, _birth_date(rng, today, other_age)))
    for age in children_ages:
        plan.members.append(_PersonPlan(Relation.CHILD, rng.random() < 0.49, _birth_date(rng, today, age)))
    _name_household(rng, plan)
    return plan


def _name_household(rng, plan: _HouseholdPlan) -> None:
    origin = plan.origin
    main = plan.main
    adults = [p for p in plan.members if p.relation in (Relation.MAIN, Relation.PARTNER)]
    for person in plan.members:
        person.first_name = _first_name(rng, origin, female=person.female, birth_year=person.birth_date.year,
                                        born_here=person.relation == Relation.CHILD and not plan.recent)
    while len({p.first_name for p in plan.members}) < len(plan.members):  # no two alike at home
        person = rng.choice(plan.members[1:])
        person.first_name = _first_name(rng, origin, female=person.female, birth_year=person.birth_date.year,
                                        born_here=False)

    children = [p for p in plan.members if p.relation == Relation.CHILD]
    if len(adults) == 2:
        husband = next((p for p in adults if not p.female), adults[0])
        wife = next((p for p in adults if p is not husband), adults[1])
        family = rng.choice(origin.surnames)
        husband.last_name = family.male
        own = rng.choice(origin.surnames)
        takes_name = rng.random() < origin.wife_takes_surname
        wife.last_name = family.married_female if takes_name else own.unmarried_female
        mother_line = own if not takes_name and origin.code == "no" and rng.random() < 0.25 else family
        for child in children:
            child.last_name = mother_line.for_person(female=child.female, married=False)
    else:
        own = rng.choice(origin.surnames)
        previously_married = main.female and rng.random() < origin.wife_takes_surname * 0.5
        main.last_name = own.for_person(female=main.female, married=previously_married)
        if main.female and not (origin.code == "no" and rng.random() < 0.55) and not previously_married:
            father = rng.choice(origin.surnames)  # children carry their father's name
        else:
            father = own
        for child in children:
            child.last_name = father.for_person(female=child.female, married=False)
    for person in plan.members:
        if person.relation == Relation.OTHER_ADULT:
            relative = rng.random() < 0.8
            surname = own if relative and len(adults) == 1 else rng.choice(origin.surnames)
            person.last_name = surname.for_person(female=person.female, married=False)


# --- persons: income, language, contact ---------------------------------------------------------

_INCOME_WEIGHTS = {
    "no": {"disability": 30, "aap": 14, "social": 17, "wage_full": 16, "wage_part": 16, "none": 2},
    "settled": {"disability": 14, "aap": 10, "social": 22, "wage_full": 22, "wage_part": 27, "none": 5},
    "recent": {"intro": 55, "social": 18, "wage_part": 17, "wage_full": 5, "none": 5},
    "labour": {"wage_full": 45, "wage_part": 20, "social": 10, "disability": 10, "aap": 10, "none": 5},
}


def _adult_income(rng, plan: _HouseholdPlan, person: _PersonPlan, age: int, young_children: bool) -> dict:
    origin = plan.origin
    income: dict[str, int] = {}
    if age >= 67:
        if origin.code != "no" and plan.recent:
            income["income_social_assistance"] = _round_to(rng.uniform(100_000, 150_000), 100)
        else:
            # Around the minimum pension level (minste pensjonsnivå); lower for a married pensioner.
            single = plan.kind != ELDERLY_COUPLE
            income["income_pension"] = _round_to(rng.uniform(272_000, 300_000) if single
                                                 else rng.uniform(245_000, 265_000), 100)
            if origin.code == "no" and rng.random() < 0.35:  # a small occupational pension
                income["income_pension"] += _round_to(rng.uniform(10_000, 90_000), 100)
        return income

    if origin.code == "no":
        group = "no"
    elif not origin.refugee:
        group = "labour"
    else:
        group = "recent" if plan.recent else "settled"
    weights = dict(_INCOME_WEIGHTS[group])
    if person.relation == Relation.MAIN:
        weights.pop("none", None)  # a tenant alone has some income, if only social assistance
    elif person.relation == Relation.PARTNER and young_children:
        weights["none"] = weights.get("none", 0) + 15  # at home with small children
    if age < 25:
        weights.pop("disability", None)
    source = _pick(rng, weights)
    if source == "wage_full":
        income["income_wage"] = _round_to(rng.triangular(360_000, 600_000, 450_000), 1000)
    elif source == "wage_part":
        income["income_wage"] = _round_to(rng.triangular(110_000, 340_000, 220_000), 1000)
    elif source == "disability":
        income["income_disability_benefit"] = _round_to(rng.uniform(250_000, 380_000), 100)
        if rng.random() < 0.12:  # graded disability with some work
            income["income_wage"] = _round_to(rng.uniform(20_000, 90_000), 1000)
    elif source == "aap":  # arbeidsavklaringspenger, taxed like wage
        income["income_other_taxable"] = _round_to(rng.uniform(255_000, 340_000), 100)
    elif source == "intro":  # introduksjonsstønad: 2 G, two thirds of it under 25
        income["income_other_taxable"] = TWO_G if age >= 25 else _round_to(TWO_G * 2 / 3, 100)
    elif source == "social":
        income["income_social_assistance"] = _round_to(rng.uniform(75_000, 150_000), 100)
    return income


_LANGUAGE_NAMES = {"somali": "Somali", "arabisk": "Arabisk", "tigrinja": "Tigrinja", "dari": "Dari",
                   "polsk": "Polsk", "litauisk": "Litauisk", "ukrainsk": "Ukrainsk"}


def _language(rng, plan: _HouseholdPlan, age: int) -> dict:
    origin = plan.origin
    if origin.code == "no":
        return {"preferred_language": Language.NYNORSK if rng.random() < 0.12 else Language.BOKMAL}
    language = _LANGUAGE_NAMES[origin.language]
    if origin.code == "iq" and rng.random() < 0.5:
        language = "Kurdisk (sorani)"
    elif origin.code == "af" and rng.random() < 0.2:
        language = "Pashto"
    if plan.recent or age >= 60:
        choice = _pick(rng, {"other": 55, "en": 25, "nb": 20})
    else:
        choice = _pick(rng, {"nb": 75, "en": 5, "other": 20})
    if choice == "nb":
        return {"preferred_language": Language.BOKMAL}
    if choice == "en":
        interpreter = rng.random() < 0.3
        return {"preferred_language": Language.ENGLISH, "needs_interpreter": interpreter,
                "interpreter_language": language if interpreter else ""}
    return {"preferred_language": Language.OTHER, "other_language": language, "needs_interpreter": True,
            "interpreter_language": language}


def _email(rng, first: str, last: str) -> str:
    local = f"{_ascii(first)}.{_ascii(last)}".strip(".") or "beboer"
    return f"{local}{rng.randint(1, 99)}@example.com"


class _IdentityNumbers:
    """Synthetic identity numbers, each given once."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def take(self, birth_date: dt.date, *, d_number: bool) -> str:
        while True:
            number = synthetic_identity_number(birth_date, self.rng, d_number=d_number)
            if number not in self.used:
                self.used.add(number)
                return number


def _persons(rng, plan: _HouseholdPlan, household: Household, today: dt.date, ids: _IdentityNumbers,
             *, housing_allowance: bool) -> list[Person]:
    ages = [_age(p.birth_date, today) for p in plan.members]
    minors = [a for p, a in zip(plan.members, ages, strict=True) if p.relation == Relation.CHILD and a < 18]
    young_children = any(a < 6 for a in minors)
    adults = [p for p, a in zip(plan.members, ages, strict=True) if p.relation != Relation.CHILD]
    # Child benefit goes to the mother where there is one, else to the main person.
    benefit_receiver = next((p for p in adults if p.female and p.relation in (Relation.MAIN, Relation.PARTNER)),
                            plan.main)
    d_number_origin = plan.origin.code in ("pl", "lt", "ua")
    persons = []
    household_income = 0
    for plan_person, age in zip(plan.members, ages, strict=True):
        person = Person(
            household=household,
            relation=plan_person.relation,
            first_name=plan_person.first_name,
            last_name=plan_person.last_name,
            birth_date=plan_person.birth_date,
            sex=Sex.FEMALE if plan_person.female else Sex.MALE,
        )
        is_adult = age >= 18
        d_number = is_adult and d_number_origin and plan.recent and rng.random() < 0.25
        number = ids.take(plan_person.birth_date, d_number=d_number)
        person.identity_number_encrypted = crypto.encrypt(number)
        person.identity_number_hash = crypto.keyed_hash(number)

        if plan_person.relation == Relation.CHILD:
            if age >= 16 and rng.random() < 0.2:
                person.income_wage = _round_to(rng.uniform(10_000, 60_000), 1000)
        else:
            for name, value in _adult_income(rng, plan, plan_person, age, young_children).items():
                setattr(person, name, value)
            for name, value in _language(rng, plan, age).items():
                setattr(person, name, value)
        if plan_person is benefit_receiver and minors:
            single_parent = plan.kind == SINGLE_PARENT
            # Extended child benefit for single parents counts one child more.
            person.income_child_benefit = CHILD_BENEFIT_YEARLY * (len(minors) + (1 if single_parent else 0))
            if single_parent and rng.random() < 0.4:  # child support from the other parent
                person.income_other_tax_free = _round_to(len(minors) * rng.uniform(12_000, 45_000), 100)

        if plan_person.relation == Relation.MAIN:
            if rng.random() < 0.85:
                person.phone = fictional_phone(rng)
            if rng.random() < 0.6 and age < 80:
                person.email = _email(rng, person.first_name, person.last_name)
        elif is_adult:
            if rng.random() < 0.6:
                person.phone = fictional_phone(rng)
            if rng.random() < 0.35:
                person.email = _email(rng, person.first_name, person.last_name)
        elif age >= 15 and rng.random() < 0.3:
            person.phone = fictional_phone(rng)
        household_income += person.yearly_income
        persons.append(person)

    low_income = household_income < 300_000 + 80_000 * (len(plan.members) - 1)
    if housing_allowance and low_income and rng.random() < 0.55:
        persons[0].income_housing_allowance = _round_to(rng.uniform(12_000, 45_000), 100)
    return persons


def _household(rng, plan: _HouseholdPlan, *, team, address: tuple[str, str, str] | None) -> Household:
    main = plan.main
    household = Household(name=f"{main.last_name}, {main.first_name}", team=team)
    if address:
        household.address_line, household.postal_code, household.postal_place = address
    # Savings: most tenants have little; a few have saved towards a purchase.
    savings_band = _pick(rng, {(0, 10_000): 58, (10_000, 50_000): 26, (50_000, 150_000): 12,
                               (150_000, 400_000): 4})
    if plan.recent:
        savings_band = (0, 15_000)
    household.savings = _round_to(rng.uniform(*savings_band), 500)
    payments = 0.0
    if rng.random() < 0.4:
        household.debt_consumer = _round_to(min(max(rng.lognormvariate(10.5, 1.0), 3_000), 400_000), 500)
        payments += household.debt_consumer * 0.035
    if plan.origin.code == "no" and rng.random() < 0.12 and plan.main.birth_date.year > 1970:
        household.debt_student_loan = _round_to(rng.uniform(40_000, 450_000), 1000)
        payments += household.debt_student_loan * 0.0075
    if rng.random() < 0.12:
        household.debt_other = _round_to(rng.uniform(10_000, 250_000), 1000)
        payments += household.debt_other * 0.025
    household.debt_payments_monthly = _round_to(payments, 100)
    return household


# --- tenancies and the waiting list -------------------------------------------------------------

_NEED_BY_KIND = {
    "refugee": {NeedCategory.REFUGEE: 1},
    "family": {NeedCategory.FAMILY: 45, NeedCategory.ECONOMY: 30, NeedCategory.HOMELESS: 15,
               NeedCategory.HEALTH: 10},
    "elderly": {NeedCategory.HEALTH: 60, NeedCategory.ECONOMY: 30, NeedCategory.OTHER: 10},
    "adult": {NeedCategory.HOMELESS: 28, NeedCategory.HEALTH: 20, NeedCategory.SUBSTANCE: 20,
              NeedCategory.ECONOMY: 25, NeedCategory.OTHER: 7},
}
_WAITING_NOTES = (
    "", "", "", "", "", "Ønsker bolig nær barnas skole.", "Trenger bolig på bakkeplan.",
    "Bor midlertidig hos familie.", "Har hund; ønsker bolig der dyrehold er tillatt.",
    "Ønsker å bo i nærheten av arbeidsplassen.", "Har oppfølging fra NAV.",
)


def _need_category(rng, plan: _HouseholdPlan, today: dt.date) -> str:
    if plan.origin.refugee and plan.recent:
        return NeedCategory.REFUGEE
    if any(p.relation == Relation.CHILD for p in plan.members):
        return _pick(rng, _NEED_BY_KIND["family"])
    if _age(plan.main.birth_date, today) >= 67:
        return _pick(rng, _NEED_BY_KIND["elderly"])
    return _pick(rng, _NEED_BY_KIND["adult"])


def _priority(rng, need: str) -> int:
    if need in (NeedCategory.HOMELESS, NeedCategory.REFUGEE):
        return _pick(rng, {Priority.URGENT: 20, Priority.HIGH: 45, Priority.NORMAL: 35})
    return _pick(rng, {Priority.URGENT: 4, Priority.HIGH: 22, Priority.NORMAL: 74})


def _historical_rent(rent: int, start: dt.date, today: dt.date) -> int:
    years = max(0.0, (today - start).days / 365.25)
    return _round_to(rent * 0.97 ** years, 50)


def _earliest_start(plan: _HouseholdPlan, today: dt.date) -> dt.date:
    """A tenancy starts no earlier than the main person's 18th birthday nor 20 years back."""
    return max(_add_years(plan.main.birth_date, 18), _years_before(today, 20))


def _active_contract(rng, plan: _HouseholdPlan, info: _DwellingInfo, today: dt.date, shared: bool):
    """The current contract and any earlier contracts of the same household on the same dwelling."""
    earliest = _earliest_start(plan, today)
    elderly = _age(plan.main.birth_date, today) >= 67
    indefinite_chance = 0.5 if (elderly or shared) else 0.12
    contracts = []
    if rng.random() < indefinite_chance and (today - earliest).days > 400:
        start = today - dt.timedelta(days=rng.randint(365, (today - earliest).days))
        contracts.append((start, None, ContractType.INDEFINITE, True))
        return contracts
    years = 5 if rng.random() < 0.48 else 3
    if rng.random() < 0.03:  # the term ran out recently; renewal is on its way
        end = today - dt.timedelta(days=rng.randint(1, 60))
    else:
        end = today + dt.timedelta(days=rng.randint(1, years * 365 - 1))
    start = _years_before(end, years) + dt.timedelta(days=1)
    start = max(start, min(earliest, today))
    contracts.append((start, end, ContractType.FIXED_TERM, True))
    renewals = 2 if rng.random() < 0.06 else 1 if rng.random() < 0.2 else 0
    for _ in range(renewals):
        prev_end = start - dt.timedelta(days=1)
        prev_start = _years_before(prev_end, 3) + dt.timedelta(days=1)
        if prev_start < earliest:
            break
        contracts.append((prev_start, prev_end, ContractType.FIXED_TERM, False))
        start = prev_start
    return contracts


def _earlier_contract(rng, before: dt.date, plan: _HouseholdPlan, today: dt.date, *, gap_days: tuple[int, int]):
    """A contract that ended before `before`, or None where the household is too young for it."""
    end = before - dt.timedelta(days=rng.randint(*gap_days))
    # A full term of three or five years, or a shorter stay that ended when the household moved.
    years = rng.choice((3, 3, 5))
    days = years * 365 if rng.random() < 0.5 else rng.randint(120, years * 365)
    start = end - dt.timedelta(days=days)
    if start < _earliest_start(plan, today) or start >= end:
        return None
    contract_type = ContractType.INDEFINITE if rng.random() < 0.1 else ContractType.FIXED_TERM
    return start, end, contract_type


class _Writer:
    """Collects households with their members, tenancies and waiting-list entries, and writes
    them in batches."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.rows: list[tuple[Household, list[Person], list[Tenancy], list[WaitingListEntry]]] = []
        self.counts = dict(households=0, persons=0, active_tenancies=0, ended_tenancies=0, waiting=0,
                           waiting_list_history=0)

    def add(self, household, persons, tenancies=(), entries=()):
        self.rows.append((household, persons, list(tenancies), list(entries)))
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        Household.objects.bulk_create([row[0] for row in self.rows], batch_size=self.batch_size)
        persons, tenancies, entries = [], [], []
        for household, members, household_tenancies, household_entries in self.rows:
            for obj in (*members, *household_tenancies, *household_entries):
                obj.household = household
            persons.extend(members)
            tenancies.extend(household_tenancies)
            entries.extend(household_entries)
        Person.objects.bulk_create(persons, batch_size=self.batch_size)
        Tenancy.objects.bulk_create(tenancies, batch_size=self.batch_size)
        WaitingListEntry.objects.bulk_create(entries, batch_size=self.batch_size)
        self.counts["households"] += len(self.rows)
        self.counts["persons"] += len(persons)
        self.counts["active_tenancies"] += sum(t.is_active for t in tenancies)
        self.counts["ended_tenancies"] += sum(not t.is_active for t in tenancies)
        self.counts["waiting"] += sum(e.status == WaitingListStatus.WAITING for e in entries)
        self.counts["waiting_list_history"] += sum(e.status != WaitingListStatus.WAITING for e in entries)
        self.rows.clear()


def _private_address(rng, numbers: _StreetNumbers) -> tuple[str, str, str]:
    area = rng.choices(AREAS, weights=[a.weight for a in AREAS])[0]
    street = rng.choice(area.streets)
    return f"{street} {numbers.take(street)}", area.postal_code, area.postal_place


def generate_register(*, households: int = DEMO_HOUSEHOLDS, dwellings: int = DEMO_DWELLINGS, seed: int = 2012,
                      today: dt.date, teams: dict | None = None, batch_size: int = BATCH_SIZE) -> RegisterCounts:
    """Write a synthetic register into an empty database and return what was written.

    `households` counts every household: tenants (about 69 %, capped by the dwellings in use),
    the waiting list (about 9 %) and former tenants (the rest). `teams` maps "main" and "north"
    to the teams that follow the households; without it households have no team. The caller
    owns the transaction.
    """
    rng = random.Random(seed)
    teams = teams or {}
    main_team, north_team = teams.get("main"), teams.get("north")

    infos = _write_dwellings(rng, count=dwellings, today=today, batch_size=batch_size)
    in_use = [i for i, info in enumerate(infos) if info.status == DwellingStatus.IN_USE]
    rng.shuffle(in_use)
    n_waiting = round(households * WAITING_SHARE_OF_HOUSEHOLDS)
    n_active = min(round(len(in_use) * OCCUPANCY), round(households * ACTIVE_SHARE_OF_HOUSEHOLDS),
                   households - n_waiting)
    n_former = households - n_waiting - n_active
    if not infos:  # no stock to have rented: everyone is on the waiting list
        n_waiting, n_former = households, 0
    occupied, vacant = in_use[:n_active], in_use[n_active:]

    ids = _IdentityNumbers(rng)
    numbers = _StreetNumbers(rng)
    writer = _Writer(batch_size)

    # Tenants.
    for index in occupied:
        info = infos[index]
        plan = _plan_household(rng, today, bedrooms=info.bedrooms, min_main_age=19)
        household = _household(rng, plan, team=north_team if info.north else main_team, address=None)
        persons = _persons(rng, plan, household, today, ids, housing_allowance=True)
        contracts = _active_contract(rng, plan, info, today, shared=info.shared)
        tenancies = [
            Tenancy(dwelling_id=info.pk, start_date=start, end_date=end, contract_type=kind, is_active=active,
                    rent_monthly=info.rent if active else _historical_rent(info.rent, start, today),
                    source_id=f"{SOURCE_PREFIX}t{info.pk}-{start:%Y%m%d}")
            for start, end, kind, active in contracts
        ]
        first_start = min(start for start, *_ in contracts)
        info.earliest_start = first_start
        entries = []
        if (today - first_start).days < 6 * 365 and rng.random() < 0.7:
            status_date = first_start - dt.timedelta(days=rng.randint(7, 45))
            need = _need_category(rng, plan, today)
            entries.append(WaitingListEntry(
                application_date=status_date - dt.timedelta(days=rng.randint(30, 540)), need_category=need,
                priority=_priority(rng, need), status=WaitingListStatus.ALLOCATED, status_date=status_date,
                allocated_dwelling_id=info.pk))
        writer.add(household, persons, tenancies, entries)

    # The waiting list.
    for _ in range(n_waiting):
        plan = _plan_household(rng, today, bedrooms=None)
        need = _need_category(rng, plan, today)
        address = None if need == NeedCategory.HOMELESS and rng.random() < 0.6 else _private_address(rng, numbers)
        household = _household(rng, plan, team=main_team, address=address)
        persons = _persons(rng, plan, household, today, ids, housing_allowance=rng.random() < 0.5)
        # Most applications are recent; some have waited long for a large or adapted dwelling.
        waited = int(min(rng.expovariate(1 / 150), 900))
        application_date = today - dt.timedelta(days=waited)
        entries = [WaitingListEntry(application_date=application_date, need_category=need,
                                    priority=_priority(rng, need), status=WaitingListStatus.WAITING,
                                    status_date=application_date, notes=rng.choice(_WAITING_NOTES))]
        if rng.random() < 0.12:
            earlier = application_date - dt.timedelta(days=rng.randint(120, 900))
            rejected = rng.random() < 0.5
            entries.append(WaitingListEntry(
                application_date=earlier, need_category=need, priority=Priority.NORMAL,
                status=WaitingListStatus.REJECTED if rejected else WaitingListStatus.WITHDRAWN,
                status_date=earlier + dt.timedelta(days=rng.randint(14, 90)),
                notes=("Avslag: vilkårene for kommunal bolig var ikke oppfylt. Klagefrist tre uker."
                       if rejected else rng.choice(("Søknaden trukket: fikk leie bolig privat.",
                                                    "Søknaden trukket: flyttet fra kommunen for en periode.")))))
        writer.add(household, persons, (), entries)

    # Former tenants: buyers of sold dwellings first, then the last tenants of vacant dwellings,
    # then earlier tenants anywhere in the stock, each before the dwelling's earliest tenancy.
    sold = [i for i, info in enumerate(infos) if info.status == DwellingStatus.SOLD]
    sequence = sold + vacant
    for n in range(n_former if infos else 0):
        if n < len(sequence):
            index = sequence[n]
        else:
            index = rng.randrange(len(infos))
        info = infos[index]
        plan = _plan_household(rng, today, bedrooms=info.bedrooms, min_main_age=25)
        bought = info.status == DwellingStatus.SOLD and info.earliest_start is None
        if info.earliest_start is not None:
            before, gap = info.earliest_start, (1, 60)
        elif bought:
            before, gap = today, (30, 5 * 365)
        else:
            before, gap = today, (1, 150)
        contract = _earlier_contract(rng, before, plan, today, gap_days=gap)
        if contract is None:
            contract = _earlier_contract(rng, before, plan, today, gap_days=gap)
        if bought:
            plan.recent = False  # buyers have lived here long enough to save and get a loan
            address = (info.address, info.postal_code, info.postal_place)
        else:
            address = _private_address(rng, numbers) if rng.random() < 0.75 else None
        household = _household(rng, plan, team=main_team, address=address)
        persons = _persons(rng, plan, household, today, ids, housing_allowance=False)
        tenancies = []
        if contract is not None:
            start, end, kind = contract
            tenancies.append(Tenancy(dwelling_id=info.pk, start_date=start, end_date=end, contract_type=kind,
                                     is_active=False, rent_monthly=_historical_rent(info.rent, start, today),
                                     source_id=f"{SOURCE_PREFIX}t{info.pk}-{start:%Y%m%d}"))
            info.earliest_start = start
        writer.add(household, persons, tenancies)
    writer.flush()

    return RegisterCounts(dwellings=len(infos), **writer.counts)
