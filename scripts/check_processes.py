"""Several processes, one database: a scripted check on loopback (docs/operations.md, "Scaling").

    .venv/bin/python scripts/check_processes.py [--admin-url postgres://postgres@127.0.0.1:5432] [--name boligvei_ops_processes]

It sets up PostgreSQL as the production guide says (an owner role that migrates, an application
role made by `boligvei db_app_role` that the processes run as), loads a small demo municipality,
starts two gunicorn instances and two `boligvei db_worker` processes on 127.0.0.1, and checks:

1. a letter batch queued twice, so both workers run it at once, makes each letter exactly once;
2. a session made by logging in (password and code) on one web process is valid on the other;
3. the public form's rate limit counts submissions across both web processes (the shared cache);
4. `/helse/klar/` answers 200 on both, and `/helse/arbeider/` once the queue is empty;
5. `boligvei backup` runs as the application's role beside them.

Every wait is bounded; the processes it started are stopped and the database and roles dropped,
also when a check fails. Exit status 0 when every check passed. CI runs it (.ci/run).
"""

import argparse
import base64
import hmac
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DEMO_PASSWORD = "leie-til-eie-demo"
DEMO_TOTP_SECRET = "BOLIGVEIDEMOTOTPFJORDVIKKOMMUNE2"
RATE = 3  # submissions per hour per address, for the check

MAKE_BATCH = """
BATCH = 30
import json
from boligvei.core.models import User
from boligvei.outreach.models import Campaign, Letter
from boligvei.outreach.selection import Criteria
from boligvei.people.models import Household
from boligvei.outreach.services import campaign_create
from boligvei.outreach.tasks import generate_campaign_letters
from django.db import transaction
from django.utils import timezone

contact = User.objects.get(username="saksbehandler")
with transaction.atomic():  # queues the batch once when it commits
    campaign = campaign_create(actor=contact, name="Flerprosess-sjekk", contact=contact, criteria=Criteria(quarantine_days=0),
                               letter_date=timezone.localdate())
    # A batch big enough for both workers to be at it at once: the first letter's text again to
    # other (synthetic) households.
    first = Letter.objects.filter(campaign=campaign).first()
    for household in Household.objects.exclude(letters__campaign=campaign)[:BATCH]:
        first.pk, first.household = None, household
        first.save(force_insert=True)
    Campaign.objects.filter(pk=campaign.pk).update(letters_total=Letter.objects.filter(campaign=campaign).count())
generate_campaign_letters.enqueue(campaign.pk)  # and a second time: both workers take one
print(json.dumps({"campaign": campaign.pk, "letters": Letter.objects.filter(campaign=campaign).count()}))
"""

