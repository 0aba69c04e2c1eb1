"""Screening the whole tenant portfolio: who could buy the dwelling they rent, and who is close.

Every active tenancy on a dwelling with a market value is assessed at once by the vectorised
engine (boligvei.finance.screening), from register rows loaded in three queries. Households are
ranked by readiness: ready (can buy their dwelling at its market value), close (short by at
most 15 % of the price), further away. Tenancies that cannot be screened are listed with why.
Each candidate is checked against the target group of the guidelines in force on the day.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from django.db.models import Q

from boligvei.assessments.selectors import assessment_year, request_from_register
from boligvei.finance.assess import InvalidRequest, from_json
from boligvei.assessments.parameters import parameter_set, texts_in_force
from boligvei.finance.screening import ScreeningInput, screen
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.rules import TargetGroupCheck
from boligvei.guidelines.selectors import target_groups
from boligvei.housing.models import Tenancy
from boligvei.people.access import visible_households_q
from boligvei.people.models import Person

CLOSE_SHARE = 0.15
READINESS = {"ready": "Kan kjøpe boligen nå", "close": "Nær – mangler lite", "far": "Lengre vei"}


@dataclass(frozen=True)
class Candidate:
    household_id: int
    household_name: str
    dwelling_id: int
    street_address: str
    area: str
    rent_to_own_potential: bool
    rent_monthly: int
    total_price: int
    max_price: int
    shortfall: int
    surplus_monthly: int
    readiness: str
    # The household against the target group of the guidelines in force on the day (None
    # without guidelines): in it by which paragraph, or not and why.
    target_group: TargetGroupCheck | None = None

    @property
    def readiness_label(self) -> str:
        return READINESS[self.readiness]

    @property
    def target_group_text(self) -> str:
        return self.target_group.summary() if self.target_group is not None else ""


@dataclass(frozen=True)
class Skipped:
    household_id: int
    household_name: str
    reason: str


@dataclass(frozen=True)
class PortfolioScreening:
    year: int
    date: dt.date
    candidates: list[Candidate]
    skipped: list[Skipped]
    guideline: GuidelineVersion | None = None


def _readiness(can_buy: bool, shortfall: float, total_price: float) -> str:
    if can_buy:
        return "ready"
    return "close" if shortfall <= CLOSE_SHARE * total_price else "far"


def portfolio_screen(*, today: dt.date, user=None) -> PortfolioScreening:
    """Every tenant screened at once; with `user`, the tenants whose households the user may see."""
    scope = visible_households_q(user, via="household") if user is not None else Q()
    tenancies = list(Tenancy.objects.filter(scope, is_active=True).select_related("household", "dwelling")
                     .order_by("household__name", "id"))
    members = defaultdict(list)
    for person in Person.objects.filter(scope, household__tenancies__is_active=True).order_by("birth_date", "id"):
        members[person.household_id].append(person)

    screened, requests, skipped = [], [], []
    for tenancy in tenancies:
        household, dwelling = tenancy.household, tenancy.dwelling
        if not dwelling.market_value:
            reason = ("Boligen er innleid og kan ikke selges til leietaker." if dwelling.tenure == "rented_in"
                      else "Boligen mangler markedsverdi.")
            skipped.append(Skipped(household.pk, household.name, reason))
            continue
        data = request_from_register(members=members[household.pk], household=household, tenancy=tenancy,
                                     dwelling=dwelling, today=today)
        try:
            requests.append(from_json(data))
        except InvalidRequest as exc:
            reasons = "; ".join(f"{e['field']}: {e['message']}" for e in exc.to_json()["errors"])
            skipped.append(Skipped(household.pk, household.name, f"Kan ikke beregnes ({reasons})."))
            continue
        screened.append(tenancy)

    year = assessment_year(today)
    candidates = []
    if requests:
        result = screen(ScreeningInput.from_requests(requests), parameter_set(year, texts_in_force(year)))
        max_price = np.floor(np.maximum(result.max_price, 0))
        for i, tenancy in enumerate(screened):
            total = float(result.total_price[i])
            shortfall = float(np.ceil(max(result.shortfall[i], 0)))
            candidates.append(Candidate(
                household_id=tenancy.household_id, household_name=tenancy.household.name,
                dwelling_id=tenancy.dwelling_id, street_address=tenancy.dwelling.street_address,
                area=tenancy.dwelling.area, rent_to_own_potential=tenancy.dwelling.rent_to_own_potential,
                rent_monthly=tenancy.rent_monthly, total_price=int(total), max_price=int(max_price[i]),
                shortfall=int(shortfall), surplus_monthly=int(np.floor(result.surplus_monthly[i])),
                readiness=_readiness(bool(result.can_buy_own_dwelling[i]), shortfall, total),
            ))
    rank = {"ready": 0, "close": 1, "far": 2}
    candidates.sort(key=lambda c: (rank[c.readiness], c.shortfall, -c.max_price, c.household_name))
    guideline, groups = target_groups([c.household_id for c in candidates], today)
    candidates = [replace(c, target_group=groups.get(c.household_id)) for c in candidates]
    return PortfolioScreening(year=year, date=today, candidates=candidates, skipped=skipped, guideline=guideline)


def candidates_filtered(screening: PortfolioScreening, *, search: str = "", filters: dict) -> list[Candidate]:
    rows = screening.candidates
    if filters.get("readiness"):
        rows = [c for c in rows if c.readiness == filters["readiness"]]
    if filters.get("area"):
        rows = [c for c in rows if c.area == filters["area"]]
    if filters.get("potential") == "yes":
        rows = [c for c in rows if c.rent_to_own_potential]
    if filters.get("target_group") in ("in", "out"):
        wanted = filters["target_group"] == "in"
        rows = [c for c in rows if c.target_group is not None and c.target_group.in_group == wanted]
    for word in search.lower().split():
        rows = [c for c in rows if word in c.household_name.lower() or word in c.street_address.lower()]
    return rows
