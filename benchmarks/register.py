"""Benchmark: list, search and detail pages of the register at 1 000, 10 000 and 100 000 rows.

Loads a synthetic municipality (the demo generator, scaled: N households and N dwellings) into
a PostgreSQL database of its own, then requests each page in-process through Django's test
client, as a logged-in caseworker, and reports the median server time and the query count. The
page time should stay flat as the register grows; the query count must not grow at all.

    make bench                               # 1 000, 10 000 and 100 000
    .venv/bin/python -m benchmarks.register --sizes 1000 10000 --repeat 15

It creates (and afterwards drops) the database `boligvei_bench` on BENCH_DATABASE_SERVER
(default postgres://postgres@127.0.0.1:5432). Results go to bench-results/register.json too.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "boligvei_bench"


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-q", "-c", sql], check=True)


def _setup_django(db: str = DB_NAME) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligvei.settings")
    import django

    import boligvei.testing  # noqa: F401 — the test environment: DEBUG off, test keys, synthetic numbers

    django.setup()


def _close(*, keep: bool, db: str = DB_NAME) -> None:
    """Close Django's connections and drop the benchmark database, unless asked to keep it."""
    from django.db import connections

    connections.close_all()
    if not keep:
        _psql(f"DROP DATABASE IF EXISTS {db}")


def _measure(client, method: str, url: str, repeat: int, data=None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, data) if method == "POST" else client.get(url)
            elapsed = time.perf_counter() - start
        if response.status_code not in (200, 302):
            raise SystemExit(f"{method} {url} answered {response.status_code}")
        times.append(elapsed * 1000)
        queries.append(len(captured))
    return {"median_ms": round(statistics.median(times), 1), "queries": max(queries)}


def _pages(client):
    """(name, method, url, data) of the pages to measure, with real ids and search tokens."""
    from django.urls import reverse

    from boligvei.housing.models import Dwelling, Tenancy
    from boligvei.people.models import Household, Person

    household = Household.objects.filter(tenancies__is_active=True).order_by("pk")[
        Household.objects.count() // 2]
    person = Person.objects.filter(household=household).first()
    dwelling = Dwelling.objects.filter(tenancies__is_active=True).order_by("pk").first()
    surname = person.last_name
    name_url = client.post(reverse("people:household_list"), {"q": surname}).url
    id_url = client.post(reverse("people:household_list"), {"q": person.identity_number()}).url
    address_url = client.post(reverse("housing:dwelling_list"), {"q": dwelling.street_address.split()[0]}).url
    last_page = max(1, Household.objects.count() // 25)
    return [
        ("household list, first page", "GET", reverse("people:household_list"), None),
        ("household list, last page", "GET", f"{reverse('people:household_list')}?page={last_page}", None),
        ("household search by surname", "GET", name_url, None),
        ("household search by identity number", "GET", id_url, None),
        ("household detail", "GET", reverse("people:household_detail", args=[household.pk]), None),
        ("dwelling list", "GET", reverse("housing:dwelling_list"), None),
        ("dwelling list, vacant filter", "GET", f"{reverse('housing:dwelling_list')}?occupancy=vacant", None),
        ("dwelling search by street", "GET", address_url, None),
        ("dwelling detail", "GET", reverse("housing:dwelling_detail", args=[dwelling.pk]), None),
        ("tenancy list", "GET", reverse("housing:tenancy_list"), None),
        ("waiting list", "GET", reverse("housing:waiting_list"), None),
        ("start page", "GET", reverse("start"), None),
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
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        _psql(f"CREATE DATABASE {DB_NAME}")
    _setup_django()
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
            _analyze()
            client = Client()
            client.force_login(User.objects.get(username="saksbehandler"))
            pages, tenancies = _pages(client)
            rows = {name: _measure(client, method, url, args.repeat, data) for name, method, url, data in pages}
            results[size] = {"load_seconds": round(load_seconds, 1), "active_tenancies": tenancies, "pages": rows}
            print(f"\n{size:,} households and {size:,} dwellings (loaded in {load_seconds:.0f} s, "
                  f"{tenancies:,} active tenancies)".replace(",", " "))
            for name, row in rows.items():
                print(f"  {name:38s} {row['median_ms']:8.1f} ms  {row['queries']:3d} queries")
            sys.stdout.flush()
    finally:
        _close(keep=args.keep)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "register.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nMedian of {args.repeat} requests per page, in-process (Django test client), PostgreSQL.")


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
