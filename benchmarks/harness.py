"""What every benchmark shares: its own PostgreSQL database, a real login, and honest measuring.

- The database: `BENCH_DATABASE` (default `boligvei_bench`) on `BENCH_DATABASE_SERVER` (default
  postgres://postgres@127.0.0.1:5432), so two people on one server each use their own.
- The login: password on the login page, then the authenticator code on the two-factor page,
  as a caseworker does (`log_in`); no `force_login`, so every page is the page a user gets.
- A measured request counts only if it answers 200 and the page holds the expected text; a
  redirect (to the login or the two-factor step) or an error stops the benchmark with a message.
"""

import base64
import os
import statistics
import subprocess
import time

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DATABASE", "boligvei_bench")
# A benchmark user's password and authenticator key (base32); benchmark databases only.
BENCH_PASSWORD = "benchmark-passord-123"
BENCH_TOTP_SECRET = "BOLIGVEIBENCHMARKTOTPKEY2345ABCD"


class BenchmarkFailure(SystemExit):
    """A measured request did not get the page it should: the figure would be a lie."""


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-q", "-c", sql], check=True)


def database_create(db: str = DB_NAME) -> None:
    psql(f"DROP DATABASE IF EXISTS {db}")
    psql(f"CREATE DATABASE {db}")


def setup_django(db: str = DB_NAME) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligvei.settings")
    import django

    import boligvei.testing  # noqa: F401 — the test environment: DEBUG off, test keys, synthetic numbers

    django.setup()


def close(*, keep: bool, db: str = DB_NAME) -> None:
    """Close Django's connections and drop the benchmark database, unless asked to keep it."""
    from django.db import connections

    connections.close_all()
    if not keep:
        psql(f"DROP DATABASE IF EXISTS {db}")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_credentials(user) -> tuple[str, str]:
    """Give a benchmark user a password and an authenticator app; returns (password, base32 key).
    The demo's staff keep theirs (the demo password and key)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from boligvei.demo.services import DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET

    if user.username in {row[0] for row in DEMO_STAFF}:
        return DEMO_PASSWORD, DEMO_TOTP_SECRET
    user.set_password(BENCH_PASSWORD)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True,
                              key=base64.b32decode(BENCH_TOTP_SECRET).hex())
    return BENCH_PASSWORD, BENCH_TOTP_SECRET


def _totp_code(user) -> str:
    """The code the user's app shows now (the next one if now's was used: django-otp refuses reuse)."""
    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    step = max((int(time.time()) - device.t0) // device.step + device.drift, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def log_in(client, user) -> None:
    """Log in through the real pages: username and password, then the code from the app. Stops
    the benchmark if either step does not get the user in."""
    from django.urls import reverse

    password, _ = bench_credentials(user)
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    if response.status_code != 302:
        raise BenchmarkFailure(f"login as {user.username}: the password was refused ({response.status_code})")
    response = client.post(reverse("core:two_factor_verify"), {"code": _totp_code(user)})
    if response.status_code != 302 or reverse("core:two_factor_verify") in response.url:
        raise BenchmarkFailure(f"login as {user.username}: the two-factor code was refused")
    response = client.get(reverse("start"))
    if response.status_code != 200:
        raise BenchmarkFailure(f"login as {user.username}: the start page answered {response.status_code} "
                               f"({response.get('Location', '')}) after password and code")


def check_page(response, what: str, expect: tuple[str, ...] | str) -> None:
    """Stop the benchmark unless the response is the page: 200 and every expected text in it."""
    if response.status_code != 200:
        where = f" to {response['Location']}" if response.has_header("Location") else ""
        raise BenchmarkFailure(f"{what} answered {response.status_code}{where}, not the page: "
                               "the benchmark stops rather than measure it")
    body = b"".join(response) if getattr(response, "streaming", False) else response.content
    for text in (expect,) if isinstance(expect, str) else expect:
        if text.encode() not in body:
            raise BenchmarkFailure(f"{what} answered 200 but without {text!r}: the benchmark stops")


def measure(client, method: str, url: str, repeat: int, *, expect: tuple[str, ...] | str, data=None) -> dict:
    """Median server time (ms) and the largest query count of `repeat` requests, each checked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, data) if method == "POST" else client.get(url)
            elapsed = time.perf_counter() - start
        check_page(response, f"{method} {url}", expect)
        times.append(elapsed * 1000)
        queries.append(len(captured))
    return {"median_ms": round(statistics.median(times), 1), "queries": max(queries)}
