"""The demo municipality's programme history, from the first letters in March 2012 to today.

Fjordvik's programme follows Skien's (`shared/seed/000`): every tenant was invited in writing
from March 2012, and 11 households bought in 2012, 17 in 2013 and 10 in 2014. The later years
are a plausible continuation. The history is written the way a municipality would import the
records of a programme already under way: back-dated rows in bulk (the services record only what
happens now), and then the funnel stages derived from the case events
(`cases.milestones.milestones_rebuild`).

What it writes, the same for the same seed and reference date:

- Purchases. Each is a household of its own, with a case that follows the whole pipeline, the
  tenancy that ended on the day the purchase was completed, and a dwelling of its own (new rows,
  so that nothing collides with the register's timelines). About 55 % bought the dwelling they
  rented: it is sold and leaves the stock. The others bought another home: the municipal
  dwelling is freed and let again from the waiting list 2–10 weeks later, and again each time a
  later tenant moves out.
- Stock renewal. In the months after the sales, the municipality buys about 60 % as many
  dwellings as it sold, and lets them from the waiting list.
- Earlier tenants. The register's dwellings were let before their present tenants moved in.
  Those earlier households are written as former tenants, so that the invitations of 2012 and
  the years after went to the people who were tenants then.
- Invitation cohorts. Every year letters went out (and a few households came in another way) to
  the tenants of that time: the register's and the earlier ones. These cases did not end in a
  purchase: each follows allowed moves (`cases.pipeline.TRANSITIONS`) to an exit or a close, so
  none is open today.

A register smaller than the demo's gets a proportionally smaller history.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from boligvei.cases.decisions import APPEAL_NOTICE
from boligvei.cases.milestones import milestones_rebuild
from boligvei.cases.models import (
    Case,
    CaseEvent,
    Channel,
    Decision,
    DecisionKind,
    DecisionOutcome,
    EventKind,
    Purchase,
)
from boligvei.cases.pipeline import CLOSED_STATUSES, INVITE_AGAIN, TRANSITIONS, Status
from boligvei.core.models import User
from boligvei.demo.generator import (
    DEMO_DWELLINGS,
    SOURCE_PREFIX,
    _add_years,
    _BEDROOMS,
    _FLOOR_AREA,
    _RENT_BASE,
    _dwelling_for,
    _historical_rent,
    _household,
    _IdentityNumbers,
    _need_category,
    _persons,
    _pick,
    _plan_household,
    _priority,
    _round_to,
    _StreetNumbers,
)
from boligvei.demo.places import AREAS, Area
from boligvei.housing.models import (
    BuildingType,
    ContractType,
    Dwelling,
    DwellingStatus,
    OwnershipForm,
    Tenancy,
    Tenure,
    WaitingListEntry,
    WaitingListStatus,
)
from boligvei.lib import crypto
from boligvei.meetings.workdays import is_working_day
from boligvei.people.consent import PURPOSES
from boligvei.people.models import Consent, ConsentMethod, ConsentPurpose, Household, Person

PROGRAMME_START = dt.date(2012, 3, 1)  # the first invitation letters
FIRST_COMPLETION = dt.date(2012, 8, 1)  # the first purchases were completed that summer
SECOND_CASEWORKER_FROM = dt.date(2014, 1, 6)  # Bydel Nord got its own caseworker
REGISTERED_AFTER = 14  # days: a purchase is in the history once completed this long ago

# Purchases by year of completion: Skien's first three years, then a plausible continuation.
PURCHASES = {2012: 11, 2013: 17, 2014: 10, 2015: 9, 2016: 12, 2017: 8, 2018: 11, 2019: 9, 2020: 7,
             2021: 10, 2022: 8, 2023: 6, 2024: 7, 2025: 9}
PURCHASES_LATER = 8  # a year, after the table
RENTED_SHARE = 0.55  # bought the dwelling they rented
ACQUIRED_PER_SOLD = 0.6  # dwellings bought in the months after a sale, per dwelling sold
PRICE_2012 = (1_600_000, 3_400_000)  # a home bought with startlån in 2012
PRICE_GROWTH = 0.03  # a year

# Cases opened per year that did not end in a purchase: everyone was invited in 2012, then the
# programme invited new tenants and those who had asked to be invited again.
COHORTS = {2012: 420, 2013: 380, 2014: 300, 2015: 220, 2016: 200, 2017: 190, 2018: 180, 2019: 170, 2020: 130,
           2021: 150, 2022: 160, 2023: 170, 2024: 180, 2025: 190}
COHORT_LATER = 170
LETTER_SHARE = 0.85
# What a household agreed to on its way through a case: to the mapping when the case was first
# mapped, to sharing with Husbanken when it first applied for startlån (people/consent.py).
CONSENT_AT = {Status.MAPPED: ConsentPurpose.MAPPING, Status.APPLYING: ConsentPurpose.SHARE_HUSBANKEN}
OTHER_CHANNELS = {Channel.SERVICE_CENTRE: 3, Channel.NAV: 3, Channel.OTHER_AGENCY: 2, Channel.USER_ORGANISATION: 1,
                  Channel.FLYER: 2, Channel.SELF_REFERRAL: 3}
REFERRERS = {
    Channel.NAV: ("Marte Lunde, NAV Fjordvik", "Ola Brekke, NAV Fjordvik", "Amina Said, NAV Fjordvik"),
    Channel.OTHER_AGENCY: ("Flyktningtjenesten i Fjordvik", "Helsestasjonen, Fjordvik kommune",
                           "Frivilligsentralen i Fjordvik"),
    Channel.USER_ORGANISATION: ("Silje Berg, A-LARM",),
}
# Letters in 2012: most in the first weeks, the rest through the year (month, day, share).
WAVES_2012 = ((3, 1, 0.40), (4, 16, 0.20), (5, 14, 0.15), (6, 11, 0.10), (9, 10, 0.10), (10, 15, 0.05))
WAVES_LATER = ((2, 1, 40, 0.5), (9, 1, 40, 0.4), (5, 2, 30, 0.1))  # month, day, spread in days, share
COOLDOWN_DAYS = 365  # a household is not invited again within a year of its last case

# How far a case got before it ended, as (cumulative share, the moves after "invited"), for
# letters: about 55 % answer, 40 % have a conversation, 25 % get an assessment, 14 % come to a
# follow-up plan (or further), 8 % apply and 3 % get a financing certificate but do not buy.
# "answer" is a no at once; "mapped?" and "plan?" are steps taken in half the cases.
_S = Status
OUTCOMES = (
    (0.45, ()),
    (0.56, ("answer",)),
    (0.60, (_S.MEETING_BOOKED,)),
    (0.75, (_S.MEETING_BOOKED, _S.CONVERSATION_HELD, "mapped?")),
    (0.86, (_S.MEETING_BOOKED, _S.CONVERSATION_HELD, _S.MAPPED, _S.ASSESSED)),
    (0.92, (_S.MEETING_BOOKED, _S.CONVERSATION_HELD, _S.MAPPED, _S.ASSESSED, _S.FOLLOW_UP_PLAN)),
    (0.97, (_S.MEETING_BOOKED, _S.CONVERSATION_HELD, _S.MAPPED, _S.ASSESSED, "plan?", _S.APPLYING)),
    (1.00, (_S.MEETING_BOOKED, _S.CONVERSATION_HELD, _S.MAPPED, _S.ASSESSED, "plan?", _S.APPLYING,
            _S.FINANCING_APPROVED)),
)
# Days from one status to the next (low, high).
GAPS = {
    _S.MEETING_BOOKED: (7, 45), _S.CONVERSATION_HELD: (5, 25), _S.MAPPED: (1, 14), _S.ASSESSED: (7, 40),
    _S.FOLLOW_UP_PLAN: (3, 21), _S.APPLYING: (7, 45), _S.FINANCING_APPROVED: (14, 60),
}
PLAN_TO_APPLYING = (60, 360)

# Why a case ended where it did: (status, text, chance of a date to invite again).
EXIT_REASONS = {
    "silent": ((_S.NO_ANSWER, "Har ikke svart på invitasjonen eller påminnelsen.", 0.4),
               (_S.NO_ANSWER, "Svarte ikke på brev, SMS eller telefon.", 0.4)),
    _S.INVITED: ((_S.DECLINED, "Ønsker å fortsette å leie.", 0.5),
                 (_S.DECLINED, "Trives som leietaker og vil ikke kjøpe.", 0.3),
                 (_S.DECLINED, "Vil vente til barna er ferdige på skolen.", 0.8),
                 (_S.NOT_RELEVANT, "Har nettopp fått ny jobb; tar kontakt når inntekten er stabil.", 0.7),
                 (_S.NOT_RELEVANT, "Helsesituasjonen gjør et kjøp uaktuelt nå.", 0.4)),
    _S.MEETING_BOOKED: ((_S.NO_ANSWER, "Kom ikke til avtalt møte og har ikke svart siden.", 0.5),
                        (_S.DECLINED, "Avlyste møtet; ønsker ikke å gå videre nå.", 0.5)),
    _S.CONVERSATION_HELD: ((_S.DECLINED, "Ønsker ikke å ta opp lån.", 0.3),
                           (_S.NOT_RELEVANT, "Inntekten er for lav og for usikker til et startlån nå.", 0.6),
                           (_S.NOT_RELEVANT, "Har betalingsanmerkninger; må ordne gjelden først.", 0.7)),
    _S.MAPPED: ((_S.DECLINED, "Vil heller spare på egen hånd en stund.", 0.5),
                (_S.NOT_RELEVANT, "Har gjeld hos inkasso; henvist til gjeldsrådgiver i NAV.", 0.7)),
    _S.ASSESSED: ((_S.NOT_RELEVANT, "Betjeningsevnen holder ikke ved stresstest av renten.", 0.6),
                  (_S.DECLINED, "Å eie ble dyrere enn husleien; vil fortsette å leie.", 0.3)),
    _S.FOLLOW_UP_PLAN: ((_S.NOT_RELEVANT, "Klarte ikke å følge spareplanen; nytt forsøk senere.", 0.8),
                        (_S.DECLINED, "Ønsker å vente med kjøp.", 0.6)),
    _S.APPLYING: ((_S.NOT_RELEVANT, "Fikk avslag på startlån.", 0.7),
                  (_S.DECLINED, "Trakk søknaden om startlån.", 0.3)),
    _S.FINANCING_APPROVED: ((_S.NOT_RELEVANT, "Fant ikke bolig innenfor finansieringsbeviset før det gikk ut.", 0.7),
                            (_S.DECLINED, "Bestemte seg for å fortsette å leie.", 0.3)),
}
MOVED_OUT = "Husstanden har flyttet fra den kommunale boligen."
CLOSED_BY_DEADLINE = "Husstanden vil vente og tar kontakt selv."
RECOMMENDATION = "Husstanden har stabil inntekt og betjeningsevne i stresstesten."
GRANT_RECOMMENDATION = "Husstanden har varig lav inntekt; med tilskudd kan lånet betjenes."
REFUSAL_GROUNDS = ("Husstanden kan ikke betjene lånet med renten i stresstesten, og har ikke vist at "
                   "den har et varig finansieringsproblem som startlån kan løse.")

_NEW_KINDS = {"block_cooperative": 30, "block_section": 25, "block_rented_in": 10, "terraced": 18,
              "semi_detached": 9, "detached": 8}
_ADDRESS = re.compile(r"^(?P<street>.*\D)\s(?P<number>\d+)(?:\s[A-Z])?$")


@dataclass
class _Span:
    """A household's time as tenant of one dwelling: whom the programme could invite, and when."""

    household: Household | int  # a new household, or the pk of one in the register
    area: Area
    rto: bool
    start: dt.date
    end: dt.date | None  # None: a tenant still
    busy_until: dt.date = dt.date.min  # the last day of the household's latest case
    cases: int = 0
    invite_again_on: dt.date | None = None


