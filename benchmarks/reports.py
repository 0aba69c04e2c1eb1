"""Benchmark: the programme reports (the dashboard, a table as XLSX, the yearly PDF) over a
programme history of 100 000 households and 1 000 000 case events in PostgreSQL.

    .venv/bin/python -m benchmarks.reports [--households 100000] [--events 1000000] [--repeat 21] [--keep]

Loads the demo register scaled to N households and N dwellings, then a programme history from
1 March 2012 to today: about 90 % of the tenants and 30 % of the other households get a case
(some a second one, invited again after saying no), opened on a letter campaign's day or
spread over the years for the other channels, each with a legal chain of status events
(`cases.pipeline.TRANSITIONS`) that drops off like a funnel (of the cases, about 55 % answer,
40 % hold a conversation, 25 % are assessed, 14 % reach a plan, 8 % apply for startlån, 6 % get
financing and 5 % buy), handled by 50 caseworkers in two teams; notes, letters, meetings and
replies fill the history up to `--events` rows. A purchase gets a `Purchase` row (the amounts
add up to the price; about 55 % buy the dwelling they rent, which is sold), registered a few
days after the completion; a home bought elsewhere frees the municipal dwelling, which is let
again from the waiting list. The funnel stages (`CaseMilestone`) are then derived from the
events by `milestones_rebuild`, the database is analysed, and the pages are requested
in-process as a programme leader logged in with password and two-factor code (a request that is
not the page, 200 with its expected content, stops the run). Each page's median is also given
as a ratio to one sequential scan of the case events (`SELECT count(*)`, index scans off) in the
same database and run, the floor issue 18 compares the dashboard with. The database BENCH_DATABASE
(default `boligvei_bench`) is dropped afterwards unless
--keep (and `--reuse` measures a kept one again without loading). At 5 000 households or fewer
the demo loads a programme history of its own, and this one comes on top of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field

from benchmarks.harness import analyze, close, database_create, log_in, measure, setup_django

FIRST_DAY = dt.date(2012, 3, 1)
CASEWORKERS = 50
BATCH = 20_000

# The share of all cases that reach each stage; the rest leave the programme on the way.
REACH = (0.55, 0.40, 0.25, 0.14, 0.08, 0.06, 0.05)  # answered ... purchased
CHANNELS = (("letter", 60), ("nav", 12), ("service_centre", 8), ("other_agency", 6), ("flyer", 5),
            ("self_referral", 5), ("user_organisation", 4))
REFERRERS = {"nav": "NAV Fjordvik", "other_agency": "Flyktningtjenesten", "user_organisation": "Leieboerforeningen"}
REASONS = {
    "no_answer": "Har ikke svart på brev, SMS eller telefon.",
    "declined": "Husstanden vil fortsette å leie.",
    "not_relevant": "Økonomien gir ikke rom for kjøp nå.",
    "moved_out": "Husstanden har flyttet fra kommunen.",
}
NOTES = ("Ringte husstanden. Avtalte å sende mer informasjon om startlån.",
         "Gikk gjennom budsjettet sammen med husstanden.",
         "Husstanden har levert lønnsslipper og skattemelding.",
         "Tolk var med. Husstanden ønsker å kjøpe boligen de leier.")
CONTACTS = ("Svarte på spørsmål om egenkapital.", "Sendte oversikt over dokumentene som trengs.",
            "Bekreftet møtetidspunktet på SMS.")


class _Future(Exception):
    """The next step would happen after today: the case is still at the step before."""


@dataclass
class Plan:
    """One case's history, made in memory before it is written."""

    chain: int  # the household's cases form a chain: a new case only after the last one ended
    channel: str
    opened: dt.datetime
    moves: list[tuple[dt.datetime, str, str, dt.date | None]]  # at, to_status, reason, invite again on
    reassigned_at: dt.datetime | None = None
    caseworkers: tuple[int, int] = (0, 0)  # before and after the reassignment
    extra: int = 0  # notes, letters, meetings and replies
    pk: int | None = None
    purchase: dict | None = None

    @property
    def status(self) -> str:
        return self.moves[-1][1]

    @property
    def purchased_at(self) -> dt.datetime | None:
        return next((at for at, status, *_ in self.moves if status == "purchased"), None)


