"""Benchmark: the case page, "my work" and the case list with 100 000 households and 1 000 000
case events in PostgreSQL.

    .venv/bin/python -m benchmarks.cases [--households 100000] [--events-per-case 10] [--repeat 21]

Loads the demo register scaled to N households and N dwellings, gives every household a case
(spread over 50 caseworkers and every status) with `events-per-case` history rows, and about one
open task per case, then requests the pages in-process as one caseworker (about 2 000 cases) and
reports median server time and query count. The caseworker logs in with password and two-factor
code; a measured request that is not the page (200 with its expected text) stops the run. The
database BENCH_DATABASE (default `boligvei_bench`) is dropped afterwards unless --keep.
"""

import argparse
import datetime as dt
import os
import random
import time

from benchmarks.harness import analyze, close, database_create, log_in, measure, setup_django

STATUSES = ["invited", "meeting_booked", "conversation_held", "mapped", "assessed", "follow_up_plan", "applying",
            "financing_approved", "declined", "no_answer"]


def _load_cases(events_per_case: int, seed: int = 1) -> dict:
    from django.utils import timezone

    from boligvei.cases.models import Case, CaseEvent, FollowUpTask
    from boligvei.core.models import Team, User
    from boligvei.people.models import Household

    rng = random.Random(seed)
    team = Team.objects.get_or_create(name="Benchmark")[0]
    workers = [User.objects.create(username=f"bench{i}", role="caseworker", team=team) for i in range(50)]
    now = timezone.now()
    # At demo size (5 000 households or fewer) the demo has cases of its own: one open case each.
    household_ids = list(Household.objects.filter(cases__isnull=True).order_by("pk").values_list("pk", flat=True))
    cases = [Case(household_id=h, caseworker=workers[i % 50], team=team, status=STATUSES[i % len(STATUSES)],
                  status_changed_at=now - dt.timedelta(days=rng.randint(0, 900)))
             for i, h in enumerate(household_ids)]
    Case.objects.bulk_create(cases, batch_size=5_000)
    Household.objects.filter(pk__in=household_ids).update(team=team)  # a household follows its case
    case_rows = list(Case.objects.filter(team=team).values_list("pk", "caseworker_id", "status_changed_at"))
    batch = []
    events = 0
    for pk, worker, changed in case_rows:
        for n in range(events_per_case):
            batch.append(CaseEvent(case_id=pk, at=changed - dt.timedelta(days=events_per_case - n), actor_id=worker,
                                   kind="note" if n else "opened", text="Notat fra samtalen" if n else "",
                                   to_status="" if n else "invited"))
        if len(batch) >= 20_000:
            CaseEvent.objects.bulk_create(batch)
            events += len(batch)
            batch = []
    CaseEvent.objects.bulk_create(batch)
    events += len(batch)
    today = timezone.localdate()
    FollowUpTask.objects.bulk_create(
        [FollowUpTask(case_id=pk, title="Spare 2 000 kr i måneden", due_on=today + dt.timedelta(days=rng.randint(-30, 60)),
                      assignee_id=worker, created_by_id=worker) for pk, worker, _ in case_rows], batch_size=10_000)
    return {"cases": len(case_rows), "events": events, "worker": workers[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--events-per-case", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    database_create()
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape

    from boligvei.cases.models import Case

    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        call_command("demo", reset=True, households=args.households, dwellings=args.households, verbosity=0,
                     stdout=open(os.devnull, "w"))
        loaded = _load_cases(args.events_per_case)
        analyze()
        load_seconds = time.perf_counter() - start
        client = Client()
        log_in(client, loaded["worker"])
        case = Case.objects.filter(caseworker=loaded["worker"]).select_related("household").order_by("pk").first()
        pages = {
            "case page": (reverse("cases:case_detail", args=[case.pk]), escape(case.household.name)),
            "my work": (reverse("cases:my_work"), ("Mitt arbeid", "Spare 2 000 kr i måneden")),
            "my cases (list)": (reverse("cases:case_list"), ("Saker", "<tbody")),
            "all cases (list)": (reverse("cases:case_list") + "?scope=all&state=all", ("Saker", "<tbody")),
        }
        mine = Case.objects.filter(caseworker=loaded["worker"]).count()
        print(f"\n{args.households:,} households, {loaded['cases']:,} cases, {loaded['events']:,} case events; "
              f"the caseworker has {mine:,} cases (loaded in {load_seconds:.0f} s)".replace(",", " "))
        for name, (url, expect) in pages.items():
            row = measure(client, "GET", url, args.repeat, expect=expect)
            print(f"  {name:22s} {row['median_ms']:8.1f} ms  {row['queries']:3d} queries")
        print(f"\nMedian of {args.repeat} requests per page, in-process (Django test client), PostgreSQL.")
    finally:
        close(keep=args.keep)


if __name__ == "__main__":
    main()
