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

from boligvei.core.models import User
from boligvei.core.roles import Role
from boligvei.demo.services import DEMO_STAFF, demo_load
from tests.conftest import _client_for
from tests.security import crawl

TODAY = dt.date(2025, 11, 5)
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


@dataclass
class World:
    clients: dict  # "caseworker", "administrator", "anonymous"
    pages: dict  # user -> {url name: [crawl.Page]}
    server_errors: list[str]  # pages that failed during the walk

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


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """Everything is made inside one transaction that is rolled back after the folder's tests,
    so the other tests still start from an empty database."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        demo_load(households=160, dwellings=120, today=TODAY)
        clients = {"caseworker": _client_for(User.objects.get(username=demo_user(Role.CASEWORKER))),
                   "administrator": _client_for(User.objects.get(username=demo_user(Role.ADMINISTRATOR))),
                   "anonymous": Client()}
        errors: list[str] = []
        pages = {"caseworker": crawl.crawl(clients["caseworker"], server_errors=errors)}
        pages["administrator"] = crawl.crawl(clients["administrator"], known=set(pages["caseworker"]),
                                             server_errors=errors)
        # The public pages, and the partners' links that only the administrator's page shows.
        public = [page.url for found in pages["administrator"].values() for page in found if page.name in crawl.PUBLIC]
        pages["anonymous"] = crawl.crawl(clients["anonymous"], start=public, server_errors=errors)
        yield World(clients=clients, pages=pages, server_errors=errors)
        transaction.set_rollback(True)