@dataclass
class Chain:
    tenant: bool
    plans: list[Plan] = field(default_factory=list)
    household_id: int | None = None
    area: str = ""
    tenancy: tuple | None = None  # (tenancy id, dwelling id, start date) of the active tenancy


def _clock(rng: random.Random, day: dt.date, tz) -> dt.datetime:
    """A time in office hours on the day (moved to Monday from a weekend)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz) + dt.timedelta(minutes=rng.randint(0, 7 * 60 + 30))


def _walk(rng: random.Random, opened: dt.datetime, now: dt.datetime, tz) -> list:
    """A legal chain of statuses from «invited», as far as the case has come by now."""
    moves = [(opened, "invited", "", None)]

    def step(status: str, lo: int, hi: int, reason: str = ""):
        at = _clock(rng, moves[-1][0].date() + dt.timedelta(days=rng.randint(lo, hi)), tz)
        if at > now:
            raise _Future
        again = None
        if status in ("declined", "not_relevant", "no_answer") and rng.random() < 0.5:
            again = at.date() + dt.timedelta(days=rng.randint(365, 1095))
        moves.append((at, status, reason or REASONS.get(status, ""), again))

    def leave(lo: int, hi: int, weights=(("declined", 45), ("not_relevant", 45), ("moved_out", 10))):
        step(rng.choices([s for s, _ in weights], [w for _, w in weights])[0], lo, hi)

    u = rng.random()
    level = sum(u < p for p in REACH)  # 0: never answered ... 7: bought
    try:
        if level == 0:
            leave(30, 120, (("no_answer", 92), ("moved_out", 8)))
        elif level == 1:
            if rng.random() < 0.5:
                leave(7, 60, (("declined", 60), ("not_relevant", 40)))
            else:
                step("meeting_booked", 5, 45)
                leave(5, 40, (("declined", 40), ("not_relevant", 30), ("no_answer", 30)))
        else:
            if rng.random() < 0.8:
                step("meeting_booked", 5, 45)
                step("conversation_held", 5, 30)
            else:
                step("conversation_held", 7, 45)
            if level == 2:
                if rng.random() < 0.5:
                    step("mapped", 0, 30)
                leave(14, 120)
            else:
                step("mapped", 0, 30)
                step("assessed", 7, 60)
                if level == 3:
                    leave(14, 180)
                else:
                    planned = not (level >= 5 and rng.random() < 0.25)  # some apply straight after the assessment
                    if planned:
                        step("follow_up_plan", 7, 30)
                    if level == 4:
                        leave(90, 900)
                    else:
                        step("applying", 60, 720) if planned else step("applying", 14, 60)
                        if level == 5:
                            if rng.random() < 0.5:
                                step("follow_up_plan", 30, 120, "Søknaden om startlån ble avslått.")
                            leave(30, 400)
                        else:
                            step("financing_approved", 14, 90)
                            if rng.random() < 0.1:
                                step("follow_up_plan", 90, 180, "Finansieringsbeviset gikk ut.")
                                step("applying", 30, 180)
                                step("financing_approved", 14, 60)
                            if level == 6:
                                leave(60, 200)
                            else:
                                step("purchased", 30, 180)
                                if rng.random() < 0.75:
                                    step("after_purchase", 1, 30)
                                    if rng.random() < 0.8:
                                        step("closed", 180, 540, "Husstanden mestrer å eie.")
                                else:
                                    step("closed", 60, 240, "Husstanden mestrer å eie.")
    except _Future:
        pass
    return moves


def _plans(rng: random.Random, *, tenants: int, others: int, today: dt.date, now: dt.datetime, tz) -> list[Chain]:
    """The programme's cases, chain by chain, before households are given to them."""
    campaigns, day = [], FIRST_DAY
    while day <= today:  # a letter campaign every four months
        campaigns.append(day)
        day = dt.date(day.year + (day.month + 3 > 12), (day.month + 3) % 12 + 1, 1)
    span = (today - FIRST_DAY).days
    channels, weights = [c for c, _ in CHANNELS], [w for _, w in CHANNELS]
    chains = []
    for n in range(tenants + others):
        tenant = n < tenants
        chain = Chain(tenant=tenant)
        opened_on = None
        while True:
            if not tenant:
                channel = rng.choices(channels[1:], weights[1:])[0]
            elif opened_on is None:
                channel = rng.choices(channels, weights)[0]
            else:
                channel = "letter"  # invited again on the date set when the household said no
            if opened_on is None:
                if channel == "letter":
                    opened_on = rng.choice(campaigns) + dt.timedelta(days=rng.randint(0, 6))
                else:
                    opened_on = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
            opened = _clock(rng, opened_on, tz)
            if opened > now:
                break
            plan = Plan(chain=n, channel=channel, opened=opened, moves=_walk(rng, opened, now, tz))
            chain.plans.append(plan)
            again = plan.moves[-1][3]
            if not (again and again < today - dt.timedelta(days=30) and rng.random() < 0.35):
                break
            opened_on = again + dt.timedelta(days=rng.randint(0, 90))  # invited again, a new case
        if chain.plans:
            chains.append(chain)
    return chains


