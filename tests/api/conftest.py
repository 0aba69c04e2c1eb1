"""The API's tests: keys for two systems (every team, and one team), a register in two teams."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from boligvei.api.scopes import SCOPES
from boligvei.api.services import api_token_create
from boligvei.core.models import Team
from boligvei.core.roles import Role
from boligvei.cases.services import case_open
from tests.conftest import make_user
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import household_with_main_person


@pytest.fixture
def administrator(team):
    return make_user("admin", Role.ADMINISTRATOR, team)


@pytest.fixture
def other_team(db):
    return Team.objects.create(name="Bydel Nord")


def make_key(administrator, *, scopes=tuple(SCOPES), team=None, days=30, system="Boligforvaltning"):
    """A key and its secret: every scope and every team unless told."""
    return api_token_create(actor=administrator, system=system, scopes=list(scopes), all_teams=team is None,
                            team=team, expires_at=timezone.now() + dt.timedelta(days=days))


class ApiClient:
    """Django's test client with the key in the Authorization header."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, body):
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", headers=self.headers)


@pytest.fixture
def register(team, other_team, administrator):
    """Two households with a tenancy and a case in each team, and one waiting in each."""
    world = {}
    for side, t, surname in (("own", team, "Aasheim"), ("other", other_team, "Bergersvik")):
        household = household_with_main_person(first_name="Kari", last_name=surname)
        household.team = t
        household.save()
        tenancy = TenancyFactory(household=household)
        waiting = household_with_main_person(first_name="Ola", last_name=f"{surname}-Venter")
        waiting.team = t
        waiting.save()
        entry = WaitingListEntryFactory(household=waiting)
        caseworker = make_user(f"cw_{side}", Role.CASEWORKER, t)
        case = case_open(actor=caseworker, household=household, status="conversation_held")
        world[side] = {"household": household, "tenancy": tenancy, "waiting": waiting, "entry": entry,
                       "case": case, "dwelling": tenancy.dwelling}
    world["vacant"] = DwellingFactory(street_address="Ledig vei 2")
    return world


class FuzzCounts:
    """What the schemathesis run sent and how often the server failed (printed at the end)."""

    def __init__(self):
        self.requests = 0
        self.server_errors: list[str] = []
        self.by_status: dict[int, int] = {}

    def add(self, status: int, what: str) -> None:
        self.requests += 1
        self.by_status[status] = self.by_status.get(status, 0) + 1
        if status >= 500:
            self.server_errors.append(f"{status} {what}")


FUZZ = FuzzCounts()


def pytest_terminal_summary(terminalreporter):
    if not FUZZ.requests:
        return
    terminalreporter.section("API fuzzing (schemathesis)")
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(FUZZ.by_status.items()))
    terminalreporter.write_line(f"API requests sent: {FUZZ.requests} ({statuses})")
    terminalreporter.write_line(f"server errors found: {len(FUZZ.server_errors)}")
    for error in FUZZ.server_errors:
        terminalreporter.write_line(f"  {error}")