@dataclass
class _Move:
    day: dt.date
    status: str
    text: str = ""
    invite_again_on: dt.date | None = None
    at: dt.datetime | None = None


@dataclass
class _DecisionPlan:
    kind: str
    amount: int | None
    outcome: str  # approved or refused
    decided_before: int  # the move the decision comes just before (recommended after the one before it)


@dataclass
class _CasePlan:
    household: Household | int
    area: str
    channel: str
    caseworker: User
    moves: list[_Move]
    referred_by: str = ""
    decisions: list[_DecisionPlan] = field(default_factory=list)
    letter: bool = False


def demo_history_create(*, seed: int, today: dt.date) -> dict:
    """Write Fjordvik's programme history up to `today` into the register; returns the counts.

    Runs after the register is generated and the demo staff exist; the caller owns the
    transaction. Without the demo caseworkers, or before the programme started, it writes nothing.
    """
    return _History(seed=seed, today=today).write()


class _History:
    def __init__(self, *, seed: int, today: dt.date):
        self.rng = random.Random(f"fjordvik-history-{seed}")
        self.today = today
        self.tz = timezone.get_current_timezone()
        users = {user.username: user for user in User.objects.filter(
            username__in=["saksbehandler", "saksbehandler2", "fullmaktshaver", "programleder"])}
        self.caseworker = users.get("saksbehandler")
        self.caseworker2 = users.get("saksbehandler2") or self.caseworker
        self.approver = users.get("fullmaktshaver")
        self.leader = users.get("programleder") or self.caseworker
        self.households: list[tuple[Household, list[Person]]] = []
        self.dwellings: list[Dwelling] = []
        self.tenancies: list[Tenancy] = []
        self.entries: list[WaitingListEntry] = []
        self.cases: list[tuple[Case, list[CaseEvent], list[Decision], Purchase | None]] = []
        self.spans: list[_Span] = []
        self.counts = dict(purchases=0, bought_rented=0, bought_other=0, relets=0, acquisitions=0,
                           earlier_tenants=0, cases=0, events=0, households=0, dwellings=0)
        self.areas = {area.name: area for area in AREAS}
        self.serial = 0

    # --- the whole history ----------------------------------------------------------------------

    def write(self) -> dict:
        if self.caseworker is None or self.approver is None or self.today < PROGRAMME_START:
            return self.counts
        register_dwellings = Dwelling.objects.count()
        self.scale = min(1.0, register_dwellings / DEMO_DWELLINGS)
        self._load_register()
        sales = self._purchases()
        self._acquisitions(sales)
        self._earlier_tenants()
        self._cohorts()
        self._save()
        return self.counts

    def _load_register(self) -> None:
        """What the history needs from the generated register: who rented what and when, the
        identity numbers in use and the addresses taken."""
        rng = self.rng
        taken = set(Person.objects.exclude(identity_number_hash=None).values_list("identity_number_hash", flat=True))
        self.ids = _FreshIdentityNumbers(rng, taken)
        self.numbers = _StreetNumbers(rng)
        highest: dict[str, int] = {}
        addresses = list(Dwelling.objects.values_list("street_address", flat=True)) + list(
            Household.objects.exclude(address_line="").values_list("address_line", flat=True))
        for address in addresses:
            match = _ADDRESS.match(address.split(",")[0].strip())
            if match:
                street, number = match["street"], int(match["number"])
                highest[street] = max(highest.get(street, 0), number)
        for street, number in sorted(highest.items()):
            self.numbers.next[street] = number + rng.randint(1, 5)

        rows = (Tenancy.objects.order_by("household_id", "start_date", "id")
                .values_list("household_id", "start_date", "end_date", "is_active", "dwelling__area",
                             "dwelling__rent_to_own_potential"))
        by_household: dict[int, list] = {}
        for household_id, start, end, active, area, rto in rows:
            span = by_household.get(household_id)
            if span is None:
                by_household[household_id] = [start, None if active else end, area, rto, active]
            else:
                span[0] = min(span[0], start)
                span[4] = span[4] or active
                span[1] = None if span[4] else max(span[1] or end, end)
        for household_id, (start, end, area, rto, _) in by_household.items():
            if area in self.areas:
                self.spans.append(_Span(household=household_id, area=self.areas[area], rto=rto, start=start,
                                        end=end))

    # --- purchases ------------------------------------------------------------------------------

    def _purchase_days(self) -> list[dt.date]:
        """Completion days, year by year: the table's numbers (scaled to the register), the
        current year pro rata, each at least REGISTERED_AFTER days back."""
        rng, last = self.rng, self.today - dt.timedelta(days=REGISTERED_AFTER)
        days = []
        for year in range(PROGRAMME_START.year, last.year + 1):
            first = max(dt.date(year, 1, 5), FIRST_COMPLETION)
            full_end = dt.date(year, 12, 20)
            end = min(full_end, last)
            if end < first:
                continue
            share = (end - first).days / max(1, (full_end - first).days)
            count = round(PURCHASES.get(year, PURCHASES_LATER) * self.scale * min(1.0, share))
            span = (end - first).days
            days += sorted(_workday_back(first + dt.timedelta(days=rng.randint(0, span)), first)
                           for _ in range(count))
        return days

    def _purchases(self) -> list[dt.date]:
        """Write each purchase with its household, dwelling, tenancy and case; returns the days
        the rented dwellings were sold."""
        rng, today = self.rng, self.today
        sales = []
        for completed in self._purchase_days():
            rented = rng.random() < RENTED_SHARE
            opened = self._opening_before(completed)
            dwelling, area = self._new_dwelling(owned=rented, family=True)
            price = _round_to(rng.uniform(*PRICE_2012) * (1 + PRICE_GROWTH) ** (completed.year - 2012), 10_000)
            if rented:
                price = self._fit_to_price(dwelling, area, price, completed.year)
            financing = _financing(rng, price)

            # The household, as it was when it bought; a tenant for years before the case opened.
            start = opened - dt.timedelta(days=rng.randint(365, 12 * 365))
            household, _, start = self._new_household(ref=completed, start=start, bedrooms=dwelling.bedrooms,
                                                       area=area, address=None, settled=True)
            self.tenancies.append(Tenancy(
                dwelling=dwelling, household=household, start_date=start, end_date=completed,
                contract_type=ContractType.INDEFINITE if rng.random() < 0.3 else ContractType.FIXED_TERM,
                is_active=False, rent_monthly=_historical_rent(dwelling.rent_monthly, start, today),
                source_id=f"{SOURCE_PREFIX}t-h{self.serial}-{start:%Y%m%d}"))
            common_debt = 0
            if rented:
                dwelling.status = DwellingStatus.SOLD
                dwelling.sold_on, dwelling.sale_price = completed, price
                dwelling.rent_to_own_potential = False
                dwelling.market_value = dwelling.valuation_date = None  # valued for the sale, not since
                growth = (1 + PRICE_GROWTH) ** (completed.year - today.year)
                common_debt = _round_to(dwelling.common_debt * growth, 1000)
                address = _dwelling_address(dwelling)
                household.address_line, household.postal_code, household.postal_place = (
                    address, dwelling.postal_code, dwelling.postal_place)
                bought_address = dwelling.street_address
                sales.append(completed)
                self.counts["bought_rented"] += 1
            else:
                line, code, place = self._private_address()
                household.address_line, household.postal_code, household.postal_place = line, code, place
                bought_address = f"{line}, {code} {place}"
                if rng.random() < 0.3:  # a flat in a housing cooperative
                    common_debt = _round_to(price * rng.uniform(0.1, 0.35), 1000)
                self.counts["bought_other"] += 1

            plan = self._purchase_case(household, area, opened, completed, financing)
            case, events, decisions = self._build_case(plan)
            purchase = Purchase(
                case=case, completed_on=completed, price=price, common_debt=common_debt, **financing,
                bought_rented_dwelling=rented, dwelling=dwelling if rented else None,
                freed_dwelling=None if rented else dwelling, address=bought_address)
            self.cases.append((case, events, decisions, purchase))
            self.counts["purchases"] += 1
            if not rented:  # the freed dwelling is let again from the waiting list
                relet = min(completed + dt.timedelta(days=rng.randint(14, 70)), today)
                self._let(dwelling, area, _workday_back(relet, completed + dt.timedelta(days=1)), relet=True)
        return sales

    def _opening_before(self, completed: dt.date) -> dt.date:
        """The case opened 5–30 months before the purchase, never before the programme started."""
        rng = self.rng
        opened = completed - dt.timedelta(days=rng.randint(150, 910))
        if opened < PROGRAMME_START or opened.year == PROGRAMME_START.year and opened.month > 6:
            latest = min(dt.date(2012, 6, 30), completed - dt.timedelta(days=150))
            opened = PROGRAMME_START + dt.timedelta(days=rng.randint(0, max(0, (latest - PROGRAMME_START).days)))
        return _workday(opened)

    def _fit_to_price(self, dwelling: Dwelling, area: Area, price: int, year: int) -> int:
        """Size the dwelling a tenant bought to its price (the area's price per m², 3 % a year
        back from today's level); returns the price for the size it got."""
        rng = self.rng
        per_m2 = area.price_per_m2 * rng.uniform(0.9, 1.1) * (1 + PRICE_GROWTH) ** (year - self.today.year)
        smallest, largest = (30, 130) if dwelling.building_type == BuildingType.APARTMENT else (60, 180)
        floor_area = min(max(price / per_m2, smallest), largest)
        bedrooms = min(_FLOOR_AREA, key=lambda b: 0 if _FLOOR_AREA[b][0] <= floor_area <= _FLOOR_AREA[b][1]
                       else min(abs(floor_area - _FLOOR_AREA[b][0]), abs(floor_area - _FLOOR_AREA[b][1])))
        dwelling.floor_area = Decimal(f"{floor_area:.1f}")
        dwelling.bedrooms, dwelling.rooms = bedrooms, bedrooms + 1
        dwelling.rent_monthly = _round_to(_RENT_BASE[bedrooms] * math.sqrt(area.price_per_m2 / 31_000)
                                          * rng.uniform(0.93, 1.07), 50)
        return _round_to(floor_area * per_m2, 10_000)

    def _purchase_case(self, household, area: Area, opened: dt.date, completed: dt.date,
                       financing: dict) -> _CasePlan:
        """The whole pipeline, from the letter to the close a year after the purchase."""
        rng, today = self.rng, self.today
        approved = completed - dt.timedelta(days=rng.randint(20, 110))
        approved = max(approved, opened + dt.timedelta(days=40))
        steps = [_S.MEETING_BOOKED, _S.CONVERSATION_HELD, _S.MAPPED, _S.ASSESSED]
        weights = [2, 2, 1, 3]
        if rng.random() < 0.55:
            steps.append(_S.FOLLOW_UP_PLAN)
            weights.append(3)
        steps.append(_S.APPLYING)
        weights.append(8 if _S.FOLLOW_UP_PLAN in steps else 4)
        weights.append(2)  # applying to the financing certificate
        weights = [w * rng.uniform(0.5, 1.5) for w in weights]
        total, running, span = sum(weights), 0.0, (approved - opened).days
        moves = [_Move(opened, _S.INVITED)]
        for status, weight in zip(steps, weights, strict=False):
            running += weight
            moves.append(_Move(_workday_back(opened + dt.timedelta(days=round(span * running / total)), opened),
                               status))
        moves.append(_Move(approved, _S.FINANCING_APPROVED))
        registered = _workday(completed + dt.timedelta(days=rng.randint(1, 10)))
        moves.append(_Move(registered, _S.PURCHASED, "Kjøpet er registrert."))
        follow_up = _workday(registered + dt.timedelta(days=rng.randint(7, 40)))
        if follow_up < today:
            moves.append(_Move(follow_up, _S.AFTER_PURCHASE))
            closed = _workday(completed + dt.timedelta(days=rng.randint(300, 430)))
            if closed < today:
                moves.append(_Move(closed, _S.CLOSED, "Husstanden mestrer å eie. Oppfølgingen er avsluttet."))
        _spread(rng, moves)
        channel, referred_by = self._channel(letter_share=0.8)
        plan = _CasePlan(household=household, area=area.name, channel=channel, caseworker=self._caseworker_for(
            area, opened), moves=moves, referred_by=referred_by, letter=channel == Channel.LETTER)
        applying = next(n for n, move in enumerate(moves) if move.status == _S.APPLYING)
        if financing["startlan"]:
            plan.decisions.append(_DecisionPlan(DecisionKind.STARTLAN, financing["startlan"],
                                                DecisionOutcome.APPROVED, applying + 1))
        if financing["grant"]:
            plan.decisions.append(_DecisionPlan(DecisionKind.GRANT, financing["grant"],
                                                DecisionOutcome.APPROVED, applying + 1))
        return plan

    # --- letting, re-letting and buying dwellings ------------------------------------------------

    def _let(self, dwelling: Dwelling, area: Area, first: dt.date, *, relet: bool = False) -> None:
        """Let the dwelling from `first` to households from the waiting list, one after the other,
        until today; the last one is the present tenant, unless the dwelling stands empty now."""
        rng, today = self.rng, self.today
        day = first
        while day <= today:
            end = day + dt.timedelta(days=rng.randint(540, 10 * 365))
            active = end > today
            ref = today if active else end
            household, plan, day = self._new_household(
                ref=ref, start=day, bedrooms=dwelling.bedrooms, area=area,
                address=None if active or rng.random() < 0.25 else self._private_address(), settled=False)
            if active:
                term = 5 if rng.random() < 0.5 else 3
                if rng.random() < 0.35:
                    kind, agreed_end = ContractType.INDEFINITE, None
                else:
                    kind, agreed_end = ContractType.FIXED_TERM, _add_years(day, term) - dt.timedelta(days=1)
                    while agreed_end <= today:  # renewed for the same term
                        agreed_end = _add_years(agreed_end, term)
                rent = dwelling.rent_monthly
            else:
                kind = ContractType.FIXED_TERM if rng.random() < 0.75 else ContractType.INDEFINITE
                agreed_end, rent = end, _historical_rent(dwelling.rent_monthly, day, today)
            self.tenancies.append(Tenancy(
                dwelling=dwelling, household=household, start_date=day, end_date=agreed_end, contract_type=kind,
                is_active=active, rent_monthly=rent, source_id=f"{SOURCE_PREFIX}t-h{self.serial}-{day:%Y%m%d}"))
            need = _need_category(rng, plan, ref)
            self.entries.append(WaitingListEntry(
                household=household, application_date=day - dt.timedelta(days=rng.randint(60, 420)),
                need_category=need, priority=_priority(rng, need), status=WaitingListStatus.ALLOCATED,
                status_date=day, allocated_dwelling=dwelling))
            if relet:
                self.counts["relets"] += 1
                relet = False
            self._add_span(household, area, dwelling, day, None if active else end)
            if active:
                break
            day = _workday(end + dt.timedelta(days=rng.randint(14, 90)))

    def _acquisitions(self, sales: list[dt.date]) -> None:
        """Replacement dwellings bought in the months after each year's sales."""
        rng, today = self.rng, self.today
        by_year: dict[int, list[dt.date]] = {}
        for day in sales:
            by_year.setdefault(day.year, []).append(day)
        for year in sorted(by_year):
            for _ in range(round(len(by_year[year]) * ACQUIRED_PER_SOLD)):
                acquired = rng.choice(by_year[year]) + dt.timedelta(days=rng.randint(30, 240))
                if acquired > today - dt.timedelta(days=30):
                    continue
                acquired = _workday(acquired)
                dwelling, area = self._new_dwelling(owned=True, family=rng.random() < 0.5)
                dwelling.acquired_on = acquired
                dwelling.acquisition_price = _round_to(
                    float(dwelling.floor_area) * area.price_per_m2 * rng.uniform(0.9, 1.1)
                    * (1 + PRICE_GROWTH) ** (acquired.year - today.year), 10_000)
                if dwelling.valuation_date is not None:
                    dwelling.valuation_date = max(dwelling.valuation_date, acquired)
                self.counts["acquisitions"] += 1
                first_let = _workday(acquired + dt.timedelta(days=rng.randint(20, 100)))
                if first_let <= today:
                    self._let(dwelling, area, first_let)

    def _earlier_tenants(self) -> None:
        """The tenants of the register's dwellings before the present ones moved in, back to
        before the programme started, enough that the letters of 2012 had someone to go to."""
        rng, today = self.rng, self.today
        first_let = dict(Tenancy.objects.values("dwelling_id").annotate(first=Min("start_date"))
                         .values_list("dwelling_id", "first"))
        dwellings = list(Dwelling.objects.filter(pk__in=first_let.keys(), status=DwellingStatus.IN_USE,
                                                 source_id__startswith=SOURCE_PREFIX).order_by("pk"))
        rng.shuffle(dwellings)
        survey = dt.date(2012, 4, 1)
        wanted = round(COHORTS[2012] * self.scale / 0.7)
        tenants_then = sum(1 for span in self.spans if span.start < survey and (span.end is None or span.end > survey))
        for dwelling in dwellings:
            if tenants_then >= wanted:
                break
            area = self.areas.get(dwelling.area)
            end = first_let[dwelling.pk] - dt.timedelta(days=rng.randint(1, 60))
            if area is None or end < dt.date(2012, 9, 1):
                continue
            for _ in range(3):
                start = end - dt.timedelta(days=rng.randint(900, 12 * 365))
                start = max(start, min(end - dt.timedelta(days=365), dt.date(1998, 1, 1)))
                household, plan, start = self._new_household(
                    ref=end, start=start, bedrooms=dwelling.bedrooms, area=area,
                    address=self._private_address() if rng.random() < 0.75 else None, settled=False)
                self.tenancies.append(Tenancy(
                    dwelling_id=dwelling.pk, household=household, start_date=start, end_date=end,
                    contract_type=ContractType.FIXED_TERM if rng.random() < 0.75 else ContractType.INDEFINITE,
                    is_active=False, rent_monthly=_historical_rent(dwelling.rent_monthly, start, today),
                    source_id=f"{SOURCE_PREFIX}t{dwelling.pk}-{start:%Y%m%d}"))
                if start > dt.date(2006, 1, 1) and rng.random() < 0.7:  # allocated from the waiting list
                    status_date = start - dt.timedelta(days=rng.randint(7, 45))
                    need = _need_category(rng, plan, start)
                    self.entries.append(WaitingListEntry(
                        household=household, application_date=status_date - dt.timedelta(days=rng.randint(30, 540)),
                        need_category=need, priority=_priority(rng, need), status=WaitingListStatus.ALLOCATED,
                        status_date=status_date, allocated_dwelling_id=dwelling.pk))
                self._add_span(household, area, dwelling, start, end)
                self.counts["earlier_tenants"] += 1
                if start < survey:
                    tenants_then += 1
                if start < PROGRAMME_START:
                    break
                end = start - dt.timedelta(days=rng.randint(14, 90))

    # --- invitation cohorts ---------------------------------------------------------------------

    def _cohorts(self) -> None:
        """The cases that did not end in a purchase, opened batch by batch in date order."""
        rng, today = self.rng, self.today
        last_opening = today - dt.timedelta(days=150)
        batches: list[tuple[list[dt.date], list[str]]] = []
        for year in range(PROGRAMME_START.year, today.year + 1):
            target = round(COHORTS.get(year, COHORT_LATER) * self.scale)
            letters = round(target * LETTER_SHARE)
            if year == PROGRAMME_START.year:
                waves = [(dt.date(year, month, day), share) for month, day, share in WAVES_2012]
            else:
                waves = [(dt.date(year, month, day) + dt.timedelta(days=rng.randint(0, spread)), share)
                         for month, day, spread, share in WAVES_LATER]
            for day, share in waves:
                day, count = _workday(day), round(letters * share)
                if day <= last_opening and count:
                    batches.append(([day] * count, [Channel.LETTER] * count))
            others = target - letters
            for month in range(1, 13):
                first = max(dt.date(year, month, 1), PROGRAMME_START)
                last = min(dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1), last_opening)
                count = sum(1 for _ in range(others) if rng.random() < 1 / 12)
                if last < first or not count:
                    continue
                days = sorted(_workday_back(first + dt.timedelta(days=rng.randint(0, (last - first).days)), first)
                              for _ in range(count))
                batches.append((days, [_pick(rng, OTHER_CHANNELS) for _ in days]))
        batches.sort(key=lambda batch: batch[0][0])
        for days, channels in batches:
            first, last = days[0], days[-1]
            eligible = [span for span in self.spans
                        if span.start < first - dt.timedelta(days=60)
                        and (span.end is None or span.end > last + dt.timedelta(days=30))
                        and span.busy_until < first - dt.timedelta(days=COOLDOWN_DAYS)
                        and (span.invite_again_on is None or span.invite_again_on <= first)]
            # Tenants of rent-to-own dwellings first, and those invited fewer times before
            # (Efraimidis–Spirakis: a weighted sample without replacement).
            keyed = sorted(eligible, key=lambda span: rng.random() ** ((1 + span.cases) / (3 if span.rto else 1)),
                           reverse=True)
            chosen = keyed[: min(len(days), round(len(eligible) * 0.8))]
            for span, day, channel in zip(chosen, days, channels, strict=False):
                self._cohort_case(span, day, channel)

    def _cohort_case(self, span: _Span, opened: dt.date, channel: str) -> None:
        rng, today = self.rng, self.today
        letter = channel == Channel.LETTER
        roll = rng.random() if letter else 0.2 + 0.8 * rng.random()
        path = next(path for share, path in OUTCOMES if roll < share)
        moves = [_Move(opened, _S.INVITED)]
        limit = min(span.end or today, today - dt.timedelta(days=1))
        moved_out = span.end is not None and span.end <= today - dt.timedelta(days=1)
        decisions: list[_DecisionPlan] = []
        day = opened
        cut = False
        for step in path:
            if step == "answer":
                break
            if step in ("mapped?", "plan?"):
                if rng.random() < 0.5:
                    continue
                step = _S.MAPPED if step == "mapped?" else _S.FOLLOW_UP_PLAN
            low, high = PLAN_TO_APPLYING if (step == _S.APPLYING and moves[-1].status == _S.FOLLOW_UP_PLAN) \
                else GAPS[step]
            day = _workday(day + dt.timedelta(days=rng.randint(low, high)))
            if day >= limit:
                cut = True
                break
            moves.append(_Move(day, step))
        reached = moves[-1].status
        if cut:
            exit_day = limit
            status, text, again = (_S.MOVED_OUT, MOVED_OUT, 0) if moved_out and limit == span.end else (
                (_S.NO_ANSWER, EXIT_REASONS["silent"][0][1], 0) if reached == _S.INVITED
                else (_S.NOT_RELEVANT, CLOSED_BY_DEADLINE, 1))
        else:
            if not path:
                status, text, again = rng.choice(EXIT_REASONS["silent"])
                gap = (35, 100)
            else:
                status, text, again = rng.choice(EXIT_REASONS[reached])
                gap = (4, 40) if reached == _S.INVITED else (90, 200) if reached == _S.FINANCING_APPROVED else (7, 90)
            exit_day = _workday(day + dt.timedelta(days=rng.randint(*gap)))
            if exit_day >= limit:
                exit_day = limit
                if moved_out and limit == span.end:
                    status, text, again = _S.MOVED_OUT, MOVED_OUT, 0
        invite_again = None
        if status in INVITE_AGAIN and rng.random() < again:
            invite_again = _add_years(exit_day, rng.choice((1, 1, 2, 3)))
        moves.append(_Move(exit_day, status, text, invite_again))
        if reached in (_S.APPLYING, _S.FINANCING_APPROVED):
            applying = next(n for n, move in enumerate(moves) if move.status == _S.APPLYING)
            amount = _round_to(rng.uniform(*PRICE_2012) * (1 + PRICE_GROWTH) ** (opened.year - 2012) * 0.85, 50_000)
            if reached == _S.FINANCING_APPROVED:
                decisions.append(_DecisionPlan(DecisionKind.STARTLAN, amount, DecisionOutcome.APPROVED, applying + 1))
            elif text == "Fikk avslag på startlån.":
                decisions.append(_DecisionPlan(DecisionKind.STARTLAN, amount, DecisionOutcome.REFUSED, applying + 1))
        _spread(rng, moves)
        plan = _CasePlan(household=span.household, area=span.area.name, channel=channel,
                         caseworker=self._caseworker_for(span.area, opened), moves=moves,
                         referred_by=rng.choice(REFERRERS[channel]) if channel in REFERRERS else "",
                         decisions=decisions, letter=letter)
        case, events, built = self._build_case(plan)
        self.cases.append((case, events, built, None))
        span.busy_until = moves[-1].day
        span.cases += 1
        span.invite_again_on = invite_again

    # --- cases, events and decisions --------------------------------------------------------------

    def _caseworker_for(self, area: Area, opened: dt.date) -> User:
        if opened < SECOND_CASEWORKER_FROM:
            return self.caseworker
        other = self.rng.random() < (0.15 if area.north else 0.08)
        north = self.caseworker2 if not other else self.caseworker
        south = self.caseworker if not other else self.caseworker2
        return north if area.north else south

    def _channel(self, *, letter_share: float) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < letter_share:
            return Channel.LETTER, ""
        channel = _pick(rng, OTHER_CHANNELS)
        return channel, rng.choice(REFERRERS[channel]) if channel in REFERRERS else ""

    def _build_case(self, plan: _CasePlan) -> tuple[Case, list[CaseEvent], list[Decision]]:
        """The case with its events (openings, moves, a reassignment or two, the letter and the
        decisions' notes) and decisions, checked against the pipeline's allowed moves."""
        rng, moves = self.rng, plan.moves
        for before, after in zip(moves, moves[1:], strict=False):
            assert after.status in TRANSITIONS[Status(before.status)], (before.status, after.status)
            assert after.at > before.at, (before, after)
        assert moves[-1].at.date() <= self.today

        # Who had the case: from 2014 Bydel Nord's open cases went to its own caseworker, and now
        # and then a case changes hands (holidays, workload).
        holder = plan.caseworker
        assignments: list[tuple[dt.datetime, User, User]] = []
        north = self.areas[plan.area].north if plan.area in self.areas else False
        handover = _aware(SECOND_CASEWORKER_FROM, dt.time(8, 5), self.tz)
        if (north and holder == self.caseworker and self.caseworker2 != self.caseworker
                and moves[0].at < handover < moves[-1].at):
            assignments.append((handover + dt.timedelta(seconds=len(self.cases) % 3000), holder, self.caseworker2))
        elif len(moves) >= 4 and self.caseworker2 != self.caseworker and rng.random() < 0.04:
            n = rng.randint(1, len(moves) - 2)
            at = moves[n].at + (moves[n + 1].at - moves[n].at) / 2
            new = self.caseworker2 if holder == self.caseworker else self.caseworker
            assignments.append((at, holder, new))

        owner = {"household": plan.household} if isinstance(plan.household, Household) else {
            "household_id": plan.household}
        case = Case(**owner, caseworker=holder, team=holder.team, status=moves[-1].status,
                    status_changed_at=moves[-1].at, invite_again_on=moves[-1].invite_again_on,
                    channel=plan.channel, referred_by=plan.referred_by, area=plan.area)
        events: list[CaseEvent] = []
        current = holder
        pending = list(assignments)
        for n, move in enumerate(moves):
            while pending and pending[0][0] < move.at:
                at, old, new = pending.pop(0)
                events.append(CaseEvent(case=case, at=at, actor=self.leader, kind=EventKind.ASSIGNED,
                                        text=f"Fra {old} til {new}.", caseworker=new))
                current = new
                case.version += 1
            if n:
                case.version += 1
            events.append(CaseEvent(
                case=case, at=move.at, actor=current, kind=EventKind.OPENED if n == 0 else EventKind.STATUS,
                from_status="" if n == 0 else moves[n - 1].status, to_status=move.status, text=move.text,
                invite_again_on=move.invite_again_on, caseworker=current))
            if n == 0 and plan.letter:
                events.append(CaseEvent(case=case, at=move.at + dt.timedelta(seconds=1), actor=current,
                                        kind=EventKind.LETTER,
                                        text=f"Invitasjon sendt {move.at:%d.%m.%Y}."))
        case.caseworker, case.team = current, current.team

        decisions = []
        for wish in plan.decisions:
            after, before = moves[wish.decided_before - 1].at, moves[wish.decided_before].at
            recommended = after + (before - after) * rng.uniform(0.1, 0.4)
            decided = after + (before - after) * rng.uniform(0.6, 0.95)
            recommender = next((e.caseworker for e in reversed(events)
                                if e.caseworker is not None and e.at <= recommended), current)
            grounds = "" if wish.outcome == DecisionOutcome.APPROVED else REFUSAL_GROUNDS
            text = GRANT_RECOMMENDATION if wish.kind == DecisionKind.GRANT else RECOMMENDATION
            decision = Decision(case=case, kind=wish.kind, amount=wish.amount, recommendation=text,
                                recommended_by=recommender, recommended_at=recommended, outcome=wish.outcome,
                                grounds=grounds, decided_by=self.approver, decided_at=decided)
            decisions.append(decision)
            kind_label = DecisionKind(wish.kind).label
            events.append(CaseEvent(case=case, at=recommended, actor=recommender, kind=EventKind.NOTE,
                                    text=f"Innstilling: {kind_label}. {text}"))
            outcome_text = f"Vedtak: {kind_label} {DecisionOutcome(wish.outcome).label.lower()}."
            if grounds:
                outcome_text += f" Begrunnelse: {grounds} {APPEAL_NOTICE}"
            events.append(CaseEvent(case=case, at=decided, actor=self.approver, kind=EventKind.NOTE,
                                    text=outcome_text))
        return case, events, decisions

    # --- households and dwellings ----------------------------------------------------------------

    def _new_household(self, *, ref: dt.date, start: dt.date, bedrooms: int | None, area: Area,
                       address: tuple[str, str, str] | None, settled: bool):
        """A household planned as it was on `ref`, whose main person was an adult on `start` (moved
        later where no plan fits). Returns the household, its plan and the start."""
        rng = self.rng
        min_age = 19 + max(0, math.ceil((ref - start).days / 365.25))
        for _ in range(5):
            plan = _plan_household(rng, ref, bedrooms=bedrooms, min_main_age=min(min_age, 70))
            if _add_years(plan.main.birth_date, 18) <= start:
                break
        adult = _add_years(plan.main.birth_date, 18) + dt.timedelta(days=1)
        start = max(start, adult)
        if settled:
            plan.recent = False  # buyers have lived here long enough to save and get a loan
        household = _household(rng, plan, team=self._team(area), address=address)
        persons = _persons(rng, plan, household, ref, self.ids, housing_allowance=not settled)
        self.households.append((household, persons))
        self.serial += 1
        return household, plan, start

    def _add_span(self, household: Household, area: Area, dwelling: Dwelling, start: dt.date,
                  end: dt.date | None) -> None:
        self.spans.append(_Span(household=household, area=area, rto=dwelling.rent_to_own_potential, start=start,
                                end=end))

    def _team(self, area: Area):
        return (self.caseworker2 if area.north else self.caseworker).team

    def _private_address(self) -> tuple[str, str, str]:
        area = self.rng.choices(AREAS, weights=[a.weight for a in AREAS])[0]
        street = self.rng.choice(area.streets)
        return f"{street} {self.numbers.take(street)}", area.postal_code, area.postal_place

    def _new_dwelling(self, *, owned: bool, family: bool) -> tuple[Dwelling, Area]:
        """A dwelling the municipality had (or bought): a flat in a block, a terraced or
        semi-detached house or a detached one, at an address of its own."""
        rng = self.rng
        area = _pick(rng, {a: a.weight for a in AREAS})
        kinds = {k: w for k, w in _NEW_KINDS.items() if not (owned and k == "block_rented_in")}
        kind = _pick(rng, kinds)
        street = rng.choice(area.streets)
        number = self.numbers.take(street)
        elevator = False
        if kind.startswith("block"):
            floor = rng.randint(1, 5)
            elevator = floor >= 3 and rng.random() < 0.6
            building_type, address = BuildingType.APARTMENT, f"{street} {number}"
            unit = f"H{floor:02d}{rng.randint(1, 4):02d}"
            ownership = {"block_cooperative": OwnershipForm.COOPERATIVE, "block_section": OwnershipForm.SECTION}.get(
                kind, OwnershipForm.SECTION)
            bedrooms = _pick(rng, _BEDROOMS["apartment"])
        elif kind in ("terraced", "semi_detached"):
            floor, unit = 1, "H0101"
            building_type = BuildingType.TERRACED if kind == "terraced" else BuildingType.SEMI_DETACHED
            address = f"{street} {number} {rng.choice('ABCD' if kind == 'terraced' else 'AB')}"
            ownership = OwnershipForm.SECTION if rng.random() < 0.6 else OwnershipForm.FREEHOLD
            bedrooms = _pick(rng, _BEDROOMS[kind])
        else:
            floor, unit, address = 1, "H0101", f"{street} {number}"
            building_type, ownership = BuildingType.DETACHED, OwnershipForm.FREEHOLD
            bedrooms = _pick(rng, _BEDROOMS["detached"])
        if family:
            bedrooms = max(bedrooms, 1)
        tenure = Tenure.RENTED_IN if kind == "block_rented_in" else Tenure.OWNED
        dwelling = _dwelling_for(rng, today=self.today, area=area, kind=kind, building_type=building_type,
                                 bedrooms=bedrooms, ownership=ownership, tenure=tenure, floor=floor, unit_number=unit,
                                 address=address, elevator=elevator, serial=0)
        self.serial += 1
        dwelling.source_id = f"{SOURCE_PREFIX}h{len(self.dwellings) + 1:05d}"
        self.dwellings.append(dwelling)
        return dwelling, area

    # --- writing ---------------------------------------------------------------------------------

    def _save(self) -> None:
        """Write it all in bulk, parents first. `bulk_create` stamps created_at with the time of
        the import, so the back-dated stamps of cases, decisions and purchases are put back after."""
        batch = 2000
        Dwelling.objects.bulk_create(self.dwellings, batch_size=batch)
        Household.objects.bulk_create([household for household, _ in self.households], batch_size=batch)
        Person.objects.bulk_create([person for _, persons in self.households for person in persons],
                                   batch_size=batch)
        Tenancy.objects.bulk_create(self.tenancies, batch_size=batch)
        WaitingListEntry.objects.bulk_create(self.entries, batch_size=batch)

        cases = [case for case, *_ in self.cases]
        events = [event for _, events, _, _ in self.cases for event in events]
        decisions = [decision for _, _, decisions, _ in self.cases for decision in decisions]
        purchases = [purchase for *_, purchase in self.cases if purchase is not None]
        for model, rows in ((Case, cases), (CaseEvent, events), (Decision, decisions), (Purchase, purchases)):
            model.objects.bulk_create(rows, batch_size=batch)
        # The stamps come from the history itself: a case was created when it opened, a decision
        # when it was recommended, a purchase when it was registered (the case's move to it).
        case_ids = [case.pk for case in cases]
        for n in range(0, len(case_ids), batch):
            ids = case_ids[n:n + batch]
            Case.objects.filter(pk__in=ids).update(
                created_at=_event_at(kind=EventKind.OPENED), updated_at=_event_at(latest=True))
            Decision.objects.filter(case_id__in=ids).update(
                created_at=F("recommended_at"), updated_at=Coalesce("decided_at", "recommended_at"))
            Purchase.objects.filter(case_id__in=ids).update(
                created_at=_event_at(outer="case_id", to_status=Status.PURCHASED),
                updated_at=_event_at(outer="case_id", to_status=Status.PURCHASED))

        consents = Consent.objects.bulk_create(self._consents(), batch_size=batch)
        consent_ids = [consent.pk for consent in consents]
        for n in range(0, len(consent_ids), batch):
            Consent.objects.filter(pk__in=consent_ids[n:n + batch]).update(
                created_at=F("given_at"), updated_at=F("given_at"))

        # A household follows its open case to the caseworker's team, as case_open and case_assign
        # do (people.access: the team that follows a household is the team that sees it).
        open_cases = Case.objects.filter(pk__in=case_ids).exclude(status__in=CLOSED_STATUSES)
        for team_id in {holder.team_id for holder in (self.caseworker, self.caseworker2)} - {None}:
            Household.objects.filter(pk__in=open_cases.filter(team_id=team_id).values("household_id")).exclude(
                team_id=team_id).update(team_id=team_id)

        milestones_rebuild(case_ids=case_ids)
        self.counts.update(cases=len(cases), events=len(events), households=len(self.households),
                           dwellings=len(self.dwellings))

    def _consents(self) -> list[Consent]:
        """The consents the history's cases needed, each given (on a signed form) when its case
        first got there and recorded by the caseworker who moved it; once per household."""
        first: dict[tuple[int, str], CaseEvent] = {}
        for case, events, _, _ in self.cases:
            for event in events:
                purpose = CONSENT_AT.get(event.to_status) if event.kind == EventKind.STATUS else None
                key = (case.household_id, purpose)
                if purpose and (key not in first or event.at < first[key].at):
                    first[key] = event
        return [Consent(household_id=household_id, purpose=purpose, recipient=PURPOSES[purpose].recipient,
                        method=ConsentMethod.SIGNED_FORM, given_at=event.at, given_recorded_by=event.actor)
                for (household_id, purpose), event in first.items()]