def _households(rng: random.Random, chains: list[Chain]) -> list[int]:
    """Give each chain a household: tenants to tenants' chains, and to every chain that ends in
    a purchase a tenant who rented by the time the case opened (its tenancy ends with the
    purchase). Returns the households with no case, no active tenancy and no place on the waiting
    list, to let freed dwellings to."""
    from boligvei.cases.models import Case
    from boligvei.demo.places import AREAS
    from boligvei.housing.models import Tenancy, WaitingListEntry
    from boligvei.people.models import Household

    taken = set(Case.objects.values_list("household_id", flat=True))  # the demo's own cases, at demo size
    active = {h: (t, d, start, area) for t, h, d, start, area in Tenancy.objects.filter(is_active=True).values_list(
        "pk", "household_id", "dwelling_id", "start_date", "dwelling__area") if h not in taken}
    last_area = dict(Tenancy.objects.filter(is_active=False).order_by("household_id", "end_date")
                     .values_list("household_id", "dwelling__area"))
    others = [h for h in Household.objects.order_by("pk").values_list("pk", flat=True)
              if h not in active and h not in taken]
    tenant_ids = sorted(active, key=lambda h: active[h][2])  # by the start of the tenancy
    rng.shuffle(others)
    area_names, area_weights = [a.name for a in AREAS], [a.weight for a in AREAS]

    buyers = sorted((c for c in chains if c.tenant and c.plans[-1].purchased_at),
                    key=lambda c: c.plans[-1].opened)
    used, pool, next_tenant = set(), [], 0
    for chain in buyers:  # a random tenant among those renting when the buying case opened
        opened = chain.plans[-1].opened.date()
        while next_tenant < len(tenant_ids) and active[tenant_ids[next_tenant]][2] <= opened:
            pool.append(tenant_ids[next_tenant])
            next_tenant += 1
        if pool:
            i = rng.randrange(len(pool))
            pool[i], pool[-1] = pool[-1], pool[i]
            chain.household_id = pool.pop()
            used.add(chain.household_id)
        else:  # no tenant rented that early: a former tenant or an applicant buys another home
            chain.tenant = False
    free_tenants = [h for h in tenant_ids if h not in used]
    rng.shuffle(free_tenants)
    for chain in chains:
        if chain.household_id is None:
            if chain.tenant and free_tenants:
                chain.household_id = free_tenants.pop()
            else:
                chain.tenant = False
                chain.household_id = others.pop()
        if chain.household_id in active:
            tenancy, dwelling, start, area = active[chain.household_id]
            chain.tenancy, chain.area = (tenancy, dwelling, start), area
        else:
            chain.area = last_area.get(chain.household_id) or rng.choices(area_names, area_weights)[0]
    waiting = set(WaitingListEntry.objects.filter(status="waiting").values_list("household_id", flat=True))
    return [h for h in others if h not in waiting]


