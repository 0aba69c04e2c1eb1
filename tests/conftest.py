"""Shared fixtures: one user per kind of access, as healthchecks' alice, bob and charlie.

- alice: caseworker — may read and change the register.
- bob: programme leader — may read, not change.
- charlie: statistics — aggregates only, no personal data.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boligvei.core.models import Team, User
from boligvei.core.roles import Role


def make_user(username: str, role: str, team: Team | None = None) -> User:
    user = User.objects.create_user(username=username, password="password-for-tests", role=role, team=team,
                                    first_name=username.capitalize(), last_name="Testesen")
    return user


@pytest.fixture
def team(db):
    return Team.objects.create(name="Boligkontoret")


@pytest.fixture
def alice(team):
    return make_user("alice", Role.CASEWORKER, team)


@pytest.fixture
def bob(team):
    return make_user("bob", Role.PROGRAMME_LEADER, team)


@pytest.fixture
def charlie(team):
    return make_user("charlie", Role.STATISTICS, team)


def _client_for(user) -> Client:
    """A client of its own per user, so one test can act as several people."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def charlie_client(charlie):
    return _client_for(charlie)


def count_queries(client, url: str) -> int:
    """The number of queries a page costs (and that it answers 200)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
