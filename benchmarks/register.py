"""Benchmark: list, search and detail pages of the register at 1 000, 10 000 and 100 000 rows.

Loads a synthetic municipality (the demo generator, scaled: N households and N dwellings) into
a PostgreSQL database of its own, then requests each page in-process through Django's test
client, as a caseworker logged in with password and code, and reports the median server time and the query count. The
page time should stay flat as the register grows; the query count must not grow at all.

    make bench                               # 1 000, 10 000 and 100 000
    .venv/bin/python -m benchmarks.register --sizes 1000 10000 --repeat 15

It creates (and afterwards drops) the database BENCH_DATABASE (default `boligvei_bench`) on
BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432). It logs in as the demo
caseworker through the login and two-factor pages, and stops if any measured request is not
the page (200 with the expected text). Results go to bench-results/register.json too.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from benchmarks.harness import close, database_create, log_in, measure, setup_django


def vacuum_analyze() -> None:
    """VACUUM ANALYZE the register just loaded (or migrated): what autovacuum gives a database in
    use. Without it a freshly written table has no visibility map, and the start page's counts,
    which read indexes alone (housing.selectors.register_overview), would read every row too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _pages(client, user):
    """(name, url, expected texts) of the pages to measure, with real ids and search tokens: a
    household and a dwelling the caseworker may open, each with an active tenancy."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.html import escape

    from boligvei.housing.models import Dwelling, Tenancy
    from boligvei.people.access import visible_households_q
    from boligvei.people.models import Household, Person

    tenants = Household.objects.filter(visible_households_q(user), tenancies__is_active=True).order_by("pk")
    household = tenants[tenants.count() // 2]
    person = Person.objects.filter(household=household).order_by("pk").first()
    dwelling = Dwelling.objects.filter(tenancies__is_active=True).order_by("pk").first()
    surname = person.last_name
    street = dwelling.street_address.split()[0]
    name_url = client.post(reverse("people:household_list"), {"q": surname}).url
    id_url = client.post(reverse("people:household_list"), {"q": person.identity_number()}).url
    address_url = client.post(reverse("housing:dwelling_list"), {"q": street}).url
    visible = Household.objects.filter(visible_households_q(user)).count()
    last_page = max(1, -(-visible // settings.PAGE_SIZE))
    households, dwellings = reverse("people:household_list"), reverse("housing:dwelling_list")
    return [
        ("household list, first page", households, ("Husstander", "<tbody")),
        ("household list, last page", f"{households}?page={last_page}", ("Husstander", "<tbody")),
        ("household search by surname", name_url, escape(surname)),
        ("household search by identity number", id_url, escape(household.name)),
        ("household detail", reverse("people:household_detail", args=[household.pk]), escape(household.name)),
        ("dwelling list", dwellings, ("Kommunale boliger", "<tbody")),
        ("dwelling list, vacant filter", f"{dwellings}?occupancy=vacant", ("Kommunale boliger", "<tbody")),
        ("dwelling search by street", address_url, escape(street)),
        ("dwelling detail", reverse("housing:dwelling_detail", args=[dwelling.pk]), escape(dwelling.street_address)),
        ("tenancy list", reverse("housing:tenancy_list"), ("Leieforhold", "<tbody")),
        ("waiting list", reverse("housing:waiting_list"), ("Venteliste for kommunal bolig", "<tbody")),
        ("start page", reverse("start"), escape(f"God dag, {user.first_name}")),
    ], Tenancy.objects.filter(is_active=True).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the register a kept benchmark database already holds (one size)")
    args = parser.parse_args()

    if not args.reuse:
        database_create()
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from boligvei.core.models import User

    call_command("migrate", verbosity=0)
    results = {}
    try:
        for size in args.sizes:
            start = time.perf_counter()
            if args.reuse:
                from boligvei.people.models import Household

                size = Household.objects.count()
            else:
                call_command("demo", reset=True, households=size, dwellings=size, verbosity=0,
                             stdout=open(os.devnull, "w"))
            load_seconds = time.perf_counter() - start
            vacuum_analyze()
            user = User.objects.get(username="saksbehandler")
            client = Client()
            log_in(client, user)
            pages, tenancies = _pages(client, user)
            rows = {name: measure(client, "GET", url, args.repeat, expect=expect) for name, url, expect in pages}
            results[size] = {"load_seconds": round(load_seconds, 1), "active_tenancies": tenancies, "pages": rows}
            print(f"\n{size:,} households and {size:,} dwellings (loaded in {load_seconds:.0f} s, "
                  f"{tenancies:,} active tenancies)".replace(",", " "))
            for name, row in rows.items():
                print(f"  {name:38s} {row['median_ms']:8.1f} ms  {row['queries']:3d} queries")
            sys.stdout.flush()
    finally:
        close(keep=args.keep)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "register.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nMedian of {args.repeat} requests per page, in-process (Django test client), PostgreSQL.")


if __name__ == "__main__":
    main()
