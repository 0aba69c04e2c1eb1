"""Lockout (django-axes): a username at one address is locked after repeated wrong passwords or
two-factor codes, shown on the login page, and lifted after the cool-off or by a reset."""

import datetime as dt
import logging

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from boligvei.core.mfa import two_factor_reset
from tests.conftest import totp_code, two_factor_device

LOGIN = reverse("login")
VERIFY = reverse("core:two_factor_verify")
HOUSEHOLDS = reverse("people:household_list")
LIMIT = settings.AXES_FAILURE_LIMIT
NOON = dt.datetime(2026, 3, 2, 11, 0, 10, tzinfo=dt.UTC)
LOCKED = "For mange mislykkede innloggingsforsøk"


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def log_in_with(client, password: str):
    return client.post(LOGIN, {"username": "alice", "password": password})


def lock_out(client) -> list:
    return [log_in_with(client, "wrong-password").status_code for _ in range(LIMIT)]


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert (LIMIT, settings.AXES_COOLOFF_TIME) == (5, dt.timedelta(minutes=15))


def test_wrong_passwords_lock_the_username_at_that_address_with_a_message(alice, clock):
    client = Client()
    assert lock_out(client) == [200] * (LIMIT - 1) + [429]
    response = log_in_with(client, "password-for-tests")  # the right password changes nothing now
    page = response.content.decode()
    assert response.status_code == 429 and LOCKED in page and "sperret i 15 minutter" in page
    assert '<form method="post" action="/logg-inn/"' in page  # the login page, not a bare 403
    assert "_auth_user_id" not in client.session
    # Another address, or another username at this address, is not locked.
    assert Client(REMOTE_ADDR="10.0.0.7").post(
        LOGIN, {"username": "alice", "password": "password-for-tests"}).status_code == 302


def test_the_lock_lifts_after_the_cool_off(alice, clock):
    client = Client()
    lock_out(client)
    clock.shift(dt.timedelta(minutes=14))
    assert log_in_with(client, "password-for-tests").status_code == 429  # and the failure restarts the wait
    clock.shift(dt.timedelta(minutes=16))
    assert log_in_with(client, "password-for-tests").status_code == 302


def test_a_right_password_clears_earlier_failures(alice, clock):
    client = Client()
    for _ in range(LIMIT - 1):
        log_in_with(client, "wrong-password")
    assert log_in_with(client, "password-for-tests").status_code == 302
    client.post(reverse("logout"))
    assert lock_out(client)[-1] == 429  # counting starts again from zero


def test_wrong_codes_lock_the_two_factor_step(alice, clock):
    device = two_factor_device(alice)
    client = Client()
    assert log_in_with(client, "password-for-tests").status_code == 302
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    statuses = []
    for attempt in range(LIMIT):
        clock.shift(2 ** attempt)  # past django-otp's growing wait between codes
        statuses.append(client.post(VERIFY, {"code": wrong}).status_code)
    assert statuses == [200] * (LIMIT - 1) + [429]
    # Logged out, and the password step is locked too.
    assert client.get(HOUSEHOLDS).url.startswith(LOGIN)
    response = log_in_with(client, "password-for-tests")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_a_locked_user_still_logged_in_gets_no_further_at_the_code_step(alice, clock):
    device = two_factor_device(alice)
    client = Client()
    log_in_with(client, "password-for-tests")
    lock_out(Client())  # someone else, at the same address, guessing the password
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert client.get(HOUSEHOLDS).url.startswith(LOGIN)


def test_an_administrators_reset_lifts_the_lock(alice, clock):
    client = Client()
    lock_out(client)
    two_factor_reset(actor=None, user=alice, reason="Ringte brukerstøtte")
    assert log_in_with(client, "password-for-tests").status_code == 302


def test_the_lockout_log_names_neither_the_user_nor_the_address(alice, clock, caplog):
    caplog.set_level(logging.DEBUG, logger="axes")
    lock_out(Client(REMOTE_ADDR="192.0.2.44"))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in text
    assert "alice" not in text and "192.0.2.44" not in text


def test_a_lockout_leaves_a_session_that_gave_its_code_alone(alice, alice_client, clock):
    lock_out(Client())
    assert alice_client.get(HOUSEHOLDS).status_code == 200


def _behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXIES = ["10.20.0.0/24"]


def _through_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR="10.20.0.5", HTTP_X_FORWARDED_FOR=client_address)


def test_behind_the_proxy_a_stranger_cannot_lock_a_caseworker_out(alice, clock, settings):
    _behind_proxy(settings)
    assert lock_out(_through_proxy("198.51.100.66"))[-1] == 429
    assert log_in_with(_through_proxy("198.51.100.7"), "password-for-tests").status_code == 302


def test_behind_the_proxy_the_guesser_is_locked_whatever_address_he_writes_himself(alice, clock, settings):
    _behind_proxy(settings)
    statuses = [log_in_with(_through_proxy(f"203.0.113.{n}, 198.51.100.66"), "wrong-password").status_code
                for n in range(LIMIT)]
    assert statuses[-1] == 429


def test_the_lockout_table_keeps_no_username_as_typed(alice, clock):
    """People type their identity number as the username: the table keeps a keyed hash of it."""
    from django.db import connection

    typed = "01018012345"
    for _ in range(LIMIT):
        Client().post(LOGIN, {"username": typed, "password": "wrong-password"})
    lock_out(Client())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM axes_accessattempt")
        rows = cursor.fetchall()
    assert len(rows) == 2
    text = repr(rows)
    assert typed not in text and "alice" not in text
    # The hash still locks: the same name typed again is refused.
    assert Client().post(LOGIN, {"username": typed, "password": "x"}).status_code == 429


def test_the_migration_hashes_the_usernames_already_in_the_table(db):
    import importlib

    from axes.models import AccessAttempt
    from django.apps import apps

    from boligvei.core.client_address import lockout_key

    AccessAttempt.objects.create(username="01018012345", ip_address="192.0.2.1", user_agent="", http_accept="",
                                 path_info="/logg-inn/", get_data="", post_data="", failures_since_start=3)
    AccessAttempt.objects.create(username=lockout_key("alice"), ip_address="192.0.2.1", user_agent="",
                                 http_accept="", path_info="/logg-inn/", get_data="", post_data="",
                                 failures_since_start=1)
    migration = importlib.import_module("boligvei.core.migrations.0003_hash_lockout_usernames")
    migration.hash_usernames(apps, None)
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == sorted(
        [lockout_key("01018012345"), lockout_key("alice")])
