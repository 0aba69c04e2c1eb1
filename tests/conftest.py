"""Shared fixtures: one user per kind of access, as healthchecks' alice, bob and charlie.

- alice: caseworker — may read and change the register.
- bob: programme leader — may read, not change.
- charlie: statistics — aggregates only, no personal data.
"""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from boligvei.core.models import Team, User
from boligvei.core.roles import Role


# Tests hash their passwords fast; the product keeps Django's default hasher (PBKDF2).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def make_user(username: str, role: str, team: Team | None = None) -> User:
    user = User.objects.create_user(username=username, password="password-for-tests", role=role, team=team,
                                    first_name=username.capitalize(), last_name="Testesen")
    return user


@pytest.fixture
def team(db):
    # get_or_create: a household a test makes before its users already made the team
    # (tests/people/factories.py), as every household belongs to a team from creation.
    return Team.objects.get_or_create(name="Boligkontoret")[0]


@pytest.fixture
def alice(team):
    return make_user("alice", Role.CASEWORKER, team)


@pytest.fixture
def bob(team):
    return make_user("bob", Role.PROGRAMME_LEADER, team)


@pytest.fixture
def charlie(team):
    return make_user("charlie", Role.STATISTICS, team)


def two_factor_device(user) -> TOTPDevice:
    """The user's authenticator app (one per user, made on first use)."""
    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "Testtelefon"})[0]


def totp_code(device: TOTPDevice, *, unused: bool = True) -> str:
    """The code the authenticator app shows now. With `unused`, the next one when now's was used
    already (django-otp refuses a code twice and accepts the next step's)."""
    device.refresh_from_db()
    step = (int(time.time()) - device.t0) // device.step + device.drift
    if unused:
        step = max(step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def log_in(client, user) -> None:
    """Log the user in with password and second factor: the session holds the verified device,
    as django_otp.login leaves it after a right code (tests/core/test_two_factor.py tests the page)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = two_factor_device(user).persistent_id
    session.save()


def _client_for(user) -> Client:
    """A client of its own per user, so one test can act as several people."""
    client = Client()
    log_in(client, user)
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