def _purchase(rng: random.Random, chain: Chain, plan: Plan) -> dict:
    registered = plan.purchased_at
    completed = registered.date() - dt.timedelta(days=rng.randint(2, 10))
    price = rng.randrange(1_600_000, 4_200_000, 10_000)
    grant = rng.randrange(50_000, 300_000, 10_000) if rng.random() < 0.3 else 0
    equity = rng.randrange(0, 150_000, 5_000)
    startlan = min(round(price * rng.uniform(0.5, 0.95), -4), price - grant - equity)
    rented = chain.tenancy is not None and chain.tenancy[2] <= completed and rng.random() < 0.62
    return {"completed_on": completed, "registered": registered, "price": price, "startlan": startlan,
            "grant": grant, "equity": equity, "bank_loan": price - startlan - grant - equity,
            "bought_rented_dwelling": rented, "dwelling_id": chain.tenancy[1] if rented else None,
            "freed_dwelling_id": chain.tenancy[1] if chain.tenancy and not rented else None,
            "tenancy_id": chain.tenancy[0] if chain.tenancy else None,
            "address": "" if rented else f"Solbakken {rng.randint(1, 60)}, 3774 Fjordvik"}


def _load_history(events: int, seed: int = 1) -> dict:
    from django.db import connection
    from django.utils import timezone

    from boligvei.cases.milestones import milestones_rebuild
    from boligvei.cases.models import Case, CaseEvent, Purchase
    from boligvei.core.models import Team, User
    from boligvei.demo.places import AREAS
    from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
    from boligvei.people.models import Household

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    teams = {"main": Team.objects.get_or_create(name="Boligkontoret")[0],
             "north": Team.objects.get_or_create(name="Bydel Nord")[0]}
    workers = User.objects.bulk_create([
        User(username=f"sb{i:02d}", role="caseworker", first_name="Saksbehandler", last_name=f"{i:02d}",
             team=teams["north" if i >= 35 else "main"]) for i in range(CASEWORKERS)])
    by_team = {"main": [w.pk for w in workers[:35]], "north": [w.pk for w in workers[35:]]}
    team_of = {w.pk: w.team_id for w in workers}
    north = {a.name for a in AREAS if a.north}

    free = Household.objects.exclude(pk__in=Case.objects.values("household_id"))  # all, but at demo size
    tenant_count = free.filter(tenancies__is_active=True).count()
    chains = _plans(rng, tenants=round(0.9 * tenant_count), others=round(0.3 * (free.count() - tenant_count)),
                    today=today, now=now, tz=tz)
    relet_pool = _households(rng, chains)

    # Caseworkers, a reassignment now and then, and the purchases.
    status_rows = 0
    plans = []
    for chain in chains:
        pool = by_team["north" if chain.area in north else "main"]
        for plan in chain.plans:
            first = rng.choice(pool)
            plan.caseworkers = (first, first)
            if len(plan.moves) >= 3 and rng.random() < 0.08:
                k = rng.randint(1, len(plan.moves) - 1)
                before, after = plan.moves[k - 1][0], plan.moves[k][0]
                plan.reassigned_at = before + (after - before) * rng.uniform(0.1, 0.9)
                plan.caseworkers = (first, rng.choice([w for w in pool if w != first]))
            if plan.purchased_at:
                plan.purchase = _purchase(rng, chain, plan)
            status_rows += len(plan.moves) + (plan.reassigned_at is not None)
            plans.append((chain, plan))

    # Notes, letters, meetings and replies fill the history up to the number of events asked for.
    budget = max(0, events - status_rows)
    weights = [2 + len(plan.moves) for _, plan in plans]
    total = sum(weights)
    for (_, plan), weight in zip(plans, weights, strict=True):
        share = budget * weight / total
        plan.extra = int(share) + (rng.random() < share - int(share))

    cases = [Case(household_id=chain.household_id, caseworker_id=plan.caseworkers[1],
                  team_id=team_of[plan.caseworkers[1]], status=plan.status, status_changed_at=plan.moves[-1][0],
                  invite_again_on=plan.moves[-1][3], channel=plan.channel,
                  referred_by=REFERRERS.get(plan.channel, ""), area=chain.area,
                  version=len(plan.moves) + (plan.reassigned_at is not None))
             for chain, plan in plans]
    Case.objects.bulk_create(cases, batch_size=BATCH)
    for (_, plan), case in zip(plans, cases, strict=True):
        plan.pk = case.pk
    del cases

    written = 0
    batch: list[CaseEvent] = []
    for chain, plan in plans:
        first, second = plan.caseworkers

        def worker(at, plan=plan, first=first, second=second):
            return second if plan.reassigned_at and at >= plan.reassigned_at else first

        previous = ""
        for n, (at, status, reason, again) in enumerate(plan.moves):
            who = worker(at)
            batch.append(CaseEvent(case_id=plan.pk, at=at, actor_id=who, kind="opened" if n == 0 else "status",
                                   from_status=previous, to_status=status, text=reason, invite_again_on=again,
                                   caseworker_id=who))
            previous = status
        if plan.reassigned_at:
            batch.append(CaseEvent(case_id=plan.pk, at=plan.reassigned_at, actor_id=first, kind="assigned",
                                   caseworker_id=second, text="Ny saksbehandler etter omfordeling i teamet."))
        start = plan.opened
        end = plan.moves[-1][0] if plan.status in ("closed", "declined", "not_relevant", "no_answer",
                                                   "moved_out") else now
        reached = {status for _, status, *_ in plan.moves}
        kinds = ["note"] * 45 + ["contact"] * 20 + ["letter"] * 10
        if "meeting_booked" in reached or "conversation_held" in reached:
            kinds += ["meeting"] * 15
        if "follow_up_plan" in reached:
            kinds += ["task_done"] * 10
        for n in range(plan.extra):
            if n == 0 and plan.channel == "letter":
                at, kind, text = start + dt.timedelta(seconds=1), "letter", "Invitasjonsbrev sendt."
            else:
                at = start + (end - start) * rng.random()
                kind = rng.choice(kinds)
                text = {"note": rng.choice(NOTES), "contact": rng.choice(CONTACTS), "letter": "Brev sendt.",
                        "meeting": f"Møte {at:%d.%m.%Y} kl. 10:00.", "task_done": "Oppgave fullført."}[kind]
            batch.append(CaseEvent(case_id=plan.pk, at=at, actor_id=worker(at), kind=kind, text=text))
        if len(batch) >= BATCH:
            CaseEvent.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    CaseEvent.objects.bulk_create(batch)
    written += len(batch)

    purchases = [(chain, plan) for chain, plan in plans if plan.purchase]
    Purchase.objects.bulk_create([
        Purchase(case_id=plan.pk, **{k: v for k, v in plan.purchase.items() if k not in ("registered", "tenancy_id")})
        for _, plan in purchases], batch_size=BATCH)

    # Re-lets: most freed dwellings are let again from the waiting list within months.
    relets, tenancies = [], []
    rents = dict(Dwelling.objects.filter(pk__in=[p.purchase["freed_dwelling_id"] for _, p in purchases
                                                 if p.purchase["freed_dwelling_id"]]).values_list("pk", "rent_monthly"))
    for _, plan in purchases:
        dwelling = plan.purchase["freed_dwelling_id"]
        allocated = plan.purchase["completed_on"] + dt.timedelta(days=rng.randint(14, 150))
        if not dwelling or allocated > today or rng.random() > 0.85 or not relet_pool:
            continue
        household = relet_pool.pop()
        relets.append(WaitingListEntry(household_id=household, need_category="family", priority=3,
                                       application_date=allocated - dt.timedelta(days=rng.randint(60, 700)),
                                       status="allocated", status_date=allocated, allocated_dwelling_id=dwelling))
        tenancies.append(Tenancy(dwelling_id=dwelling, household_id=household, start_date=allocated,
                                 rent_monthly=rents[dwelling], contract_type="fixed_term",
                                 end_date=allocated + dt.timedelta(days=5 * 365 - 1), is_active=True))

    # Dates the ORM sets to now: a case was created when it opened, a purchase when it was
    # registered. The purchase ends the tenancy and sells the dwelling bought.
    ended = [(plan.purchase["tenancy_id"], plan.purchase["completed_on"]) for _, plan in purchases
             if plan.purchase["tenancy_id"]]
    with connection.cursor() as cursor:
        cursor.execute(f"""
            UPDATE {Case._meta.db_table} c SET created_at = e.at, updated_at = c.status_changed_at
            FROM {CaseEvent._meta.db_table} e WHERE e.case_id = c.id AND e.kind = 'opened'""")
        cursor.execute(f"""
            UPDATE {Purchase._meta.db_table} p SET created_at = e.at, updated_at = e.at
            FROM {CaseEvent._meta.db_table} e WHERE e.case_id = p.case_id AND e.to_status = 'purchased'""")
        cursor.execute(f"""
            UPDATE {Dwelling._meta.db_table} d SET status = 'sold', sold_on = p.completed_on, sale_price = p.price,
                rent_to_own_potential = false
            FROM {Purchase._meta.db_table} p WHERE p.dwelling_id = d.id""")
        cursor.executemany(f"UPDATE {Tenancy._meta.db_table} SET is_active = false, end_date = %s WHERE id = %s",
                           [(day, pk) for pk, day in ended])
    WaitingListEntry.objects.bulk_create(relets, batch_size=BATCH)
    Tenancy.objects.bulk_create(tenancies, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {WaitingListEntry._meta.db_table} SET created_at = status_date, "
                       "updated_at = status_date WHERE id = ANY(%s)", [[entry.pk for entry in relets]])

    milestones = milestones_rebuild()
    return {"households": Household.objects.count(), "cases": len(plans), "events": written,
            "status_events": status_rows, "milestones": milestones, "purchases": len(purchases),
            "rented": sum(bool(p.purchase["bought_rented_dwelling"]) for _, p in purchases),
            "relets": len(relets)}


