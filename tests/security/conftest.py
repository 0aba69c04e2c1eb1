"""The security tests' world: the demo municipality, its caseworker and administrator (the demo's
cases, meetings and tasks are theirs, so the walk reaches the most), and every page and form they
and an anonymous visitor can reach, found once for the whole folder and rolled back at its end.

The fuzz tests count the requests they send and the server errors they meet; the counts are
printed at the end of the run (`FUZZ_EXAMPLES` sets how many examples each form gets).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from boligvei.core.models import Team, User
from boligvei.core.roles import Role
from boligvei.demo.services import DEMO_STAFF, demo_load
from tests.conftest import _client_for, make_user, two_factor_device
from tests.security import crawl, states

TODAY = dt.date(2025, 11, 5)
# Pages the caseworker reached whose administrator's version links further (privacy pages).
ADMINISTRATOR_WALKS_AGAIN = {"people:household_detail", "people:household_list"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class FuzzCounts:
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.cases += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


COUNTS = FuzzCounts()


def pytest_terminal_summary(terminalreporter):
    if not COUNTS.cases:
        return
    terminalreporter.section("fuzzing")
    kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(COUNTS.by_kind.items()))
    terminalreporter.write_line(f"fuzz cases run: {COUNTS.cases} ({kinds}); FUZZ_EXAMPLES="
                                f"{os.environ.get('FUZZ_EXAMPLES', 'default')}")
    terminalreporter.write_line(f"server errors found: {len(COUNTS.server_errors)}")
    for error in COUNTS.server_errors:
        terminalreporter.write_line(f"  {error}")


def demo_user(role: str) -> str:
    """The demo's first user with the role (in the main team)."""
    return next(username for username, user_role, *_ in DEMO_STAFF if user_role == role)


# The walkers, least privileged first: a page is fuzzed as the first who reached it. The two
# half-logged-in users (password given; the code, or an app set up, still to come) reach the
# two-factor pages, which send everyone else on.
USERS = ["anonymous", "two_factor_verify", "two_factor_enrol", "caseworker", "administrator"]


@dataclass
class World:
    clients: dict  # each of USERS
    pages: dict  # user -> {url name: [crawl.Page]}
    server_errors: list[str]  # pages that failed during the walk
    addresses: dict = field(default_factory=dict)  # user -> {url name: [addresses met on the walk]}

    def users_for(self, name: str) -> list[str]:
        """Who reached the page (HTML) or its address on the walk, least privileged first."""
        reached = [user for user in USERS if self.pages[user].get(name)]
        return reached or [user for user in USERS if self.addresses[user].get(name)]

    def forms(self, user: str) -> dict[str, list[crawl.Form]]:
        """The POST forms the user's pages hold, by the URL name they post to (one per page and action)."""
        found: dict[str, list[crawl.Form]] = {}
        for pages in self.pages[user].values():
            for page in pages:
                for form in page.forms:
                    name = crawl.url_name(form.action)
                    if form.method == "post" and name and not any(
                            f.action == form.action and f.fields.keys() == form.fields.keys()
                            for f in found.get(name, [])):
                        found.setdefault(name, []).append(form)
        return found


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every login attempt hashes a password; the fuzzing is not about the hasher."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


def _import_world(client) -> list[str]:
    """One import committed (the history, its page and its rollback) and one waiting at its dry
    run (the columns page, the dry run and the commit button): where the walk starts in imports."""
    client.post(reverse("imports:commit", args=[states.waiting_upload(client, "FUZZ1", "Fuzzveien 1")]))
    waiting = states.waiting_upload(client, "FUZZ2", "Fuzzveien 2")
    return [reverse("imports:mapping", args=[waiting]), reverse("imports:dry_run", args=[waiting])]


def _half_logged_in(username: str, role: str, *, device: bool) -> Client:
    """A user who gave the password, not yet the code (or has no app set up yet)."""
    user = make_user(username, role, Team.objects.first())
    if device:
        two_factor_device(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everything is made inside one transaction that is rolled back after the folder's tests,
    so the other tests still start from an empty database."""
    uploads = tmp_path_factory.mktemp("opplastinger")
    with (django_db_blocker.unblock(), transaction.atomic(),
          override_settings(PASSWORD_HASHERS=FAST_HASHERS, IMPORT_UPLOAD_DIR=uploads,
                            # SvarUt's buttons on the pages, for the walk (the send job is never run)
                            SVARUT_ENABLED=True)):
        demo_load(households=160, dwellings=120, today=TODAY)
        clients = {"caseworker": _client_for(User.objects.get(username=demo_user(Role.CASEWORKER))),
                   "administrator": _client_for(User.objects.get(username=demo_user(Role.ADMINISTRATOR))),
                   "anonymous": Client(),
                   "two_factor_verify": _half_logged_in("fuzz_kode", Role.CASEWORKER, device=True),
                   "two_factor_enrol": _half_logged_in("fuzz_ny_app", Role.CASEWORKER, device=False)}
        starts = states.walk_starts(caseworker=User.objects.get(username=demo_user(Role.CASEWORKER)),
                                    administrator=User.objects.get(username=demo_user(Role.ADMINISTRATOR)))
        errors: list[str] = []
        addresses = {user: {} for user in USERS}
        pages = {"caseworker": crawl.crawl(clients["caseworker"], start=starts["caseworker"], server_errors=errors,
                                           addresses=addresses["caseworker"])}
        # The administrator walks the household pages again: what an administrator may do there
        # (the access report, the export, erasure) is linked from them.
        pages["administrator"] = crawl.crawl(
            clients["administrator"], known=set(pages["caseworker"]) - ADMINISTRATOR_WALKS_AGAIN,
            start=[*starts["administrator"], *_import_world(clients["administrator"])], server_errors=errors, addresses=addresses["administrator"])
        # The public pages, and the partners' links that only the administrator's page shows.
        public = [page.url for found in pages["administrator"].values() for page in found if page.name in crawl.PUBLIC]
        pages["anonymous"] = crawl.crawl(clients["anonymous"], start=[*public, *starts["anonymous"]], server_errors=errors,
                                         addresses=addresses["anonymous"])
        for user, page in (("two_factor_verify", "core:two_factor_verify"), ("two_factor_enrol", "core:two_factor_enrol")):
            pages[user] = crawl.crawl(clients[user], start=[reverse(page)], from_urlconf=False,
                                      server_errors=errors, addresses=addresses[user])
        yield World(clients=clients, pages=pages, server_errors=errors, addresses=addresses)
        transaction.set_rollback(True)