BATCH_STATE = """
import json
from boligvei.core.models import AuditEvent
from boligvei.outreach.models import Letter
from django_tasks_db.models import DBTaskResult

campaign = {campaign}
events = AuditEvent.objects.filter(action="letter.generate")
per_letter = list(events.filter(object_type="letter", changes__campaign=campaign).values_list("object_id", flat=True))
tasks = list(DBTaskResult.objects.filter(task_path__endswith="generate_campaign_letters", args_kwargs__args=[campaign]))
print(json.dumps({{
    "pending": Letter.objects.filter(campaign_id=campaign, status="pending").count(),
    "letters": Letter.objects.filter(campaign_id=campaign).count(),
    "tasks": [{{"status": t.status, "made": t.return_value, "workers": t.worker_ids}} for t in tasks],
    # One audit row per letter made (or, in releases before it, one per run with the count).
    "audited": len(per_letter) + sum(e.changes.get("letters", 0) for e in events.filter(object_type="campaign",
                                                                                    object_id=str(campaign))),
    "audited_twice": len(per_letter) - len(set(per_letter)),
}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def totp(secret: str) -> str:
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, "sha1").digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Check:
    def __init__(self, admin_url: str, name: str):
        self.admin_url, self.name = admin_url.rstrip("/"), name
        self.owner, self.app = f"{name}_owner", f"{name}_app"
        self.processes: list[subprocess.Popen] = []
        self.logs = Path(f"/tmp/{name}-logs")
        self.logs.mkdir(exist_ok=True)
        self.base_env = {
            **os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "IDENTITY_HASH_KEY": secrets.token_urlsafe(32), "ALLOWED_HOSTS": "127.0.0.1",
            "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": "true", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
            "STATIC_ROOT": f"/tmp/{name}-static", "PUBLIC_FORM_RATE": f"{RATE}/h", "DATABASE_CONN_MAX_AGE": "0",
        }
        self.base_env.pop("BOLIGVEI_TESTING", None)
        self.base_env.pop("DATABASE_URL", None)

    def url(self, role: str) -> str:
        host = self.admin_url.split("://", 1)[1].split("@", 1)[1]
        return f"postgres://{role}@{host}/{self.name}"

    def psql(self, *sql: str) -> None:
        args = [a for statement in sql for a in ("-c", statement)]
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{self.admin_url}/postgres", *args], check=True,
                       capture_output=True)

    def shell(self, code: str) -> dict:
        """Run Python in `boligvei shell` as the application's role; its last line of output is JSON."""
        return json.loads(self.boligvei(self.app, "shell", "-v0", "-c", code).strip().splitlines()[-1])

    def boligvei(self, role: str, *args: str, timeout: int = 600) -> str:
        result = subprocess.run([str(BIN / "boligvei"), *args], env={**self.base_env, "DATABASE_URL": self.url(role)},
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode:
            raise SystemExit(f"boligvei {args[0]} failed: {result.stderr.strip().splitlines()[-1:]}")
        return result.stdout

    def start(self, label: str, *command: str) -> None:
        log = open(self.logs / f"{label}.log", "w")
        self.processes.append(subprocess.Popen(command, env={**self.base_env, "DATABASE_URL": self.url(self.app)},
                                               stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))

    # -- the set-up the production guide describes ------------------------------------------
    def set_up(self) -> None:
        self.tear_down_database()
        self.psql(f"CREATE ROLE {self.owner} LOGIN", f"CREATE ROLE {self.app} LOGIN",
                  f"CREATE DATABASE {self.name} OWNER {self.owner}")
        self.boligvei(self.owner, "migrate", "--no-input", "-v0")
        self.boligvei(self.owner, "createcachetable")
        self.boligvei(self.owner, "collectstatic", "--no-input", "-v0")
        print(self.boligvei(self.owner, "db_app_role", self.app).strip())
        self.boligvei(self.app, "demo", "--households", "30", "--dwellings", "30", "--seed", "3")

    def tear_down_database(self) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        self.psql(f"DROP ROLE IF EXISTS {self.app}", f"DROP ROLE IF EXISTS {self.owner}")

    def start_processes(self) -> list[str]:
        webs = []
        for n in (1, 2):
            port = free_port()
            self.start(f"web{n}", str(BIN / "gunicorn"), "boligvei.wsgi:application", "--bind", f"127.0.0.1:{port}",
                       "--workers", "1", "--timeout", "120")
            webs.append(f"http://127.0.0.1:{port}")
        for n in (1, 2):
            self.start(f"worker{n}", str(BIN / "boligvei"), "db_worker", "--no-reload", "--interval", "0.5",
                       "--worker-id", f"worker{n}")
        for web in webs:
            self.wait(lambda web=web: self.get(urllib.request.build_opener(), web + "/helse/")[0] == 200,
                      f"{web} did not start", seconds=90)
        return webs

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def wait(condition, failure: str, *, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.5)
        raise SystemExit(f"FAILED: {failure} within {seconds:.0f} s")

    @staticmethod
    def get(opener, url: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    @staticmethod
    def csrf(page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    # -- the checks ------------------------------------------------------------------------
    def check_letters(self) -> None:
        batch = self.shell(MAKE_BATCH)
        state = {}

        def finished() -> bool:
            nonlocal state
            state = self.shell(BATCH_STATE.format(campaign=batch["campaign"]))
            return len(state["tasks"]) == 2 and all(t["status"] == "SUCCESSFUL" for t in state["tasks"])

        self.wait(finished, "the two letter tasks did not finish", seconds=600)
        made = [t["made"] for t in state["tasks"]]
        workers = sorted({w for t in state["tasks"] for w in t["workers"]})
        print(f"letters: {batch['letters']} in the batch, made per task {made}, workers {workers}, "
              f"pending {state['pending']}, audited {state['audited']}")
        assert batch["letters"] > 1, "the demo gave no batch to make"
        assert state["pending"] == 0 and sum(made) == batch["letters"] == state["audited"], \
            "each letter must be made exactly once"
        assert state["audited_twice"] == 0, "each letter must be audited once"

    def check_sessions(self, webs: list[str]) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _, _, page = self.get(opener, webs[0] + "/logg-inn/")
        status, url, page = self.get(opener, webs[0] + "/logg-inn/", {
            "csrfmiddlewaretoken": self.csrf(page), "username": "programleder", "password": DEMO_PASSWORD})
        assert status == 200 and "/logg-inn/totp/" in url, f"login did not ask for the code ({status} {url})"
        status, url, _ = self.get(opener, url, {"csrfmiddlewaretoken": self.csrf(page), "code": totp(DEMO_TOTP_SECRET)})
        status, url, page = self.get(opener, webs[1] + "/husstander/")
        assert status == 200 and "/logg-inn/" not in url, f"the session from web 1 is not valid on web 2 ({url})"
        print("sessions: logged in on web 1, the household list opens on web 2")

    def check_rate_limit(self, webs: list[str]) -> None:
        statuses = []
        for n in range(RATE + 2):
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            web = webs[n % 2]
            _, _, page = self.get(opener, web + "/interesse/")
            status, _, _ = self.get(opener, web + "/interesse/", {
                "csrfmiddlewaretoken": self.csrf(page), "name": f"Test Testesen {n}", "phone": f"9000000{n}",
                "channel": "letter", "consent": "on"})
            statuses.append(status)
        print(f"rate limit ({RATE}/h), alternating web 1 and 2: {statuses}")
        assert statuses[:RATE] == [200] * RATE and set(statuses[RATE:]) == {429}, \
            "the limit must count across both web processes"

    def check_health(self, webs: list[str]) -> None:
        opener = urllib.request.build_opener()
        for web in webs:
            status, _, body = self.get(opener, web + "/helse/klar/")
            assert status == 200 and json.loads(body)["ready"], f"{web} is not ready: {body}"
            assert self.get(opener, web + "/helse/arbeider/")[0] == 200
        print("health: /helse/klar/ and /helse/arbeider/ answer 200 on both web processes")

    def check_backup(self) -> None:
        """The nightly backup runs as the application's role while the processes work."""
        path = self.logs / "nightly.backup"
        print("backup as the application's role: " + self.boligvei(self.app, "backup", str(path)).splitlines()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432",
                        help="A PostgreSQL superuser on loopback (creates the roles and the database).")
    parser.add_argument("--name", default="boligvei_ops_processes", help="The database's name (roles: NAME_owner, NAME_app).")
    args = parser.parse_args()
    if "@127.0.0.1" not in args.admin_url and "@localhost" not in args.admin_url:
        raise SystemExit("This check runs on loopback only (127.0.0.1).")
    check = Check(args.admin_url, args.name)
    print(f"The processes' logs: {check.logs}")
    started = time.monotonic()
    try:
        check.set_up()
        webs = check.start_processes()
        check.check_letters()
        check.check_sessions(webs)
        check.check_rate_limit(webs)
        check.check_health(webs)
        check.check_backup()
    finally:
        check.stop()
        check.tear_down_database()
        shutil.rmtree(check.base_env["STATIC_ROOT"], ignore_errors=True)
    print(f"All checks passed in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as exc:
        sys.exit(f"FAILED: {exc}")