def _seq_scans(repeat: int) -> list[float]:
    """The floor the dashboard is compared with: milliseconds of `SELECT count(*)` over every case
    event, read by a sequential scan (index and bitmap scans off for the statement, so PostgreSQL
    cannot count from an index instead), in the same database and connection as the pages."""
    from django.db import connection, transaction

    times = []
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN SELECT count(*) FROM cases_caseevent")
        plan = " ".join(row[0] for row in cursor.fetchall())
        if "Seq Scan" not in plan:
            raise SystemExit(f"the floor is not a sequential scan: {plan}")
        for _ in range(repeat):
            start = time.perf_counter()
            cursor.execute("SELECT count(*) FROM cases_caseevent")
            cursor.fetchone()
            times.append((time.perf_counter() - start) * 1000)
    return times


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--pdf-repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the history a kept database already holds")
    args = parser.parse_args()

    if not args.reuse:
        database_create()
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from boligvei.cases.models import Case, CaseEvent, CaseMilestone, Purchase
    from boligvei.core.models import User
    from boligvei.people.models import Household

    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        if not args.reuse:
            call_command("demo", reset=True, households=args.households, dwellings=args.households, verbosity=0,
                         stdout=open(os.devnull, "w"))
            demo_seconds = time.perf_counter() - start
            if Case.objects.exists():  # at demo size (5 000 households or fewer) the demo has its own history
                print(f"note: the demo loaded {_n(Case.objects.count())} cases of its own; the history below "
                      "comes on top of them")
            loaded = _load_history(args.events)
            analyze()
        load_seconds = time.perf_counter() - start
        leader = User.objects.get_or_create(username="bench-programleder", defaults={
            "role": "programme_leader", "first_name": "Programleder", "last_name": "Benk"})[0]
        client = Client()
        log_in(client, leader)

        counts = {"households": Household.objects.count(), "cases": Case.objects.count(),
                  "case events": CaseEvent.objects.count(), "milestones": CaseMilestone.objects.count(),
                  "purchases": Purchase.objects.count()}
        print("\n" + ", ".join(f"{_n(n)} {name}" for name, n in counts.items()))
        if not args.reuse:
            print(f"loaded in {load_seconds:.0f} s (demo register {demo_seconds:.0f} s, history and milestones "
                  f"{load_seconds - demo_seconds:.0f} s); {_n(loaded['status_events'])} status events, "
                  f"{_n(loaded['rented'])} of the purchases bought the rented dwelling, "
                  f"{_n(loaded['relets'])} freed dwellings let again")
        sys.stdout.flush()

        last_year = timezone.localdate().year - 1
        area = Case.objects.exclude(area="").values_list("area", flat=True).order_by("area").first()
        dashboard = reverse("reports:dashboard")
        filtered = "?start=2013-01-01&end=2013-12-31&as_of=2014-12-31&channel=letter"
        page = ("Resultater for leie til eie", "<svg")
        xlsx, pdf = "PK\x03\x04", "%PDF-"
        pages = [
            ("dashboard, whole programme", dashboard, args.repeat, page),
            ("dashboard, 2013 letters as of 2014", dashboard + filtered, args.repeat, page),
            (f"dashboard, same, area {area}", dashboard + filtered + f"&area={area}", args.repeat, page),
            ("dashboard, whole programme, one area", dashboard + f"?area={area}", args.repeat, page),
            ("purchases table as XLSX", reverse("reports:table_export", args=["kjop", "xlsx"]), args.repeat, xlsx),
            ("yearly report 2014 (PDF)", reverse("reports:annual_report", args=[2014]), args.pdf_repeat, pdf),
            (f"yearly report {last_year} (PDF)", reverse("reports:annual_report", args=[last_year]), args.pdf_repeat,
             pdf),
        ]
        # loads Typst's fonts and layout once
        measure(client, "GET", reverse("reports:annual_report", args=[2013]), 1, expect=pdf)
        scans = _seq_scans(args.repeat)
        print(f"\nfloor: one sequential scan of the case events ({_n(counts['case events'])} rows), "
              f"SELECT count(*) with index scans off: {statistics.median(scans):.1f} ms (median of {args.repeat})")
        for name, url, repeat, expect in pages:
            # the first: templates compiled, or (PDF) figures Typst has not set yet
            first = measure(client, "GET", url, 1, expect=expect)
            row = measure(client, "GET", url, repeat, expect=expect)
            scans += _seq_scans(3)  # the floor again between pages: the machine's load drifts
            print(f"  {name:38s} {row['median_ms']:8.1f} ms  {row['queries']:3d} queries  "
                  f"{row['median_ms'] / statistics.median(scans):5.1f}x the scan  (median of {repeat}; "
                  f"first request {first['median_ms']:.0f} ms)")
            sys.stdout.flush()
        print(f"floor over the run: {statistics.median(scans):.1f} ms (median of {len(scans)} scans)")
        print("\nIn-process (Django test client), PostgreSQL, logged in as a programme leader. Typst remembers "
              "what it has set: a PDF asked for again with the same figures is faster than the first.")
    finally:
        close(keep=args.keep)


if __name__ == "__main__":
    main()
