"""Benchmark: the public self-check's calculation (POST /selvsjekk/) served by gunicorn, against
an empty view (GET /helse/, "ok") in the same run, through the same server and middleware: the
whole page (a browser without JavaScript) and the result alone (htmx, as a browser with it asks).

    .venv/bin/python -m benchmarks.selfcheck [--requests 200] [--keep]

Creates the PostgreSQL database BENCH_DATABASE + `_selfcheck` (default `boligvei_bench_selfcheck`)
with its cache table, starts gunicorn with one sync worker on a free local port, and sends the
two requests in turn over one keep-alive connection (the first 20 of each are warm-up). Every
answer must be 200 with the expected text (the self-check's result, or "ok"), else the run stops.
Prints the median of each, their ratio, and the queries one calculation costs (counted
in-process with Django's test client, since gunicorn's worker does not report them).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

from benchmarks.harness import SERVER, BenchmarkFailure, check_page, close, database_create, setup_django
from benchmarks.harness import DB_NAME as BENCH_DB

DB_NAME = f"{BENCH_DB}_selfcheck"
FORM = {"adults": "2", "children_ages": "4, 9", "net_income_monthly": "52000", "debt_payments_monthly": "1500",
        "equity": "100000", "price": "2500000", "common_costs_monthly": "2500"}
ANSWER = "Du kan kanskje kjøpe bolig til"
WARM_UP = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DB_NAME}"}
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "boligvei.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], env=env)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise BenchmarkFailure("gunicorn did not start")


class _Answer:
    """requests' response seen as check_page expects a Django response."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content
        self._location = response.headers.get("Location")

    def has_header(self, name):
        return name == "Location" and self._location is not None

    def __getitem__(self, name):
        return self._location


def _queries_per_calculation() -> int:
    """The queries of one calculation after the first (caches warm), in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.post(reverse("assessments:self_check"), FORM)
    with CaptureQueriesContext(connection) as captured:
        check_page(client.post(reverse("assessments:self_check"), FORM), "POST /selvsjekk/", ANSWER)
    return len(captured)


def main() -> None:
    import requests

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    database_create(DB_NAME)
    setup_django(DB_NAME)
    from django.core.management import call_command

    process = None
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        queries = _queries_per_calculation()
        port = _free_port()
        process = _gunicorn(port)
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        page = session.get(f"{base}/selvsjekk/")
        check_page(_Answer(page), "GET /selvsjekk/", "Kan jeg kjøpe bolig?")
        form = {**FORM, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        headers = {"Referer": f"{base}/selvsjekk/"}
        requests_made = {
            "empty": lambda: session.get(f"{base}/helse/"),
            "page": lambda: session.post(f"{base}/selvsjekk/", data=form, headers=headers, allow_redirects=False),
            "htmx": lambda: session.post(f"{base}/selvsjekk/", data=form, allow_redirects=False,
                                         headers={**headers, "HX-Request": "true"}),
        }
        times = {kind: [] for kind in requests_made}
        for n in range(WARM_UP + args.requests):
            for kind, send in requests_made.items():
                start = time.perf_counter()
                answer = send()
                elapsed = (time.perf_counter() - start) * 1000
                check_page(_Answer(answer), f"{kind} request", "ok" if kind == "empty" else ANSWER)
                if n >= WARM_UP:
                    times[kind].append(elapsed)
        empty_ms, check_ms, htmx_ms = (statistics.median(times[kind]) for kind in requests_made)
        load = os.getloadavg()
        print(f"gunicorn, 1 sync worker, PostgreSQL; median of {args.requests} requests each, "
              f"interleaved (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores)")
        print(f"  empty view (GET /helse/)           {empty_ms:7.1f} ms")
        print(f"  self-check, whole page (POST)      {check_ms:7.1f} ms  {queries} queries in-process")
        print(f"  self-check, result only (htmx)     {htmx_ms:7.1f} ms")
        print(f"Ratio: the self-check takes {check_ms / empty_ms:.1f}x the empty view "
              f"({htmx_ms / empty_ms:.1f}x for the result alone)")
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)
        close(keep=args.keep, db=DB_NAME)


if __name__ == "__main__":
    main()
