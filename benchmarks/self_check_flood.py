"""Benchmark: a caseworker's page while anonymous clients flood the public self-check.

Starts gunicorn (3 workers, as the README's production line) on loopback over a SQLite copy of
a small demo municipality, measures the household list as a logged-in caseworker (median of
`--repeat` requests), then again while `--clients` anonymous connections post the self-check
as fast as they can from one address: once with the throttle as shipped (`SELF_CHECK_RATE`,
120 an hour per address) and once with it raised out of reach, as before the throttle.

    .venv/bin/python -m benchmarks.self_check_flood --clients 100 --seconds 20

Wall-clock figures on a shared machine vary with its load: compare the ratios within one run.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def _environment(data_dir: Path, rate: str) -> dict:
    return {**os.environ, "BOLIGVEI_DATA_DIR": str(data_dir), "DEBUG": "false", "BOLIGVEI_TESTING": "true",
            "SECRET_KEY": "benchmark-only-secret-key-that-is-long-enough-0123456789",
            "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": "true", "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "STATIC_MANIFEST": "false",
            "SELF_CHECK_RATE": rate, "DJANGO_SETTINGS_MODULE": "boligvei.settings"}


def _prepare(data_dir: Path) -> str:
    """Migrate, load the demo and log the caseworker in (password and second factor): the
    session key."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0); call_command('createcachetable')\n"
        "call_command('demo', reset=True, households=300, dwellings=200, verbosity=0)\n"
        "from django.test import Client\n"
        "from django_otp import DEVICE_ID_SESSION_KEY\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from boligvei.core.models import User\n"
        "user = User.objects.get(username='saksbehandler')\n"
        "device = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={'name': 'bench'})[0]\n"
        "client = Client(); client.force_login(user)\n"
        "session = client.session; session[DEVICE_ID_SESSION_KEY] = device.persistent_id; session.save()\n"
        "print(session.session_key)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=_environment(data_dir, "120/h"), capture_output=True,
                            text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def _server(data_dir: Path, rate: str) -> subprocess.Popen:
    try:
        urllib.request.urlopen(f"{BASE}/", timeout=2)
        raise SystemExit(f"something already answers on port {PORT}")
    except urllib.error.HTTPError:
        raise SystemExit(f"something already answers on port {PORT}") from None
    except OSError:
        pass
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "boligvei.wsgi", "--bind",
                               f"127.0.0.1:{PORT}", "--workers", "3"], env=_environment(data_dir, rate),
                              stdout=subprocess.DEVNULL, stderr=(data_dir / "gunicorn.log").open("ab"))
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/selvsjekk/", timeout=10)
            return server
        except OSError:  # not listening yet, or the workers still starting
            time.sleep(1)
    server.terminate()
    server.wait(timeout=30)
    raise SystemExit("gunicorn did not start")


def _caseworker_times(session_key: str, repeat: int) -> list[float]:
    request = urllib.request.Request(f"{BASE}/husstander/", headers={"Cookie": f"sessionid={session_key}"})
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            if response.status != 200 or "/logg-inn/" in response.url:
                raise SystemExit(f"the caseworker's page answered {response.status} at {response.url}")
        times.append((time.perf_counter() - start) * 1000)
    return times


def _flooder(stop: threading.Event, answers: dict, lock: threading.Lock) -> None:
    """One anonymous connection posting the self-check again and again (with its CSRF cookie)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{BASE}/selvsjekk/", timeout=120).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "adults": "2", "children_ages": "4, 9", "net_income_monthly": "52000",
        "debt_payments_monthly": "1500", "equity": "100000", "price": "2500000",
        "common_costs_monthly": "2500"}).encode()
    while not stop.is_set():
        try:
            status = opener.open(urllib.request.Request(f"{BASE}/selvsjekk/", data=body, headers={
                "Referer": f"{BASE}/selvsjekk/"}), timeout=120).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = "error"
        with lock:
            answers[status] = answers.get(status, 0) + 1


def _run(data_dir: Path, session_key: str, rate: str, args) -> dict:
    server = _server(data_dir, rate)
    try:
        quiet = statistics.median(_caseworker_times(session_key, args.repeat))
        stop, lock, answers = threading.Event(), threading.Lock(), {}
        threads = [threading.Thread(target=_flooder, args=(stop, answers, lock), daemon=True)
                   for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 4)  # the flood under way
        flooded = statistics.median(_caseworker_times(session_key, args.repeat))
        time.sleep(args.seconds * 3 / 4)
        stop.set()
        for thread in threads:
            thread.join(timeout=130)
        return {"quiet_ms": quiet, "flooded_ms": flooded, "answers": answers}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        session_key = _prepare(data_dir)
        for label, rate in (("throttled (120/h per address)", "120/h"), ("not throttled", "100000000/h")):
            try:
                result = _run(data_dir, session_key, rate, args)
            except Exception:
                print((data_dir / "gunicorn.log").read_text(errors="replace")[-3000:], file=sys.stderr)
                raise
            print(f"{label}: household list {result['quiet_ms']:.0f} ms quiet, {result['flooded_ms']:.0f} ms "
                  f"during the flood ({result['flooded_ms'] / result['quiet_ms']:.1f} x); self-check answers "
                  f"by status: {dict(sorted(result['answers'].items(), key=str))}")
            sys.stdout.flush()
            # The rate limits count in the database cache: empty it for the next run.
            subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                            "from django.core.cache import cache; cache.clear()"],
                           env=_environment(data_dir, rate), check=True)


if __name__ == "__main__":
    main()