class _FreshIdentityNumbers(_IdentityNumbers):
    """Synthetic identity numbers that nobody in the register has yet."""

    def __init__(self, rng: random.Random, taken_hashes: set[str]):
        super().__init__(rng)
        self.taken_hashes = taken_hashes

    def take(self, birth_date: dt.date, *, d_number: bool) -> str:
        while True:
            number = super().take(birth_date, d_number=d_number)
            if crypto.keyed_hash(number) not in self.taken_hashes:
                return number


# --- small helpers -------------------------------------------------------------------------------

def _financing(rng: random.Random, price: int) -> dict:
    """Startlån for most of the price; a bank's base loan for some, a grant for a few, and
    little equity. Adds up to the price, as the purchase service demands."""
    equity = 0 if rng.random() < 0.3 else _round_to(rng.uniform(10_000, 150_000), 5_000)
    grant = _round_to(rng.uniform(100_000, 300_000), 10_000) if rng.random() < 0.15 else 0
    bank_loan = _round_to(price * rng.uniform(0.45, 0.75), 10_000) if rng.random() < 0.3 else 0
    startlan = price - equity - grant - bank_loan
    assert startlan > 0
    return dict(startlan=startlan, bank_loan=bank_loan, grant=grant, equity=equity)


def _event_at(*, latest: bool = False, outer: str = "pk", **lookups) -> Subquery:
    """The time of the case's first event that matches (or of its latest event), for an update."""
    events = CaseEvent.objects.filter(case_id=OuterRef(outer), **lookups)
    return Subquery(events.order_by("-at" if latest else "at", "-id" if latest else "id").values("at")[:1])


def _dwelling_address(dwelling: Dwelling) -> str:
    if dwelling.building_type == BuildingType.APARTMENT:
        return f"{dwelling.street_address}, {dwelling.unit_number}"
    return dwelling.street_address


def _workday(day: dt.date) -> dt.date:
    """The day, or the next working day at the office."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _workday_back(day: dt.date, earliest: dt.date) -> dt.date:
    """The day, or the working day before it (not before `earliest`)."""
    while not is_working_day(day) and day > earliest:
        day -= dt.timedelta(days=1)
    return day


def _aware(day: dt.date, time: dt.time, tz) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time), tz)


def _spread(rng: random.Random, moves: list[_Move]) -> None:
    """Give each move a time in office hours on its day, strictly after the move before (a
    little later the same day, where two fall on one day)."""
    tz = timezone.get_current_timezone()
    previous = None
    for move in moves:
        at = _aware(move.day, dt.time(8, 0), tz) + dt.timedelta(minutes=rng.randint(0, 450))
        if previous is not None and at <= previous:
            at = previous + dt.timedelta(minutes=rng.randint(5, 60))
        move.at = previous = at
